import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/lib/store/database';
import { saveDatasetVersion } from '../../../src/lib/store/datasets';
import { listRuns } from '../../../src/lib/store/runs';
import { addTrigger, claimDue, listTriggers, setCatchUp, setPaused } from '../../../src/lib/store/triggers';
import { freshStore, table } from './fixtures';

const at = (hours: number, minutes = 0, seconds = 0) => Date.UTC(2026, 0, 1, hours, minutes, seconds);
const notebook = { notebookId: 'nb-1', notebookTitle: 'Reviews' };
const hourly = { kind: 'schedule' as const, cron: '0 * * * *', timezone: 'UTC', catchUp: false };

describe('dataset triggers', () => {
	it('fire once for a version stored after the trigger was made, with its version and hash', async () => {
		const store = await freshStore();
		await saveDatasetVersion(store, 'reviews', table([1, 2], [0, 1]), { description: 'v1' });
		const trigger = await addTrigger(store, { ...notebook, on: { kind: 'dataset', name: 'reviews' } }, at(1));
		expect(trigger.lastVersion).toBe(1);
		expect(await claimDue(store, at(1, 1))).toEqual([]);
		const { record } = await saveDatasetVersion(store, 'reviews', table([1, 2, 3], [0, 1, 1]), { description: 'v2' });
		await saveDatasetVersion(store, 'other', table([5], [0]), { description: 'not watched' });
		const firings = await claimDue(store, at(1, 2));
		expect(firings.map((firing) => firing.cause)).toEqual([{ kind: 'dataset', triggerId: trigger.id, name: 'reviews', version: 2, hash: record.hash }]);
		expect(await claimDue(store, at(1, 3))).toEqual([]);
	});

	it('two tabs checking at once claim a new version once', async () => {
		const first = await freshStore();
		const second = await openStore({ name: first.name });
		await addTrigger(first, { ...notebook, on: { kind: 'dataset', name: 'reviews' } }, at(1));
		await saveDatasetVersion(first, 'reviews', table([1, 2], [0, 1]), { description: 'v1' });
		const [a, b] = await Promise.all([claimDue(first, at(2)), claimDue(second, at(2))]);
		expect(a.length + b.length).toBe(1);
	});

	it('a paused trigger lets versions pass without firing, also after it is resumed', async () => {
		const store = await freshStore();
		const trigger = await addTrigger(store, { ...notebook, on: { kind: 'dataset', name: 'reviews' } }, at(1));
		await setPaused(store, trigger.id, true, at(1));
		await saveDatasetVersion(store, 'reviews', table([1, 2], [0, 1]), { description: 'v1' });
		expect(await claimDue(store, at(2))).toEqual([]);
		await setPaused(store, trigger.id, false, at(3));
		expect(await claimDue(store, at(4))).toEqual([]);
	});

	it('refuse the same dataset trigger twice for a notebook, also when both adds race, with a message naming it', async () => {
		const store = await freshStore();
		await addTrigger(store, { ...notebook, on: { kind: 'dataset', name: 'newrows_nolabel' } }, at(1));
		await expect(addTrigger(store, { ...notebook, on: { kind: 'dataset', name: ' newrows_nolabel ' } }, at(2))).rejects.toThrow(
			"notebook 'Reviews' already has this trigger (run when a new version of dataset 'newrows_nolabel' is stored)"
		);
		const raced = await Promise.allSettled([
			addTrigger(store, { ...notebook, on: { kind: 'dataset', name: 'reviews' } }, at(3)),
			addTrigger(store, { ...notebook, on: { kind: 'dataset', name: 'reviews' } }, at(3))
		]);
		expect(raced.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
		// Another dataset, or the same one for another notebook, is a trigger of its own.
		await addTrigger(store, { notebookId: 'nb-2', notebookTitle: 'Other', on: { kind: 'dataset', name: 'reviews' } }, at(4));
		expect((await listTriggers(store, 'nb-1')).triggers.map((trigger) => trigger.on)).toEqual([
			{ kind: 'dataset', name: 'newrows_nolabel' },
			{ kind: 'dataset', name: 'reviews' }
		]);
		await saveDatasetVersion(store, 'newrows_nolabel', table([1, 2], [0, 1]), { description: 'v1' });
		expect((await claimDue(store, at(5))).map((firing) => firing.trigger.notebookId)).toEqual(['nb-1']);
	});

	it('refuses an empty dataset name', async () => {
		const store = await freshStore();
		await expect(addTrigger(store, { ...notebook, on: { kind: 'dataset', name: ' ' } })).rejects.toThrow('name the dataset');
	});
});

describe('schedule triggers', () => {
	it('refuse the same cron, time zone and catch-up twice for a notebook, also when catch-up is switched to match', async () => {
		const store = await freshStore();
		await addTrigger(store, { ...notebook, on: hourly }, at(1));
		await expect(addTrigger(store, { ...notebook, on: { ...hourly, cron: ' 0  * * * * ' } }, at(2))).rejects.toThrow(
			"notebook 'Reviews' already has this trigger (run on the schedule 0  * * * * (UTC))"
		);
		const paris = await addTrigger(store, { ...notebook, on: { ...hourly, timezone: 'Europe/Paris' } }, at(3));
		const catching = await addTrigger(store, { ...notebook, on: { ...hourly, catchUp: true } }, at(4));
		await expect(setCatchUp(store, catching.id, false)).rejects.toThrow("notebook 'Reviews' already has this trigger (run on the schedule 0 * * * * (UTC))");
		expect((await listTriggers(store, 'nb-1')).triggers.map((trigger) => trigger.id)).toHaveLength(3);
		expect((await setCatchUp(store, paris.id, true)).on).toEqual({ ...hourly, timezone: 'Europe/Paris', catchUp: true });
	});

	it('refuse a cron expression that does not parse', async () => {
		const store = await freshStore();
		await expect(addTrigger(store, { ...notebook, on: { ...hourly, cron: '0 25 * * *' } }, at(1))).rejects.toThrow("'0 25 * * *' is not a cron schedule");
	});

	it('fire at the scheduled time while a tab checks, once however many tabs check', async () => {
		const first = await freshStore();
		const second = await openStore({ name: first.name });
		const trigger = await addTrigger(first, { ...notebook, on: hourly }, at(4, 59, 50));
		expect(await claimDue(first, at(4, 59, 55))).toEqual([]);
		const [a, b] = await Promise.all([claimDue(first, at(5, 0, 2)), claimDue(second, at(5, 0, 3))]);
		expect([...a, ...b].map((firing) => firing.cause)).toEqual([{ kind: 'schedule', triggerId: trigger.id, cron: '0 * * * *', scheduledAt: at(5), catchUp: false }]);
	});

	it('list times that passed with no tab open (catch-up off), and run them oldest first when catch-up is on', async () => {
		const store = await freshStore();
		const trigger = await addTrigger(store, { ...notebook, on: hourly }, at(1, 30));
		// No tab from 01:30 to 04:30.
		expect(await claimDue(store, at(4, 30))).toEqual([]);
		let [kept] = (await listTriggers(store, 'nb-1')).triggers;
		expect(kept?.missed).toEqual([at(2), at(3), at(4)]);
		await setCatchUp(store, trigger.id, true);
		// No tab again from 04:30 to 07:00:30.
		const firings = await claimDue(store, at(7, 0, 30));
		expect(firings.map((firing) => [firing.cause.kind === 'schedule' && firing.cause.scheduledAt, firing.cause.kind === 'schedule' && firing.cause.catchUp])).toEqual([
			[at(5), true],
			[at(6), true],
			[at(7), false]
		]);
		[kept] = (await listTriggers(store, 'nb-1')).triggers;
		expect(kept?.missed).toEqual([at(2), at(3), at(4)]);
		expect(kept?.lastScheduledAt).toBe(at(7));
	});

	it('a paused schedule neither runs nor lists the times it was paused for', async () => {
		const store = await freshStore();
		const trigger = await addTrigger(store, { ...notebook, on: hourly }, at(1, 30));
		await setPaused(store, trigger.id, true, at(1, 30));
		expect(await claimDue(store, at(3, 30))).toEqual([]);
		await setPaused(store, trigger.id, false, at(3, 30));
		expect(await claimDue(store, at(3, 30, 5))).toEqual([]);
		expect((await listTriggers(store)).triggers[0]?.missed).toEqual([]);
	});
});

describe('upgrade from version 4', () => {
	it('adds the triggers store and keeps what was stored', async () => {
		const name = `v4-${Math.random().toString(36).slice(2)}`;
		const old = await openDB(name, 4, {
			upgrade(db) {
				db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byStartedAt', 'startedAt');
				for (const store of ['datasetContents', 'modelVersions', 'notebooks', 'outputs']) db.createObjectStore(store, { keyPath: store === 'datasetContents' ? 'hash' : store === 'outputs' ? 'key' : 'id' });
			}
		});
		await old.put('runs', { id: 'r1', notebookId: null, notebookTitle: 'old', notebookHash: null, startedAt: 1, endedAt: 2, cells: [] });
		old.close();
		const store = await openStore({ name });
		expect((await listRuns(store)).runs.map((run) => run.id)).toEqual(['r1']);
		expect((await listTriggers(store)).triggers).toEqual([]);
	});
});
