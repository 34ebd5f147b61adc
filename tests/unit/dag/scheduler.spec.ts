import { describe, expect, it } from 'vitest';
import type { CellRunState } from '../../../src/lib/dag/run-types';
import { Scheduler, type CachedOutput } from '../../../src/lib/dag/scheduler';
import { setParam } from '../../../src/lib/notebook/edit';
import { CellId, type Notebook } from '../../../src/lib/notebook/types';
import { cell, FakeClock, FakeExecutor, fakeValue, flush, notebook, registry, selectBest } from './fakes';

function setup(options: { concurrency?: number; auto?: boolean } = {}) {
	const executor = new FakeExecutor({ auto: options.auto ?? true });
	const clock = new FakeClock();
	const cache = new Map<string, CachedOutput>();
	const scheduler = new Scheduler({ registry, executor, clock, cache, concurrency: options.concurrency ?? 4 });
	const state = (id: string): CellRunState => scheduler.states().get(CellId(id))!;
	const states = (nb: Notebook) => Object.fromEntries(nb.cells.map((c) => [c.id, state(c.id).state]));
	return { executor, clock, cache, scheduler, state, states };
}

const pair = () => notebook(cell('a', 'source'), cell('b', 'source'));

describe('Scheduler.run(notebook, { targets })', () => {
	it('moves a cell through queued → running → success, with duration and summary', async () => {
		const { scheduler, executor, clock, state } = setup({ auto: false });
		const seen: string[] = [];
		scheduler.subscribe((states) => {
			const current = states.get(CellId('a'))?.state;
			if (current && current !== seen.at(-1)) seen.push(current);
		});
		const done = scheduler.run(notebook(cell('a', 'source')), { targets: 'all' });
		clock.advance(250);
		executor.call('a').resolve();
		await done;
		expect(seen).toEqual(['idle', 'queued', 'running', 'success']);
		expect(state('a')).toMatchObject({ durationMs: 250, fromCache: false, summary: { from: 'a' } });
		expect(scheduler.output(CellId('a'))).toEqual(fakeValue('a'));
	});

	it('passes resolved params, upstream values and the attempt number to the executor', async () => {
		const { scheduler, executor } = setup();
		await scheduler.run(selectBest(), { targets: 'all' });
		const request = executor.call('sgd-b').request;
		expect(request.params).toMatchObject({ eta0: 0.01, alpha: 0.0001 });
		expect(request.inputs).toEqual({ data: [fakeValue('data')] });
		expect(request.attempt).toBe(1);
		expect(executor.call('best').request.inputs.models).toHaveLength(3);
	});

	it.each([
		[2, ['a', 'b']],
		[1, ['a']]
	])('with concurrency %i runs %j at once', async (concurrency, atOnce) => {
		const { scheduler, executor, state } = setup({ concurrency, auto: false });
		const done = scheduler.run(pair(), { targets: 'all' });
		await flush();
		expect(executor.calls.map((call) => call.request.cell.id)).toEqual(atOnce);
		if (concurrency === 1) expect(state('b').state).toBe('queued');
		executor.call('a').resolve();
		await flush();
		executor.call('b').resolve();
		await done;
		expect(state('b').state).toBe('success');
	});

	it('runs only what a target needs', async () => {
		const { scheduler, executor, states } = setup();
		const nb = selectBest();
		await scheduler.run(nb, { targets: [CellId('sgd-a')] });
		expect(executor.calls.map((call) => call.request.cell.id)).toEqual(['data', 'sgd-a']);
		expect(states(nb)).toMatchObject({ 'sgd-b': 'idle', best: 'idle' });
	});

	it('withDownstream also runs everything below the target', async () => {
		const { scheduler, executor } = setup();
		const nb = selectBest();
		await scheduler.run(nb, { targets: [CellId('sgd-a')] });
		executor.calls = [];
		await scheduler.run(nb, { targets: [CellId('sgd-b')], withDownstream: true });
		// data is current; sgd-a is not a target, but best needs it: it is current too.
		expect(executor.calls.map((call) => call.request.cell.id)).toEqual(['sgd-b', 'sgd-c', 'best', 'eval']);
	});

	it('logs lines timestamped from the attempt start, and progress', async () => {
		const { scheduler, executor, clock, state } = setup({ auto: false });
		const done = scheduler.run(notebook(cell('a', 'source')), { targets: 'all' });
		const { hooks } = executor.call('a');
		clock.advance(40);
		hooks.log('read 10 rows');
		hooks.progress(0.5, 'half');
		expect(state('a').progress).toEqual({ fraction: 0.5, label: 'half' });
		executor.call('a').resolve();
		await done;
		expect(state('a').attempts[0]!.log).toEqual([{ atMs: 40, message: 'read 10 rows' }]);
	});
});

