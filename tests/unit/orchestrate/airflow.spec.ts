import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cellRegistry } from '../../../src/lib/cells/registry';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import type { Notebook } from '../../../src/lib/notebook/types';
import { exportAirflow } from '../../../src/lib/orchestrate/airflow';
import { hasPython, readDag } from './airflow-read';

function example(name: string): Notebook {
	const parsed = parseNotebook(readFileSync(`static/examples/${name}.descent.json`, 'utf8'), cellRegistry);
	if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.errors)}`);
	return parsed.notebook;
}

/** The notebook's links as [upstream, downstream] pairs, each once. */
function links(notebook: Notebook): string[][] {
	const pairs = new Set<string>();
	for (const cell of notebook.cells) for (const ids of Object.values(cell.inputs)) for (const id of ids) pairs.add(JSON.stringify([id, cell.id]));
	return [...pairs].map((pair) => JSON.parse(pair)).sort();
}

const options = { notebookPath: '/srv/notebooks/sentiment.descent.json', artifacts: '/srv/descent/artifacts' };

describe.skipIf(!hasPython)('exportAirflow', () => {
	it('one BashOperator per cell; task ids and edges are the notebook\'s; Airflow 3 imports', () => {
		const notebook = example('sentiment');
		const read = readDag(exportAirflow(notebook, cellRegistry, options));
		expect(read.imports).toContain('from airflow.sdk import DAG, Param');
		expect(read.imports).toContain('from airflow.providers.standard.operators.bash import BashOperator');
		expect(read.tasks.map((task) => task.arguments.task_id).sort()).toEqual(notebook.cells.map((cell) => cell.id).sort());
		expect(read.tasks.every((task) => task.operator === 'BashOperator')).toBe(true);
		expect(read.edges.sort()).toEqual(links(notebook));
		expect(read.dag).toMatchObject({ dag_id: 'sentiment', description: notebook.title, catchup: false, schedule: null });
		expect(read.params).toEqual({ notebook: options.notebookPath, artifacts: options.artifacts });
	});

	it('each task renders the notebook, the run\'s artifact directory and the cell into its command', () => {
		const read = readDag(exportAirflow(example('sentiment'), cellRegistry, options), 'scheduled__2026-12-01T00:00:00+00:00');
		const split = read.tasks.find((task) => task.arguments.task_id === 'split')!;
		expect(split.env).toMatchObject({ DESCENT_NOTEBOOK: options.notebookPath, DESCENT_ARTIFACTS: `${options.artifacts}/scheduled__2026-12-01T00:00:00+00:00` });
		expect(split.command).toBe('descent run-cell "$DESCENT_NOTEBOOK" --cell split --artifacts "$DESCENT_ARTIFACTS"');
		expect(split.arguments).toMatchObject({ append_env: true, retries: 0 });
		// select takes what succeeded upstream: it waits for every train task and needs one success.
		const best = read.tasks.find((task) => task.arguments.task_id === 'best')!;
		expect(best.arguments.trigger_rule).toBe('all_done_min_one_success');
		expect(split.arguments.trigger_rule).toBeUndefined();
	});

	it('retries, retry delay, schedule and tags come from the notebook and the options', () => {
		const notebook = example('sentiment');
		notebook.cells[3]!.retry = { count: 3, delayMs: 90_000 };
		const read = readDag(exportAirflow(notebook, cellRegistry, { ...options, schedule: '0 3 * * *' }));
		const retried = read.tasks.find((task) => task.arguments.task_id === notebook.cells[3]!.id)!;
		expect(retried.arguments.retries).toBe(3);
		expect(retried.arguments.retry_delay).toEqual({ $source: 'timedelta(milliseconds=90000)' });
		expect(read.dag.schedule).toBe('0 3 * * *');
		expect(read.dag.tags).toEqual(expect.arrayContaining(['descent', 'train', 'select']));
	});

	it('titles, ids and paths with quotes, newlines, backslashes and Jinja stay exactly what they are', () => {
		const notebook = example('teaching-2d');
		notebook.title = 'A "quoted"\ntitle \\ with {{ braces }} and \'\'\'';
		notebook.description = '"""docs"""\n\nsecond paragraph';
		const weird = notebook.cells[1]!;
		const renamed = `split {{ run_id }} 'x' "y"` as typeof weird.id;
		for (const cell of notebook.cells) for (const ids of Object.values(cell.inputs)) ids.forEach((id, k) => id === weird.id && (ids[k] = renamed));
		weird.id = renamed;
		weird.title = 'Split\n"train/test"';
		const path = `/srv/my notebooks/it's "$HOME" {{x}}.descent.json`;
		const read = readDag(exportAirflow(notebook, cellRegistry, { notebookPath: path, artifacts: '/a b/$c' }));
		expect(read.dag.description).toBe(notebook.title);
		expect(read.dag.doc_md).toBe(notebook.description);
		expect(read.docstring).toContain(notebook.title);
		expect(read.params.notebook).toBe(path);
		const task = read.tasks.find((item) => item.arguments.task_display_name === weird.title)!;
		// Airflow task ids allow [A-Za-z0-9_.-]; the command still names the cell as it is.
		expect(task.arguments.task_id).toBe('split____run_id_____x___y_');
		expect(task.env!.DESCENT_NOTEBOOK).toBe(path);
		expect(task.env!.DESCENT_ARTIFACTS).toBe('/a b/$c/manual__2026-11-30T20:00:00+00:00');
		expect(task.command).toBe(`descent run-cell "$DESCENT_NOTEBOOK" --cell 'split {{ run_id }} '"'"'x'"'"' "y"' --artifacts "$DESCENT_ARTIFACTS"`);
		expect(read.edges).toContainEqual([notebook.cells[0]!.id, 'split____run_id_____x___y_']);
	});

	it('task ids stay unique when sanitising makes two the same', () => {
		const notebook = example('teaching-2d');
		notebook.cells[3]!.id = 'sgd 1' as never;
		notebook.cells[4]!.id = 'sgd_1' as never;
		notebook.cells[6]!.inputs.models = ['sgd 1', 'sgd_1', 'sgd-01'] as never;
		const read = readDag(exportAirflow(notebook, cellRegistry, options));
		const ids = read.tasks.map((task) => task.arguments.task_id as string);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toEqual(expect.arrayContaining(['sgd_1', 'sgd_1_2']));
		expect(read.edges.filter(([, to]) => to === 'best').map(([from]) => from).sort()).toEqual(['sgd-01', 'sgd_1', 'sgd_1_2']);
	});

	it('data bindings become params, rendered only when set', () => {
		const notebook = example('teaching-2d');
		notebook.cells[0]!.params = { name: 'points', source: 'csv', labelColumn: 'label' };
		const source = exportAirflow(notebook, cellRegistry, options);
		const unset = readDag(source);
		expect(unset.params).toMatchObject({ data_points: '' });
		const task = unset.tasks[0]!;
		expect(task.command).toBe(`descent run-cell "$DESCENT_NOTEBOOK" --cell blobs --artifacts "$DESCENT_ARTIFACTS" \${DESCENT_DATA_1:+--data points="$DESCENT_DATA_1"}`);
		expect(task.env!.DESCENT_DATA_1).toBe('');
		const bound = readDag(source, 'manual__1', { data_points: '/data/points 2.csv' });
		expect(bound.tasks[0]!.env!.DESCENT_DATA_1).toBe('/data/points 2.csv');
	});

	it('with --image, KubernetesPodOperators mount the artifact volume and run the same command', () => {
		const read = readDag(exportAirflow(example('sentiment'), cellRegistry, { ...options, image: 'registry.example/descent:1.2' }));
		expect(read.imports).toContain('from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator');
		expect(read.tasks.every((task) => task.operator === 'KubernetesPodOperator')).toBe(true);
		const split = read.tasks.find((task) => task.arguments.task_id === 'split')!;
		expect(split.arguments).toMatchObject({
			image: { $source: 'IMAGE' },
			cmds: ['/bin/sh', '-c'],
			arguments: ['descent run-cell "$DESCENT_NOTEBOOK" --cell split --artifacts "$DESCENT_ARTIFACTS"'],
			env_vars: { DESCENT_ARTIFACTS: '{{ params.artifacts }}/{{ run_id }}' },
			volume_mounts: { $source: '[ARTIFACT_MOUNT]' }
		});
	});

	it('--shards: a grid cell becomes S shard tasks and a merge that keeps its task id', () => {
		const notebook = example('sentiment-grid');
		const read = readDag(exportAirflow(notebook, cellRegistry, { ...options, shards: 3 }));
		const ids = read.tasks.map((task) => task.arguments.task_id);
		expect(ids).toEqual(['reviews', 'words', 'split', 'grid__shard_1_of_3', 'grid__shard_2_of_3', 'grid__shard_3_of_3', 'grid', 'best', 'evaluate']);
		expect(read.edges).toEqual(
			expect.arrayContaining([
				['split', 'grid__shard_1_of_3'],
				['grid__shard_3_of_3', 'grid'],
				['grid', 'best'],
				['split', 'evaluate']
			])
		);
		expect(read.edges).not.toContainEqual(['split', 'grid']);
		expect(read.tasks[4]!.command).toMatch(/--cell grid --artifacts "\$DESCENT_ARTIFACTS" --shard 2\/3$/);
		expect(read.tasks[6]!.command).toMatch(/--merge 3$/);
	});

	it('refuses a notebook whose links form a cycle', () => {
		const notebook = example('teaching-2d');
		notebook.cells[1]!.inputs.data = [notebook.cells[2]!.id];
		expect(() => exportAirflow(notebook, cellRegistry, options)).toThrow(/cycle/);
	});
});
