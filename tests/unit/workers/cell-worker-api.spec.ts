/**
 * The browser's cell worker and pool, end to end over real Comlink on Node's MessageChannel:
 * the page's WorkerPool and Scheduler on one side, the worker's API on the other. The hooks travel
 * their own channel, as in the browser, so lines can race the result; none may be lost.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Comlink from 'comlink';
import type { CellRegistry } from '../../../src/lib/cells/params';
import type { CellDefinition } from '../../../src/lib/cells/types';
import { Scheduler } from '../../../src/lib/dag/scheduler';
import { createCellWorkerApi } from '../../../src/lib/workers/cell-worker-api';
import { relayHooks } from '../../../src/lib/workers/hook-relay';
import { WorkerPool } from '../../../src/lib/workers/pool';
import { CellId } from '../../../src/lib/notebook/types';
import { cell, fakeValue, notebook, registry } from '../dag/fakes';

/** A source cell that logs `lines` lines (params.rows) as fast as it can, then returns or throws. */
function chatty(fail: boolean): CellDefinition {
	return {
		...registry.source!,
		run: async (params, _inputs, context) => {
			const rows = params.rows as number;
			context.log(`ranked ${rows} models by objective:`);
			for (let line = 1; line <= rows; line++) context.log(`${line}. model ${line}`);
			if (fail) throw new Error('broke after logging');
			return fakeValue(context.cell.id);
		},
		summarize: () => ({})
	};
}

/** Waits `ms` without yielding: the thread (here also the "page's") takes no message meanwhile. */
function busyWait(ms: number): void {
	const until = performance.now() + ms;
	while (performance.now() < until);
}

const PAUSE_MS = 60;

/** A source cell that logs, keeps its thread busy for PAUSE_MS, and logs again. */
const pausing: CellDefinition = {
	...registry.source!,
	kind: 'pausing',
	run: async (_params, _inputs, context) => {
		context.log('before the pause');
		busyWait(PAUSE_MS);
		context.log('after the pause');
		return fakeValue(context.cell.id);
	},
	summarize: () => ({})
};

const workerRegistry: CellRegistry = { ...registry, source: chatty(false), fails: { ...chatty(true), kind: 'fails' }, pausing };
const pageRegistry: CellRegistry = { ...registry, fails: { ...registry.source!, kind: 'fails' }, pausing: { ...registry.source!, kind: 'pausing' } };

const ports: MessagePort[] = [];
afterEach(() => {
	for (const port of ports.splice(0)) port.close();
});

/** A "worker" that is one end of a MessageChannel, the other end serving the cell worker API. */
function channelWorker(): Worker {
	const { port1, port2 } = new MessageChannel();
	ports.push(port1, port2);
	Comlink.expose(createCellWorkerApi({ registry: workerRegistry, gpu: () => null, now: () => performance.now() }), port2);
	return Object.assign(port1, { terminate: () => port1.close() }) as unknown as Worker;
}

async function runCells(ids: { id: string; kind: string; rows: number }[]) {
	// One worker, reused: each cell after the first races its lines against its result.
	const pool = new WorkerPool(channelWorker, 1);
	const scheduler = new Scheduler({ registry: pageRegistry, executor: pool, concurrency: 1 });
	await scheduler.run(notebook(...ids.map(({ id, kind, rows }) => cell(id, kind, {}, { rows }))), { targets: 'all' });
	pool.terminate();
	return (id: string) => scheduler.states().get(CellId(id))!;
}

describe('createCellWorkerApi(environment) through WorkerPool', () => {
	it('has every line a cell logged before its result in the log when the cell succeeds', async () => {
		// Several cells on one worker: without the relay most of them lost lines (often all of them).
		const cells = [0, 1, 2, 3].flatMap((round) => [
			{ id: `train-${round}`, kind: 'source', rows: 600 },
			{ id: `best-${round}`, kind: 'source', rows: 5 }
		]);
		const state = await runCells(cells);
		for (let round = 0; round < 4; round++) {
			expect(state(`best-${round}`).state).toBe('success');
			expect(state(`best-${round}`).attempts[0]!.log.map((line) => line.message)).toEqual([
				'ranked 5 models by objective:',
				...Array.from({ length: 5 }, (_, index) => `${index + 1}. model ${index + 1}`)
			]);
			const train = state(`train-${round}`).attempts[0]!.log;
			expect(train).toHaveLength(601);
			expect(train.at(-1)!.message).toBe('600. model 600');
		}
	});

	it('has every line of a failed attempt in its log too, with the error', async () => {
		const state = await runCells([
			{ id: 'good', kind: 'source', rows: 10 },
			{ id: 'bad', kind: 'fails', rows: 300 }
		]);
		expect(state('bad').state).toBe('failed');
		expect(state('bad').attempts[0]!.error).toBe('broke after logging');
		expect(state('bad').attempts[0]!.log).toHaveLength(301);
	});
});