describe('Scheduler logs', () => {
	it('keeps every line of a long log, in order, each under a new attempt object', async () => {
		const { scheduler, executor, clock, state } = setup({ auto: false });
		const done = scheduler.run(notebook(cell('a', 'source')), { targets: 'all' });
		const attempts = new Set<unknown>();
		scheduler.subscribe((states) => attempts.add(states.get(CellId('a'))?.attempts.at(-1)));
		const { hooks } = executor.call('a');
		for (let epoch = 0; epoch <= 600; epoch++) {
			clock.advance(1);
			hooks.log(`epoch ${epoch}/600`);
		}
		executor.call('a').resolve();
		await done;
		const log = state('a').attempts[0]!.log;
		expect(log.map((line) => line.message)).toEqual(Array.from({ length: 601 }, (_, epoch) => `epoch ${epoch}/600`));
		expect(log.map((line) => line.atMs)).toEqual(Array.from({ length: 601 }, (_, index) => index + 1));
		// One snapshot a line (plus the start and the end), so a view comparing by identity sees each.
		expect(attempts.size).toBeGreaterThanOrEqual(601);
	});

	it('appends a line in O(1): every snapshot of a running attempt shares one log array, never a copy', async () => {
		const { scheduler, executor } = setup({ auto: false });
		const done = scheduler.run(notebook(cell('a', 'source')), { targets: 'all' });
		// Count the distinct log arrays published: a copy per line (the old way) makes one per line.
		const arrays = new Set<unknown>();
		let snapshots = 0;
		scheduler.subscribe((states) => {
			const log = states.get(CellId('a'))?.attempts.at(-1)?.log;
			if (!log) return;
			snapshots++;
			arrays.add(log);
		});
		for (let line = 0; line < 1000; line++) executor.call('a').hooks.log(`line ${line}`);
		executor.call('a').resolve();
		await done;
		expect(snapshots).toBeGreaterThanOrEqual(1000);
		expect(arrays.size).toBe(1);
	});

	it('starts a fresh log for each attempt, and a line after the attempt ended is not added', async () => {
		const { scheduler, executor, state } = setup({ auto: false });
		const done = scheduler.run(notebook({ ...cell('a', 'source'), retry: { count: 1, delayMs: 0 } }), { targets: 'all' });
		const first = executor.call('a');
		first.hooks.log('first try');
		first.reject(new Error('broke'));
		await flush();
		first.hooks.log('late line of the first try');
		executor.call('a').hooks.log('second try');
		executor.call('a').resolve();
		await done;
		executor.call('a').hooks.log('after success');
		expect(state('a').attempts.map((attempt) => attempt.log.map((line) => line.message))).toEqual([['first try'], ['second try']]);
	});
});

