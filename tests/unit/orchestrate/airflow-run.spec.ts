/**
 * The generated DAG, run as Airflow would run it but without Airflow: each task's templated
 * environment and command rendered by Jinja2 (airflow-read.ts), then run with bash in
 * topological order (tasks of one level at the same time, as parallel workers would), in a
 * clean directory, against one artifact directory per run id. The store's summary must equal
 * `descent run`'s; a second pass must be all cache hits; a sharded grid must give the same summary
 * and the same artifact (same key, same models) as the unsharded cell.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPython, readDag, type ReadDag } from './airflow-read';
import { descent, descentShim, pointsCsv, smallNotebook, type Ran } from './descent-cli';

const exec = promisify(execFile);
const directory = mkdtempSync(join(tmpdir(), 'descent-airflow-'));
const notebookFile = join(directory, `it's "a" notebook.descent.json`);
const csv = join(directory, 'points data.csv');
const bin = descentShim(directory);
const RUN_ID = 'manual__2026-11-30T20:00:00+00:00';

type TaskState = 'success' | 'failed' | 'upstream_failed';

/**
 * Runs the DAG as Airflow's scheduler would, level by level: a task runs when its trigger rule
 * allows (all_success by default; all_done_min_one_success for select), is tried again up to its
 * retries, and is upstream_failed without running when the rule cannot be met.
 */
async function runDag(dag: ReadDag, cwd: string): Promise<Map<string, Ran & { state: TaskState }>> {
	const ids = dag.tasks.map((task) => task.arguments.task_id as string);
	const byId = new Map(dag.tasks.map((task) => [task.arguments.task_id as string, task]));
	const upstream = (id: string) => dag.edges.filter(([, to]) => to === id).map(([from]) => from);
	const done = new Map<string, Ran & { state: TaskState }>();
	while (done.size < ids.length) {
		const ready = ids.filter((id) => !done.has(id) && upstream(id).every((from) => done.has(from)));
		expect(ready.length, 'the edges leave tasks that can never run').toBeGreaterThan(0);
		await Promise.all(
			ready.map(async (id) => {
				const task = byId.get(id)!;
				const states = upstream(id).map((from) => done.get(from)!.state);
				const runs = task.arguments.trigger_rule === 'all_done_min_one_success' ? states.includes('success') : states.every((state) => state === 'success');
				if (!runs) return void done.set(id, { code: -1, stdout: '', stderr: '', state: 'upstream_failed' });
				const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...task.env };
				let last: Ran = { code: -1, stdout: '', stderr: '' };
				for (let attempt = 0; attempt <= (task.arguments.retries as number); attempt++) {
					try {
						const { stdout, stderr } = await exec('/bin/bash', ['-c', task.command!], { cwd, env, timeout: 120_000 });
						return void done.set(id, { code: 0, stdout, stderr, state: 'success' });
					} catch (error) {
						last = error as Ran;
					}
				}
				done.set(id, { ...last, state: 'failed' });
			})
		);
	}
	return done;
}

let expected: unknown;

beforeAll(async () => {
	writeFileSync(csv, pointsCsv());
	writeFileSync(notebookFile, JSON.stringify(smallNotebook('Points: "quoted"\nand a second line')));
	const out = join(directory, 'expected.json');
	const reference = await descent(['run', notebookFile, '--data', `points=${csv}`, '--stable', '--out', out]);
	// The broken grid fails; everything else succeeds.
	expect(reference.code, reference.stdout + reference.stderr).toBe(1);
	expected = JSON.parse(readFileSync(out, 'utf8'));
}, 120_000);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function storeSummary(artifacts: string): Promise<unknown> {
	const summary = await descent(['summary', notebookFile, '--artifacts', artifacts, '--data', `points=${csv}`, '--stable', '--json']);
	expect(summary.code, summary.stdout + summary.stderr).toBe(1);
	return JSON.parse(summary.stdout);
}