describe('log times', () => {
	it('are the times the cell logged its lines in the worker, not the times the page took them', async () => {
		// Here the "worker" shares the page's thread, so both lines reach the page together, after
		// the pause: stamped on arrival they would be a fraction of a millisecond apart.
		const state = await runCells([{ id: 'pausing', kind: 'pausing', rows: 1 }]);
		const [before, after] = state('pausing').attempts[0]!.log;
		expect(before!.message).toBe('before the pause');
		expect(after!.message).toBe('after the pause');
		expect(before!.atMs).toBeGreaterThanOrEqual(0);
		// A lower bound only (the pause less 5 ms for the clock's coarseness): a slow machine may add to it.
		expect(after!.atMs - before!.atMs).toBeGreaterThanOrEqual(PAUSE_MS - 5);
	});
});

describe('relayHooks(hooks, options)', () => {
	const still = { now: () => 0 };

	it('settles only when the page has applied every call made so far', async () => {
		const replies: (() => void)[] = [];
		const hooks = {
			log: () => new Promise<void>((resolve) => replies.push(resolve)),
			progress: () => new Promise<void>((resolve) => replies.push(resolve))
		};
		const relay = relayHooks(hooks, still);
		relay.log('one', 0);
		relay.progress(0.5);
		relay.log('two', 1);
		let settled = false;
		void relay.settled().then(() => (settled = true));
		// The page replies in order; until the last reply the worker must not return.
		replies[0]!();
		replies[1]!();
		await new Promise((resolve) => setImmediate(resolve));
		expect(settled).toBe(false);
		replies[2]!();
		await new Promise((resolve) => setImmediate(resolve));
		expect(settled).toBe(true);
	});

	it('settles at once without calls, and after a call the page failed to apply', async () => {
		await expect(relayHooks({ log: () => undefined, progress: () => undefined }, still).settled()).resolves.toBeUndefined();
		const relay = relayHooks({ log: () => Promise.reject(new Error('port closed')), progress: () => undefined }, still);
		relay.log('lost', 0);
		await expect(relay.settled()).resolves.toBeUndefined();
	});

	it('sends at most one progress tick an interval, every log line, and the latest tick when it settles', async () => {
		const sent: string[] = [];
		let time = 0;
		const relay = relayHooks(
			{ log: (message) => void sent.push(message), progress: (fraction, label) => void sent.push(`${fraction} ${label}`) },
			{ now: () => time, intervalMs: 16 }
		);
		// 1000 ticks of one configuration-epoch each, 1 ms apart, with a line every 100.
		for (let tick = 1; tick <= 1000; tick++) {
			time = tick;
			relay.progress(tick / 1000, `tick ${tick}`);
			if (tick % 100 === 0) relay.log(`line ${tick / 100}`, tick);
		}
		await relay.settled();
		const ticks = sent.filter((message) => message.includes('tick'));
		expect(ticks.length).toBeLessThanOrEqual(1000 / 16 + 2);
		expect(ticks[0]).toBe('0.001 tick 1');
		expect(ticks.at(-1)).toBe('1 tick 1000');
		expect(sent.filter((message) => message.startsWith('line'))).toEqual(Array.from({ length: 10 }, (_, index) => `line ${index + 1}`));
	});

	it('sends a held tick by a timer when the work waits instead of ticking', async () => {
		vi.useFakeTimers();
		try {
			const sent: number[] = [];
			const relay = relayHooks({ log: () => undefined, progress: (fraction) => void sent.push(fraction) }, { now: () => Date.now(), intervalMs: 16 });
			relay.progress(0.1);
			relay.progress(0.2);
			expect(sent).toEqual([0.1]);
			vi.advanceTimersByTime(15);
			expect(sent).toEqual([0.1]);
			vi.advanceTimersByTime(1);
			expect(sent).toEqual([0.1, 0.2]);
			await relay.settled();
			expect(sent).toEqual([0.1, 0.2]);
		} finally {
			vi.useRealTimers();
		}
	});
});
