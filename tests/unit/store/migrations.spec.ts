import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { databaseOf, openStore } from '../../../src/lib/store/database';
import { listDatasets, loadTable } from '../../../src/lib/store/datasets';
import type { CellId } from '../../../src/lib/notebook/types';
import { keepNotebookFile, notebookFiles } from '../../../src/lib/store/notebook-files';
import { listNotebooks } from '../../../src/lib/store/notebooks';
import { listRuns } from '../../../src/lib/store/runs';
import { createVersion1 } from '../../../src/lib/store/schema';
import { freshStore, table } from './fixtures';

/** A database exactly as version 1 of Descent left it. */
async function version1Fixture(name: string): Promise<void> {
	const db = await openDB(name, 1, { upgrade: (database) => createVersion1(database) });
	await db.put('runs', { id: 'r1', startedAt: 10, endedAt: 20, notebookTitle: 'Old notebook', cells: [{ id: 'data', state: 'success' }] });
	await db.put('runs', { id: 'broken', startedAt: 'yesterday' });
	await db.put('datasets', { hash: 'a'.repeat(64), name: 'reviews', createdAt: 1, table: table([1, 2], [0, 1]) });
	await db.put('datasets', { hash: 'b'.repeat(64), name: 'reviews', createdAt: 2, table: table([1, 2, 5], [0, 1, 1]) });
	db.close();
}

describe('upgrade from version 1', () => {
	it('keeps runs and datasets: runs gain empty logs, datasets become numbered versions with a diff', async () => {
		const name = `migration-${Math.random()}`;
		await version1Fixture(name);
		const store = await openStore({ name });
		const { runs } = await listRuns(store);
		expect(runs).toHaveLength(1);
		expect(runs[0]).toMatchObject({ id: 'r1', notebookTitle: 'Old notebook', notebookId: null, cells: [{ id: 'data', state: 'success', attempts: [], params: {} }] });
		const versions = (await listDatasets(store)).names.get('reviews');
		expect(versions?.map((record) => [record.version, record.hash[0]])).toEqual([[2, 'b'], [1, 'a']]);
		expect(versions?.[0]?.diff).toMatchObject({ rowsBefore: 2, rowsAfter: 3 });
		expect((await loadTable(store, 'b'.repeat(64))).rowCount).toBe(3);
	});
});

describe('upgrade from version 2', () => {
	it('keeps the notebooks and adds the store for their attached files', async () => {
		const name = `migration-${Math.random()}`;
		const db = await openDB(name, 2, { upgrade: (database) => database.createObjectStore('notebooks', { keyPath: 'id' }).createIndex('byUpdatedAt', 'updatedAt') });
		await db.put('notebooks', { id: 'nb-1', title: 'Kept', hash: 'h', text: '{}', createdAt: 1, updatedAt: 2 });
		db.close();
		const store = await openStore({ name });
		expect((await listNotebooks(store)).notebooks.map((record) => record.title)).toEqual(['Kept']);
		await keepNotebookFile(store, 'nb-1', 'upload' as CellId, new File(['a,b\n'], 'data.csv'));
		expect([...(await notebookFiles(store, 'nb-1')).keys()]).toEqual(['upload']);
	});
});

describe('records that cannot be read', () => {
	it('a run in the version 1 shape is migrated when read; a damaged one is listed with the reason, not thrown', async () => {
		const store = await freshStore();
		const db = databaseOf(store) as unknown as { put(store: string, value: unknown): Promise<unknown> };
		await db.put('runs', { id: 'old', startedAt: 1, endedAt: 2, notebookTitle: 'From a v1 backup', cells: [{ id: 'a', state: 'failed' }] });
		await db.put('runs', { id: 'bad', notebookId: null, notebookTitle: 'x', notebookHash: null, startedAt: 1, endedAt: 2, cells: [{ id: 'a', state: 'exploded' }] });
		const { runs, unreadable } = await listRuns(store);
		expect(runs.map((run) => run.id)).toEqual(['old']);
		expect(runs[0]?.cells[0]).toMatchObject({ state: 'failed', kind: 'unknown' });
		expect(unreadable).toHaveLength(1);
		expect(unreadable[0]?.message).toMatch(/^runs\['bad'\]/);
	});
});
