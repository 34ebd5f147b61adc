import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createInlineExecutor } from '../../../src/lib/cells/inline-executor';
import { cellRegistry } from '../../../src/lib/cells/registry';
import type { Executor } from '../../../src/lib/dag/run-types';
import { Scheduler } from '../../../src/lib/dag/scheduler';
import type { LinearModel } from '../../../src/lib/ml/model';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { CellId, type Notebook } from '../../../src/lib/notebook/types';
import type { Splits } from '../../../src/lib/cells/values';
import { recordViews } from '../../../src/lib/workers/lent-buffers';
import { createCellNodeWorker, NodeWorkerPool, type WorkerRun } from '../../../src/lib/workers/node-pool';
import { transferablesOf } from '../../../src/lib/workers/transferables';
import { EPOCHS, parallelNotebook } from './parallel-notebook';

function notebook(): Notebook {
	const parsed = parseNotebook(JSON.stringify(parallelNotebook()), cellRegistry);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	return parsed.notebook;
}

async function runOn(executor: Executor, concurrency: number): Promise<Scheduler> {
	const scheduler = new Scheduler({ registry: cellRegistry, executor, concurrency });
	await scheduler.run(notebook(), { targets: 'all' });
	return scheduler;
}

/** What a model is, without the time it took: the same data and seed must give the same bits. */
function modelBits(scheduler: Scheduler, id: string) {
	const model = scheduler.output(CellId(id)) as LinearModel;
	return {
		coef: Buffer.from(model.coef.buffer, model.coef.byteOffset, model.coef.byteLength).toString('hex'),
		intercept: Buffer.from(model.intercept.buffer, model.intercept.byteOffset, model.intercept.byteLength).toString('hex'),
		objectiveCurves: model.objectiveCurves,
		trainMetrics: model.trainMetrics,
		validationMetrics: model.validationMetrics
	};
}

const pools: NodeWorkerPool[] = [];
function pool(options: ConstructorParameters<typeof NodeWorkerPool>[0]): NodeWorkerPool {
	const made = new NodeWorkerPool(options);
	pools.push(made);
	return made;
}
afterEach(async () => {
	await Promise.all(pools.splice(0).map((item) => item.terminate()));
});

