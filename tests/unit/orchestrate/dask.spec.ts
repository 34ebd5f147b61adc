import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellRegistry } from '../../../src/lib/cells/registry';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { CellId } from '../../../src/lib/notebook/types';
import { exportDask } from '../../../src/lib/orchestrate/dask';
import { hasPython, PYTHON } from './airflow-read';

const parsed = parseNotebook(readFileSync('static/examples/sentiment-grid.descent.json', 'utf8'), cellRegistry);
if (!parsed.ok) throw new Error('the example does not parse');
const notebook = parsed.notebook;
const directory = mkdtempSync(join(tmpdir(), 'descent-dask-script-'));

/** The script's module-level constants, as Python reads them (without running it). */
function constants(source: string): Record<string, unknown> {
	const reader = 'import ast, json, sys\ntree = ast.parse(sys.stdin.read())\nprint(json.dumps({node.targets[0].id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign) and node.targets[0].id.isupper()}))';
	return JSON.parse(execFileSync(PYTHON, ['-c', reader], { input: source, encoding: 'utf8' }));
}

describe.skipIf(!hasPython)('exportDask', () => {
	it('one task per cell with its upstream tasks and retries, in an order Dask can submit', () => {
		notebook.cells[3]!.retry = { count: 2, delayMs: 1500 };
		const read = constants(exportDask(notebook, cellRegistry, { notebookPath: '/nb "x".json', artifacts: '/srv/art' }));
		expect(read.NOTEBOOK).toBe('/nb "x".json');
		expect(read.ARTIFACTS).toBe('/srv/art');
		const tasks = read.TASKS as { task: string; cell: string; upstream: string[]; retries: number; retry_delay: number; partial: boolean }[];
		expect(tasks.map((task) => task.cell)).toEqual(['reviews', 'words', 'split', 'grid', 'best', 'evaluate']);
		expect(tasks.find((task) => task.cell === 'evaluate')!.upstream).toEqual(['split', 'best']);
		expect(tasks[3]).toMatchObject({ retries: 2, retry_delay: 1.5 });
		// Every task comes after the tasks it waits for.
		tasks.forEach((task, index) => task.upstream.forEach((upstream) => expect(tasks.findIndex((item) => item.task === upstream)).toBeLessThan(index)));
	});

	it('--shards: shard tasks then a merge, which the cells below wait for', () => {
		const read = constants(exportDask(notebook, cellRegistry, { notebookPath: 'n.json', artifacts: 'a', shards: 2 }));
		const tasks = read.TASKS as { task: string; arguments: string[]; upstream: string[] }[];
		expect(tasks.slice(3, 6)).toEqual([
			expect.objectContaining({ task: 'grid__shard_1_of_2', arguments: ['--shard', '1/2'], upstream: ['split'] }),
			expect.objectContaining({ task: 'grid__shard_2_of_2', arguments: ['--shard', '2/2'], upstream: ['split'] }),
			expect.objectContaining({ task: 'grid', arguments: ['--merge', '2'], upstream: ['grid__shard_1_of_2', 'grid__shard_2_of_2'] })
		]);
		expect(tasks.find((task) => task.task === 'best')!.upstream).toEqual(['grid']);
	});

	it('the script refuses bad arguments with exit 2, naming them, before it connects anywhere', () => {
		const script = join(directory, 'run.py');
		const withCsv = structuredClone(notebook);
		withCsv.cells[0]!.params = { name: 'reviews', source: 'csv', labelColumn: 'label' };
		writeFileSync(script, exportDask(withCsv, cellRegistry, { notebookPath: 'n.json', artifacts: 'a' }));
		const run = (...args: string[]) => spawnSync(PYTHON, [script, ...args], { encoding: 'utf8' });
		expect(run().status).toBe(2);
		expect(run().stderr).toContain('the following arguments are required: scheduler');
		const unknown = run('tcp://127.0.0.1:1', '--data', 'movies=x.csv');
		expect(unknown.status).toBe(2);
		expect(unknown.stderr).toContain("the notebook has no dataset cell named 'movies' (it has: reviews)");
		expect(run('tcp://127.0.0.1:1', '--data', 'reviews').stderr).toContain("--data expects NAME=FILE, got 'reviews'");
		expect(run('tcp://127.0.0.1:1', '--timeout', '0').status).toBe(2);
		expect(run('--help').stdout).toContain('--artifacts');
		// An --out it could not write at the end is refused now, before any task (exit 2, not 1 for the scheduler).
		const outFolder = run('tcp://127.0.0.1:9', '--connect-timeout', '1', '--out', directory);
		expect(outFolder.status).toBe(2);
		expect(outFolder.stderr).toContain(`--out ${directory}: is a directory, not a file`);
		writeFileSync(join(directory, 'somefile'), '');
		const underFile = run('tcp://127.0.0.1:9', '--connect-timeout', '1', '--out', join(directory, 'somefile', 'out.json'));
		expect(underFile.status).toBe(2);
		expect(underFile.stderr).toContain(`cannot write: ${join(directory, 'somefile')} is a file, not a folder`);
		const unreachable = run('tcp://127.0.0.1:9', '--connect-timeout', '1');
		expect(unreachable.status).toBe(1);
		expect(unreachable.stderr).toContain('cannot reach the Dask scheduler at tcp://127.0.0.1:9');
	});

	it('a scoring notebook takes its model files with --model, checked as descent run checks them', () => {
		const scoring = structuredClone(notebook);
		scoring.cells = [
			{ ...scoring.cells[0]!, params: { name: 'reviews', source: 'csv', labelColumn: 'label' } },
			{ id: CellId('predict'), kind: 'predict', title: 'Score', params: { modelName: 'reviews', model: 'production', compareWith: 'staging' }, inputs: { data: [scoring.cells[0]!.id] }, retry: { count: 0, delayMs: 0 } }
		];
		const source = exportDask(scoring, cellRegistry, { notebookPath: 'n.json', artifacts: 'a' });
		expect(constants(source)).toMatchObject({ MODELS: ['reviews', 'reviews@staging'], NEEDED_MODELS: ['reviews', 'reviews@staging'] });
		const script = join(directory, 'score.py');
		writeFileSync(script, source);
		const run = (...args: string[]) => spawnSync(PYTHON, [script, ...args], { encoding: 'utf8' });
		const unbound = run('tcp://127.0.0.1:9', '--model', 'reviews=m.json');
		expect(unbound.status).toBe(2);
		expect(unbound.stderr).toContain('the predict cells need their models (a Dask run has no registry): pass --model reviews@staging=FILE.json');
		const unknown = run('tcp://127.0.0.1:9', '--model', 'movies=m.json');
		expect(unknown.status).toBe(2);
		expect(unknown.stderr).toContain("--model movies=...: the notebook has no predict cell of model 'movies', nor a register cell gated on it (it has: reviews)");
		expect(run('tcp://127.0.0.1:9', '--model', 'reviews').stderr).toContain("--model expects NAME=FILE (or NAME@REF=FILE), got 'reviews'");
		// Bound: it goes on to the scheduler (none here).
		const bound = run('tcp://127.0.0.1:9', '--connect-timeout', '1', '--model', 'reviews=m.json', '--model', 'reviews@staging=c.json');
		expect(bound.status).toBe(1);
		expect(bound.stderr).toContain('cannot reach the Dask scheduler');
	});

	it('a descent command that cannot be started is one line naming it and --descent, on a worker and for the summary, not a traceback', () => {
		const script = join(directory, 'missing-command.py');
		writeFileSync(script, exportDask(notebook, cellRegistry, { notebookPath: 'n.json', artifacts: 'a' }));
		// The script's functions, loaded as a module, with a stand-in for distributed's get_worker.
		const probe = [
			'import importlib.util, sys, types',
			"sys.modules['distributed'] = types.SimpleNamespace(get_worker=lambda: types.SimpleNamespace(name='w1'))",
			`spec = importlib.util.spec_from_file_location('run', ${JSON.stringify(script)})`,
			'run = importlib.util.module_from_spec(spec); spec.loader.exec_module(run)',
			"task = {'task': 'split', 'cell': 'split', 'retries': 0, 'retry_delay': 0}",
			'try:',
			"    run.run_cell(task, ['no-such-descent-command', 'run-cell'])",
			'except RuntimeError as error:',
			"    print('worker:', error)",
			'try:',
			"    run.store_summary(types.SimpleNamespace(descent=['no-such-descent-command'], notebook='n.json', artifacts='a'), [])",
			'except SystemExit as error:',
			"    print('summary:', error)"
		].join('\n');
		const out = execFileSync(PYTHON, ['-c', probe], { encoding: 'utf8' });
		expect(out).toContain("worker: cannot run 'no-such-descent-command' on w1: No such file or directory; every worker needs descent on its PATH, or pass --descent");
		expect(out).toContain("summary: descent: cannot run 'no-such-descent-command' here to read the summary: No such file or directory; put descent on the PATH or pass --descent");
	});
});