describe('Scheduler failures', () => {
	it('retries per cell.retry, keeping every attempt and its log', async () => {
		const { scheduler, executor, clock, state } = setup({ auto: false });
		const nb = notebook({ ...cell('a', 'source'), retry: { count: 2, delayMs: 1000 } });
		const seen: string[] = [];
		scheduler.subscribe((states) => {
			const current = states.get(CellId('a'))?.state;
			if (current && current !== seen.at(-1)) seen.push(current);
		});
		const done = scheduler.run(nb, { targets: 'all' });
		for (const message of ['first broke', 'second broke']) {
			executor.call('a').hooks.log(`trying ${executor.calls.length}`);
			executor.call('a').reject(new Error(message));
			await flush();
		}
		executor.call('a').hooks.log('trying 3');
		executor.call('a').resolve();
		await done;
		expect(clock.sleeps).toEqual([1000, 1000]);
		expect(executor.calls.map((call) => call.request.attempt)).toEqual([1, 2, 3]);
		expect(seen).toEqual(['idle', 'queued', 'running', 'up_for_retry', 'running', 'up_for_retry', 'running', 'success']);
		expect(state('a').attempts.map(({ number, outcome, error, log }) => ({ number, outcome, error, log: log.map((l) => l.message) }))).toEqual([
			{ number: 1, outcome: 'failed', error: 'first broke', log: ['trying 1'] },
			{ number: 2, outcome: 'failed', error: 'second broke', log: ['trying 2'] },
			{ number: 3, outcome: 'success', error: null, log: ['trying 3'] }
		]);
	});

	it('fails after the last try; downstream cells become upstream_failed naming it', async () => {
		const { scheduler, executor, states, state } = setup();
		executor.failing.add('data');
		const nb = selectBest();
		await scheduler.run(nb, { targets: 'all' });
		expect(states(nb)).toEqual({ data: 'failed', 'sgd-a': 'upstream_failed', 'sgd-b': 'upstream_failed', 'sgd-c': 'upstream_failed', best: 'upstream_failed', eval: 'upstream_failed' });
		expect(state('data').attempts[0]!.error).toBe('data broke');
		// Every cell below names the cell that failed, not its own parent that is only upstream_failed.
		for (const id of ['sgd-a', 'sgd-b', 'sgd-c', 'best', 'eval']) expect(state(id).reason).toBe("upstream cell 'DATA' failed");
		expect(executor.calls).toHaveLength(1);
	});

	it('a later phase of a run (settled: the cells an earlier phase settled) does not retry a failure there: the cells below it are upstream_failed', async () => {
		const { scheduler, executor, states } = setup();
		executor.failing.add('data');
		const nb = selectBest();
		const first = ['data', 'sgd-a', 'sgd-b', 'sgd-c'].map(CellId);
		await scheduler.run(nb, { targets: first });
		await scheduler.run(nb, { targets: 'all', settled: first });
		expect(states(nb)).toEqual({ data: 'failed', 'sgd-a': 'upstream_failed', 'sgd-b': 'upstream_failed', 'sgd-c': 'upstream_failed', best: 'upstream_failed', eval: 'upstream_failed' });
		expect(executor.calls.map((call) => call.request.cell.id)).toEqual(['data']);
		// Without it, the second run tries the failed cell again.
		await scheduler.run(nb, { targets: 'all' });
		expect(executor.calls.map((call) => call.request.cell.id)).toEqual(['data', 'data']);
	});

	it('recompute: the cells named execute again even when the cache holds their key; the others come from the cache', async () => {
		const { scheduler, executor } = setup();
		const nb = selectBest();
		await scheduler.run(nb, { targets: 'all' });
		const before = executor.calls.length;
		await scheduler.run(nb, { targets: 'all', recompute: [CellId('best')] });
		expect(executor.calls.slice(before).map((call) => call.request.cell.id)).toEqual(['best']);
	});

	it('names every cell that actually failed, in notebook order, through upstream_failed cells', async () => {
		const { scheduler, executor, state } = setup();
		executor.failing.add('data');
		executor.failing.add('other');
		// The evaluation's model comes from DATA's branch, its data from OTHER's: both are named,
		// in the order of the notebook (OTHER first), not in the order of the inputs.
		const nb = notebook(
			cell('other', 'source'),
			cell('data', 'source'),
			cell('copy', 'train', { data: ['other'] }),
			cell('sgd', 'train', { data: ['data'] }),
			cell('best', 'select', { models: ['sgd'] }),
			cell('eval', 'evaluate', { model: ['best'], data: ['copy'] })
		);
		await scheduler.run(nb, { targets: 'all' });
		expect(state('best')).toMatchObject({ state: 'upstream_failed', reason: "upstream cell 'DATA' failed" });
		expect(state('eval')).toMatchObject({ state: 'upstream_failed', reason: "upstream cells 'OTHER', 'DATA' failed" });
	});

	it('runs the selector with the trainers that succeeded when one fails (partial input)', async () => {
		const { scheduler, executor, states } = setup();
		executor.failing.add('sgd-b');
		const nb = selectBest();
		await scheduler.run(nb, { targets: 'all' });
		expect(states(nb)).toEqual({ data: 'success', 'sgd-a': 'success', 'sgd-b': 'failed', 'sgd-c': 'success', best: 'success', eval: 'success' });
		expect(executor.call('best').request.inputs.models).toEqual([fakeValue('sgd-a'), fakeValue('sgd-c')]);
	});

	it('makes the selector upstream_failed when every trainer fails, naming them all', async () => {
		const { scheduler, executor, state } = setup();
		for (const id of ['sgd-a', 'sgd-b', 'sgd-c']) executor.failing.add(id);
		await scheduler.run(selectBest(), { targets: 'all' });
		expect(state('best')).toMatchObject({ state: 'upstream_failed', reason: "upstream cells 'SGD-A', 'SGD-B', 'SGD-C' failed" });
	});

	it('skips a switched-off cell and what needs it, while the selector runs with the others', async () => {
		const { scheduler, executor, states, state } = setup();
		const nb = selectBest();
		nb.cells[2] = { ...nb.cells[2]!, skip: true };
		await scheduler.run(nb, { targets: 'all' });
		expect(states(nb)).toEqual({ data: 'success', 'sgd-a': 'success', 'sgd-b': 'skipped', 'sgd-c': 'success', best: 'success', eval: 'success' });
		expect(executor.calls.map((call) => call.request.cell.id)).not.toContain('sgd-b');

		const off = selectBest();
		off.cells[0] = { ...off.cells[0]!, skip: true };
		await scheduler.run(off, { targets: 'all' });
		expect(states(off)).toEqual({ data: 'skipped', 'sgd-a': 'skipped', 'sgd-b': 'skipped', 'sgd-c': 'skipped', best: 'skipped', eval: 'skipped' });
		expect(state('sgd-a').reason).toBe("upstream cell 'DATA' is skipped");
	});

	it.each([
		['a required input not linked', notebook(cell('t', 'train')), "input 'Data' is not linked"],
		['a bad param', notebook(cell('d', 'source'), cell('t', 'train', { data: ['d'] }, { alpha: -2 })), 'params.alpha: must be at least 0'],
		['a cycle', notebook(cell('t', 'select', { models: ['u'] }), cell('u', 'select', { models: ['t'] })), 'cycle: t → u → t']
	])('fails a cell with %s without calling the executor for it', async (_name, nb, message) => {
		const { scheduler, executor, state } = setup();
		await scheduler.run(nb, { targets: [CellId('t')] });
		expect(state('t').state).toBe('failed');
		expect(state('t').attempts[0]!.error).toBe(message);
		expect(executor.calls.map((call) => call.request.cell.id)).not.toContain('t');
	});
});