describe('NodeWorkerPool', () => {
	it('runs a notebook on worker threads with the same results, bit for bit, as in-process', async () => {
		const runs: WorkerRun[] = [];
		const workers = await runOn(pool({ size: 2, onRun: (run) => runs.push(run) }), 2);
		const inline = await runOn(createInlineExecutor(cellRegistry), 1);

		for (const [id, state] of inline.states()) {
			const onWorkers = workers.states().get(id)!;
			expect({ id, state: onWorkers.state, summary: onWorkers.summary, error: onWorkers.attempts.at(-1)?.error }).toEqual({
				id,
				state: state.state,
				summary: state.summary,
				error: state.attempts.at(-1)?.error
			});
		}
		expect(modelBits(workers, 'train-a')).toEqual(modelBits(inline, 'train-a'));
		expect(modelBits(workers, 'train-b')).toEqual(modelBits(inline, 'train-b'));
		// The failing branch failed in its worker, and its siblings did not stop.
		expect(workers.states().get(CellId('raw-train'))?.attempts.at(-1)?.error).toContain("column 'review' is text");
		expect(workers.states().get(CellId('evaluate'))?.state).toBe('success');
		// Two workers, both used.
		expect(new Set(runs.map((run) => run.worker))).toEqual(new Set([1, 2]));
		// Every line each worker logged before its result is in the log: all the epochs, the whole ranking.
		const messages = (id: string) => workers.states().get(CellId(id))!.attempts.at(-1)!.log.map((line) => line.message);
		const epochs = messages('train-a').filter((message) => /^epoch \d+\//.test(message));
		expect(epochs).toEqual(Array.from({ length: EPOCHS }, (_, index) => expect.stringMatching(new RegExp(`^epoch ${index + 1}/${EPOCHS}: `))));
		expect(messages('train-a').at(-1)).toMatch(/^final objective/);
		expect(messages('best')).toEqual([expect.stringMatching(/^ranked 2 models/), expect.stringMatching(/^1\. Train/), expect.stringMatching(/^2\. Train/)]);
	}, 60_000);

	it('moves each output back: its ArrayBuffers are transferred, not copied', async () => {
		const reports: { count: number; detached: boolean }[] = [];
		// reviews, words, split, train-a: four outputs, each reported just after its result.
		let allReported!: () => void;
		const reported = new Promise<void>((resolve) => (allReported = resolve));
		const executor = pool({
			size: 2,
			createWorker: () => {
				const worker = new Worker(new URL('./test-worker.mjs', import.meta.url), { workerData: { reportTransfers: true } });
				worker.on('message', (message: { type: string; count: number; detached: boolean }) => {
					if (message.type === 'transfers' && reports.push(message) === 4) allReported();
				});
				return worker;
			}
		});
		const scheduler = new Scheduler({ registry: cellRegistry, executor, concurrency: 2 });
		await scheduler.run(notebook(), { targets: [CellId('train-a')] });
		expect(scheduler.states().get(CellId('train-a'))?.state).toBe('success');
		await reported;
		// Each output held typed arrays, and each left its worker.
		for (const report of reports) expect(report).toMatchObject({ type: 'transfers', detached: true });
		expect(reports.every((report) => report.count > 0)).toBe(true);
		const model = scheduler.output(CellId('train-a')) as LinearModel;
		expect(model.coef.byteLength).toBeGreaterThan(0);
	}, 60_000);

	it('lends buffers for one run: moved to the worker, unchanged by a cell that would scale in place, and moved back', async () => {
		// blobs → split in-process; then the scale cell on a worker, every buffer of its splits lent.
		const teaching = parseNotebook(readFileSync('static/examples/teaching-2d.descent.json', 'utf8'), cellRegistry);
		if (!teaching.ok) throw new Error(JSON.stringify(teaching.errors));
		const inline = new Scheduler({ registry: cellRegistry, executor: createInlineExecutor(cellRegistry), concurrency: 1 });
		await inline.run(teaching.notebook, { targets: [CellId('split')] });
		const splits = inline.output(CellId('split')) as Splits;
		const column = () => (splits.train.columns[0] as { values: Float32Array }).values;
		const before = Array.from(column());
		const lend = transferablesOf(splits);
		const executor = pool({ size: 1, handOver: () => ({ move: [], lend, restore: recordViews([splits], lend) }) });
		const scale = teaching.notebook.cells.find((cell) => cell.kind === 'scale')!;
		const run = executor.execute({ cell: scale, params: scale.params, inputs: { data: [splits] }, file: null, attempt: 1 }, { log: () => {}, progress: () => {} });
		// Moved, not copied: the runner's views are empty while the worker has the buffers.
		expect(column().length).toBe(0);
		const { value } = await run.result;
		// Back where they were, as they were: a cell with lent inputs does not own them, so scale wrote new arrays.
		expect(Array.from(column())).toEqual(before);
		const scaled = (value as Splits).train.columns[0] as { values: Float32Array };
		expect(scaled.values.buffer).not.toBe(column().buffer);
		const mean = scaled.values.reduce((sum, x) => sum + x, 0) / scaled.values.length;
		expect(Math.abs(mean)).toBeLessThan(1e-5);
	}, 60_000);

	it('fails the cell a crashed worker was running, replaces the worker, and runs the rest', async () => {
		const runs: WorkerRun[] = [];
		const crashing = () => new Worker(new URL('./test-worker.mjs', import.meta.url), { workerData: { crashOn: 'train-a' } });
		const scheduler = await runOn(pool({ size: 1, createWorker: crashing, onRun: (run) => runs.push(run) }), 1);

		const states = scheduler.states();
		expect(states.get(CellId('train-a'))?.state).toBe('failed');
		expect(states.get(CellId('train-a'))?.attempts.at(-1)?.error).toBe("worker 1 stopped while running cell 'Train A': simulated crash");
		expect(runs.find((run) => run.cellId === 'train-a')).toMatchObject({ worker: 1, outcome: 'crashed' });
		// One worker at a time: everything after the crash ran on its replacement.
		const after = runs.slice(runs.findIndex((run) => run.cellId === 'train-a') + 1);
		expect(after.map((run) => run.cellId)).toContain('train-b');
		expect(new Set(after.map((run) => run.worker))).toEqual(new Set([2]));
		expect(states.get(CellId('train-b'))?.state).toBe('success');
		expect(states.get(CellId('evaluate'))?.state).toBe('success');
	}, 60_000);

	it('cancelling a run terminates the workers of its running cells; the next run gets fresh ones', async () => {
		const runs: WorkerRun[] = [];
		const made: Worker[] = [];
		const executor = pool({
			size: 2,
			createWorker: () => {
				made.push(createCellNodeWorker());
				return made.at(-1)!;
			},
			onRun: (run) => runs.push(run)
		});
		const scheduler = new Scheduler({ registry: cellRegistry, executor, concurrency: 2 });
		// Cancel once train-a has logged from its worker, so it is really under way there.
		const unsubscribe = scheduler.subscribe((states) => {
			const trainA = states.get(CellId('train-a'));
			if (trainA?.state === 'running' && (trainA.attempts.at(-1)?.log.length ?? 0) > 0) {
				unsubscribe();
				scheduler.cancel();
			}
		});
		await scheduler.run(notebook(), { targets: 'all' });
		expect(scheduler.states().get(CellId('train-a'))?.state).toBe('cancelled');
		const cancelled = runs.filter((run) => run.outcome === 'cancelled');
		expect(cancelled.map((run) => run.cellId)).toContain('train-a');
		// The work really stopped: each cancelled cell's worker thread exited.
		await Promise.all(cancelled.map((run) => (made[run.worker - 1]!.threadId === -1 ? null : once(made[run.worker - 1]!, 'exit'))));
		expect(made.filter((worker) => worker.threadId === -1)).toHaveLength(cancelled.length);

		runs.length = 0;
		await scheduler.run(notebook(), { targets: 'all' });
		expect(scheduler.states().get(CellId('train-a'))?.state).toBe('success');
		const retired = new Set(cancelled.map((run) => run.worker));
		expect(runs.filter((run) => retired.has(run.worker))).toEqual([]);
	}, 60_000);
});
