import { describe, expect, it, vi } from 'vitest';
import { TriggerLoop } from '../../../src/lib/components/trigger-scheduler';
import { openStore } from '../../../src/lib/store/database';
import { saveDatasetVersion } from '../../../src/lib/store/datasets';
import type { Firing } from '../../../src/lib/store/triggers';
import { addTrigger, listTriggers } from '../../../src/lib/store/triggers';
import { freshStore, table } from '../store/fixtures';

const at = (hours: number, minutes = 0, seconds = 0) => Date.UTC(2026, 0, 1, hours, minutes, seconds);

/** A loop on a stepped clock and a hand-fired interval, recording the firings it runs. */
function loop(store: Awaited<ReturnType<typeof freshStore>>, clock: { now: number }) {
	const ran: Firing[] = [];
	let tick: () => void = () => {};
	const triggers = new TriggerLoop({
		store: async () => store,
		run: async (_store, firing) => {
			ran.push(firing);
			return `run-${ran.length}`;
		},
		now: () => clock.now,
		setInterval: (callback) => ((tick = callback), 1),
		clearInterval: () => {}
	});
	return { triggers, ran, tick: () => tick() };
}

describe('TriggerLoop', () => {
	it('runs a schedule when its time comes while the tab checks, and records the run on the trigger', async () => {
		const store = await freshStore();
		const clock = { now: at(4, 59, 40) };
		await addTrigger(store, { notebookId: 'nb', notebookTitle: 'N', on: { kind: 'schedule', cron: '0 * * * *', timezone: 'UTC', catchUp: false } }, clock.now);
		const { triggers, ran, tick } = loop(store, clock);
		await triggers.start();
		expect(ran).toEqual([]);
		clock.now = at(5, 0, 5);
		tick();
		await triggers.check();
		await triggers.idle();
		expect(ran.map((firing) => firing.cause.kind === 'schedule' && firing.cause.scheduledAt)).toEqual([at(5)]);
		expect((await listTriggers(store)).triggers[0]).toMatchObject({ lastRunId: 'run-1', lastFiredAt: at(5, 0, 5), lastError: null });
		triggers.stop();
	});

	it('runs a dataset trigger as soon as a version is stored in another tab', async () => {
		const store = await freshStore();
		const other = await openStore({ name: store.name });
		const clock = { now: at(1) };
		await addTrigger(store, { notebookId: 'nb', notebookTitle: 'N', on: { kind: 'dataset', name: 'reviews' } }, clock.now);
		const { triggers, ran } = loop(store, clock);
		await triggers.start();
		const changed = new Promise<void>((resolve) => store.onChange((area) => area === 'datasets' && resolve()));
		await saveDatasetVersion(other, 'reviews', table([1, 2], [0, 1]), { description: 'other tab' });
		await changed;
		// No check is called here: the store's change announcement starts it.
		await vi.waitFor(() => expect(ran.length).toBe(1));
		expect(ran.map((firing) => firing.cause)).toMatchObject([{ kind: 'dataset', name: 'reviews', version: 1 }]);
		triggers.stop();
	});

	it('keeps the reason a run could not start on the trigger', async () => {
		const store = await freshStore();
		const clock = { now: at(1) };
		await addTrigger(store, { notebookId: 'nb', notebookTitle: 'N', on: { kind: 'dataset', name: 'reviews' } }, clock.now);
		const triggers = new TriggerLoop({
			store: async () => store,
			run: async () => {
				throw new Error('no such notebook');
			},
			now: () => clock.now,
			setInterval: () => 1,
			clearInterval: () => {}
		});
		await triggers.start();
		await saveDatasetVersion(store, 'reviews', table([1, 2], [0, 1]), { description: 'v1' });
		await triggers.check();
		await triggers.idle();
		expect(triggers.status.lastError).toBe("the run for trigger on 'N' could not start: no such notebook");
		expect((await listTriggers(store)).triggers[0]?.lastError).toBe('no such notebook');
		triggers.stop();
	});
});