describe('Scheduler.cancel()', () => {
	it('cancels running work for real, marks running and queued cells cancelled, keeps finished ones', async () => {
		const { scheduler, executor, states } = setup({ auto: false, concurrency: 2 });
		const nb = selectBest();
		const done = scheduler.run(nb, { targets: 'all' });
		executor.call('data').resolve();
		await flush();
		scheduler.cancel();
		await done;
		expect(executor.calls.filter((call) => call.cancelled).map((call) => call.request.cell.id)).toEqual(['sgd-a', 'sgd-b']);
		expect(states(nb)).toEqual({ data: 'success', 'sgd-a': 'cancelled', 'sgd-b': 'cancelled', 'sgd-c': 'cancelled', best: 'cancelled', eval: 'cancelled' });
	});

	it('ignores a result or log line that arrives after cancel', async () => {
		// An executor whose cancel does not stop the result: the late value must still be dropped.
		let late!: () => void;
		let log!: (line: string) => void;
		const scheduler = new Scheduler({
			registry,
			clock: new FakeClock(),
			executor: {
				execute: (request, hooks) => {
					log = hooks.log;
					const result = new Promise<{ value: ReturnType<typeof fakeValue>; summary: {} }>((resolve) => {
						late = () => resolve({ value: fakeValue('late'), summary: {} });
					});
					return { result, cancel: () => {} };
				}
			}
		});
		const done = scheduler.run(notebook(cell('a', 'source')), { targets: 'all' });
		scheduler.cancel();
		await done;
		late();
		log('too late');
		await flush();
		const state = scheduler.states().get(CellId('a'))!;
		expect(state.state).toBe('cancelled');
		expect(state.attempts[0]).toMatchObject({ outcome: 'cancelled', log: [] });
		expect(scheduler.output(CellId('a'))).toBeUndefined();
	});

	it('drops the results of a run superseded by a newer one', async () => {
		const { scheduler, executor, state } = setup({ auto: false });
		const nb = notebook(cell('a', 'source'));
		const first = scheduler.run(nb, { targets: 'all' });
		const older = executor.call('a');
		const second = scheduler.run(nb, { targets: 'all' });
		await first;
		expect(older.cancelled).toBe(true);
		older.resolve(fakeValue('old'));
		await flush();
		expect(state('a').state).toBe('running');
		executor.call('a').resolve(fakeValue('new'));
		await second;
		expect(scheduler.output(CellId('a'))).toEqual(fakeValue('new'));
	});
});