describe.skipIf(!hasPython)('descent export airflow, run task by task', () => {
	it('gives descent run\'s summary; a second pass is all cache hits', async () => {
		const artifacts = join(directory, 'artifacts');
		const exported = await descent(['export', 'airflow', notebookFile, '--artifacts', artifacts, '--schedule', '@daily']);
		expect(exported.code, exported.stderr).toBe(0);
		const dag = readDag(exported.stdout, RUN_ID, { data_points: csv });
		expect(dag.dag).toMatchObject({ description: 'Points: "quoted"\nand a second line', schedule: '@daily' });
		const work = mkdtempSync(join(directory, 'work-'));
		const first = await runDag(dag, work);
		expect([...first.values()].some((ran) => ran.stdout.includes('cache hit'))).toBe(false);
		expect([...first].filter(([, ran]) => ran.state !== 'success').map(([id, ran]) => [id, ran.state])).toEqual([['broken', 'failed']]);
		expect(first.get('broken')!.stdout).toContain('attempt 2');
		// Every artifact of the run is under the run id; nothing lands in the working directory.
		expect(readdirSync(artifacts)).toEqual([RUN_ID]);
		expect(readdirSync(work)).toEqual([]);
		expect(await storeSummary(join(artifacts, RUN_ID))).toEqual(expected);

		// Again in the same run (a cleared DAG run): every task that succeeded is a cache hit.
		const second = await runDag(dag, work);
		for (const [id, ran] of second) if (id !== 'broken') expect(ran.stdout, id).toContain('cache hit');
	}, 240_000);

	it('--shards 3: three shard tasks and a merge give the same summary and the same grid artifact', async () => {
		const artifacts = join(directory, 'sharded');
		const exported = await descent(['export', 'airflow', notebookFile, '--artifacts', artifacts, '--shards', '3']);
		expect(exported.code, exported.stderr).toBe(0);
		const dag = readDag(exported.stdout, RUN_ID, { data_points: csv });
		expect(dag.tasks.map((task) => task.arguments.task_id)).toEqual(expect.arrayContaining(['grid__shard_1_of_3', 'grid__shard_3_of_3', 'grid']));
		await runDag(dag, mkdtempSync(join(directory, 'work-')));
		const store = join(artifacts, RUN_ID);
		expect(await storeSummary(store)).toEqual(expected);

		// The merged grid is stored under the key the unsharded cell uses, with the same models.
		const whole = join(directory, 'artifacts', RUN_ID);
		const gridFile = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.grid.json'));
		const [unsharded] = gridFile(whole);
		expect(gridFile(store)).toContain(unsharded);
		const models = (dir: string) =>
			(JSON.parse(readFileSync(join(dir, unsharded!), 'utf8')) as { models: { training: { trainingMs?: number } }[] }).models.map((model) => {
				delete model.training.trainingMs;
				return model;
			});
		expect(models(store)).toEqual(models(whole));
	}, 240_000);

	it('a scoring notebook: the model file is a DAG param, and the predict task scores with it as descent run does', async () => {
		// A model file as a user has one: the train cell's artifact of a headless run.
		const trainFile = join(directory, 'train.descent.json');
		const cell = (id: string, kind: string, params: object, inputs: object = {}) => ({ id, kind, title: `Cell ${id}`, params, inputs, retry: { count: 0, delayMs: 0 } });
		const notebook = (title: string, cells: object[]) => ({ format: 'descent-notebook', version: 1, title, description: '', cells });
		writeFileSync(trainFile, JSON.stringify(notebook('Train', [cell('points', 'dataset', { name: 'points', source: 'csv', labelColumn: 'label' }), cell('split', 'split', { testFraction: 0.25, seed: 3 }, { data: ['points'] }), cell('sgd', 'train', { epochs: 4, seed: 1 }, { data: ['split'] })])));
		const trained = join(directory, 'trained');
		expect((await descent(['run', trainFile, '--data', `points=${csv}`, '--artifacts', trained])).code).toBe(0);
		const modelFile = join(trained, readdirSync(trained).find((name) => name.endsWith('.model.json'))!);

		const scoringFile = join(directory, 'score.descent.json');
		writeFileSync(scoringFile, JSON.stringify(notebook('Score', [cell('new', 'dataset', { name: 'points', source: 'csv', labelColumn: 'label' }), cell('predict', 'predict', { modelName: 'points', model: 'production' }, { data: ['new'] })])));
		const out = join(directory, 'scored.json');
		const reference = await descent(['run', scoringFile, '--data', `points=${csv}`, '--model', `points=${modelFile}`, '--stable', '--out', out]);
		expect(reference.code, reference.stdout + reference.stderr).toBe(0);

		const artifacts = join(directory, 'scoring');
		const exported = await descent(['export', 'airflow', scoringFile, '--artifacts', artifacts]);
		expect(exported.code, exported.stderr).toBe(0);
		expect(readDag(exported.stdout).params).toEqual({ notebook: scoringFile, artifacts, data_points: '', model_points: '' });
		const ran = await runDag(readDag(exported.stdout, RUN_ID, { data_points: csv, model_points: modelFile }), mkdtempSync(join(directory, 'work-')));
		expect(ran.get('predict')!.state, ran.get('predict')!.stdout + ran.get('predict')!.stderr).toBe('success');
		const summary = await descent(['summary', scoringFile, '--artifacts', join(artifacts, RUN_ID), '--data', `points=${csv}`, '--model', `points=${modelFile}`, '--stable', '--json']);
		expect(JSON.parse(summary.stdout)).toEqual(JSON.parse(readFileSync(out, 'utf8')));

		// Triggered without the model file, the predict task fails naming the param's flag.
		const unbound = await runDag(readDag(exported.stdout, 'manual__unbound', { data_points: csv }), mkdtempSync(join(directory, 'work-')));
		expect(unbound.get('predict')!.state).toBe('failed');
		expect(unbound.get('predict')!.stdout).toContain('pass --model points=path.json');
	}, 240_000);
});