describe('Scheduler cache and stale', () => {
	it('a second run takes every output from the cache, with no executor call', async () => {
		const { scheduler, executor, state } = setup();
		const nb = selectBest();
		await scheduler.run(nb, { targets: 'all' });
		executor.calls = [];
		await scheduler.run(nb, { targets: 'all' });
		expect(executor.calls).toEqual([]);
		expect(state('best')).toMatchObject({ state: 'success', fromCache: true, summary: { from: 'best' } });
		expect(state('best').attempts[0]!.log.map((line) => line.message)).toEqual(['from cache']);
	});

	it('a param change recomputes only that cell and its downstream', async () => {
		const { scheduler, executor } = setup();
		await scheduler.run(selectBest(), { targets: 'all' });
		executor.calls = [];
		await scheduler.run(setParam(selectBest(), CellId('sgd-b'), 'eta0', 0.02), { targets: 'all' });
		expect(executor.calls.map((call) => call.request.cell.id)).toEqual(['sgd-b', 'best', 'eval']);
	});

	it('force recomputes a cached cell', async () => {
		const { scheduler, executor, state } = setup();
		const nb = selectBest();
		await scheduler.run(nb, { targets: 'all' });
		executor.calls = [];
		await scheduler.run(nb, { targets: [CellId('sgd-a')], force: true });
		expect(executor.calls.map((call) => call.request.cell.id)).toEqual(['sgd-a']);
		expect(state('sgd-a').fromCache).toBe(false);
	});

	it('markStale(notebook) marks changed cells and their downstream stale, and back when undone', async () => {
		const { scheduler, states } = setup();
		const nb = notebook(...selectBest().cells, cell('extra', 'source'));
		await scheduler.run(nb, { targets: [CellId('eval')] });
		const edited = setParam(nb, CellId('sgd-c'), 'alpha', 1);
		scheduler.markStale(edited);
		expect(states(edited)).toEqual({ data: 'success', 'sgd-a': 'success', 'sgd-b': 'success', 'sgd-c': 'stale', best: 'stale', eval: 'stale', extra: 'idle' });
		expect(scheduler.output(CellId('best'))).toEqual(fakeValue('best'));
		scheduler.markStale(nb);
		expect(states(nb)).toMatchObject({ 'sgd-c': 'success', best: 'success', eval: 'success' });
	});

	it('an edit makes a failed cell and the upstream_failed cells below it stale, not failed with the old error', async () => {
		const { scheduler, executor, states, state } = setup();
		executor.failing.add('data');
		const nb = selectBest();
		await scheduler.run(nb, { targets: 'all' });
		expect(states(nb)).toMatchObject({ data: 'failed' });
		const downstream = Object.entries(states(nb)).filter(([, s]) => s === 'upstream_failed').map(([id]) => id);
		expect(downstream.length).toBeGreaterThan(0);
		scheduler.markStale(nb);
		expect(state('data').state).toBe('failed');
		const fixed = setParam(nb, CellId('data'), 'rows', 20);
		scheduler.markStale(fixed);
		expect(state('data').state).toBe('stale');
		for (const id of downstream) expect(state(id).state).toBe('stale');
		executor.failing.clear();
		await scheduler.run(fixed, { targets: 'all' });
		expect(states(fixed)).toMatchObject({ data: 'success', eval: 'success' });
	});
});
