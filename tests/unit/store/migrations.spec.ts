import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { databaseOf, openStore } from '../../../src/lib/store/database';
import { listDatasets, loadTable } from '../../../src/lib/store/datasets';
import type { CellId } from '../../../src/lib/notebook/types';
import { keepNotebookFile, notebookFiles } from '../../../src/lib/store/notebook-files';
import { listNotebooks } from '../../../src/lib/store/notebooks';
import { listRuns } from '../../../src/lib/store/runs';
import { exportBackup, restoreBackup } from '../../../src/lib/store/backup';
import { upgradeLegacyModel } from '../../../src/lib/store/legacy-models';
import { encodeJson } from '../../../src/lib/store/backup-codec';
import { listModels, modelContentHash, registerModel } from '../../../src/lib/store/models';
import { PersistentOutputCache } from '../../../src/lib/store/outputs';
import { createVersion1, upgrade } from '../../../src/lib/store/schema';
import type { HashVectorizeStep } from '../../../src/lib/data/preprocessing';
import type { LinearModel } from '../../../src/lib/ml/model';
import { freshStore, lineage, model, table } from './fixtures';

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

/** A text model as version 3 kept it: one feature name per weight, 4 hashed buckets then a number. */
const step: HashVectorizeStep = { type: 'hash-vectorize', column: 'review', buckets: 4, ngramMax: 1, lowercase: true, tokenPattern: '(?u)\\b\\w\\w+\\b', hash: 'murmur3_32', seed: 0, prefix: 'review#' };
function legacyModel(weight: number): Record<string, unknown> {
	const { features: _features, ...rest } = model(weight);
	return { ...rest, featureNames: ['review#0', 'review#1', 'review#2', 'review#3', 'stars'], coef: Float32Array.from([weight, 2, 3, 4, 5]), preprocessing: [step] };
}
const upgradedFeatures = [
	{ name: 'review', type: 'sparse', width: 4 },
	{ name: 'stars', type: 'numeric' }
];

/** A database as version 3 left it (every store), holding models in the old shape. */
async function version3Fixture(name: string): Promise<void> {
	const db = await openDB(name, 3, { upgrade: (database, oldVersion, _newVersion, transaction) => upgrade(database as never, oldVersion, transaction as never) });
	await db.put('modelVersions', { id: 'reviews@1', name: 'reviews', version: 1, contentHash: 'old', createdAt: 1, model: legacyModel(1), metrics: { accuracy: 0.8 }, measuredOn: 'test', lineage });
	await db.put('aliases', { name: 'reviews', alias: 'production', versionId: 'reviews@1', movedAt: 1 });
	await db.put('outputs', { key: 'train', value: legacyModel(1), summary: {}, usedAt: 1 });
	await db.put('outputs', { key: 'grid', value: { kind: 'model-grid', models: [legacyModel(1), legacyModel(2)], device: 'cpu', adapter: null }, summary: {}, usedAt: 2 });
	await db.put('outputs', { key: 'register', value: { kind: 'registration', modelName: 'reviews', alias: '', gate: null, model: legacyModel(3), metrics: {}, measuredOn: 'test' }, summary: {}, usedAt: 3 });
	const bucketTable = { ...table([1, 2], [0, 1]), columns: [0, 1, 2, 3].map((j) => ({ name: `review#${j}`, type: 'numeric', values: Float32Array.from([j, 0]) })), preprocessing: [step] };
	await db.put('outputs', { key: 'vectorized', value: bucketTable, summary: {}, usedAt: 4 });
	await db.put('outputs', { key: 'numbers', value: table([1, 2], [0, 1]), summary: {}, usedAt: 5 });
	db.close();
}

describe('upgrade from version 3: models name their features by column', () => {
	it('converts registered versions in place, weights untouched, and registering the same model again finds that version', async () => {
		const name = `migration-${Math.random()}`;
		await version3Fixture(name);
		const store = await openStore({ name });
		const { models, unreadable } = await listModels(store);
		expect(unreadable).toEqual([]);
		const version = models[0]!.versions[0]!;
		expect(version.model.features).toEqual(upgradedFeatures);
		expect(version.model).not.toHaveProperty('featureNames');
		expect(Array.from(version.model.coef)).toEqual([1, 2, 3, 4, 5]);
		expect(version.contentHash).toBe(modelContentHash(version.model));
		expect(models[0]!.aliases[0]?.versionId).toBe('reviews@1');
		const again = await registerModel(store, { name: 'reviews', model: version.model, metrics: { accuracy: 0.8 }, measuredOn: 'test', lineage });
		expect(again).toMatchObject({ created: false, version: { id: 'reviews@1' } });
	});

	it('converts cached models (alone, in a grid, in a registration) and drops cached tables of one column per bucket', async () => {
		const name = `migration-${Math.random()}`;
		await version3Fixture(name);
		const cache = new PersistentOutputCache(await openStore({ name }));
		expect(await cache.load()).toEqual([]);
		expect((cache.get('train')?.value as LinearModel).features).toEqual(upgradedFeatures);
		const grid = cache.get('grid')?.value;
		expect(grid?.kind === 'model-grid' && grid.models.map((entry) => entry.features)).toEqual([upgradedFeatures, upgradedFeatures]);
		const registration = cache.get('register')?.value;
		expect(registration?.kind === 'registration' && registration.model.features).toEqual(upgradedFeatures);
		expect(cache.has('vectorized')).toBe(false);
		expect(cache.has('numbers')).toBe(true);
	});

	it('folds a standardisation of hashed buckets into the weights (sparse columns are never centred), keeping the scores', () => {
		const standardize = { type: 'standardize' as const, columns: ['review#0', 'review#1', 'review#2', 'review#3', 'stars'], mean: [0.5, 1, 0, 2, 3], std: [2, 4, 1, 0.5, 1.5] };
		const old = { ...legacyModel(1), preprocessing: [step, standardize] };
		const upgraded = upgradeLegacyModel(old) as LinearModel;
		expect(upgraded.features).toEqual(upgradedFeatures);
		expect(upgraded.preprocessing).toEqual([step, { type: 'standardize', columns: ['stars'], mean: [3], std: [1.5] }]);
		// One raw row: bucket counts and a number of stars, scored the old way and the new way.
		const counts = [2, 0, 1, 3];
		const stars = 4;
		const oldWeights = (old as Record<string, unknown>).coef as Float32Array;
		const before = counts.reduce((sum, x, j) => sum + (oldWeights[j]! * (x - standardize.mean[j]!)) / standardize.std[j]!, 0) + (oldWeights[4]! * (stars - 3)) / 1.5 + 0.5;
		const after = counts.reduce((sum, x, j) => sum + upgraded.coef[j]! * x, 0) + (upgraded.coef[4]! * (stars - 3)) / 1.5 + upgraded.intercept[0]!;
		expect(after).toBeCloseTo(before, 5);
	});

	it('a backup made before the change (version 1 of the file) restores with its models converted', async () => {
		const legacy = { id: 'reviews@1', name: 'reviews', version: 1, contentHash: 'old', createdAt: 1, model: legacyModel(1), metrics: { accuracy: 0.8 }, measuredOn: 'test', lineage };
		const text = encodeJson({
			format: 'descent-backup',
			version: 1,
			stores: { datasetContents: [], datasetVersions: [], modelVersions: [legacy], aliases: [{ name: 'reviews', alias: 'production', versionId: 'reviews@1', movedAt: 1 }], aliasMoves: [], runs: [], notebooks: [] }
		});
		const store = await freshStore();
		const result = await restoreBackup(store, text);
		expect(result.ok && result.summary.added.modelVersions).toBe(1);
		const version = (await listModels(store)).models[0]!.versions[0]!;
		expect(version.model.features).toEqual(upgradedFeatures);
		// The file this version writes says so, and restores into a workspace that has it as nothing new.
		const again = await restoreBackup(store, await exportBackup(store, '0.1.0'));
		expect(again.ok && again.summary.added.modelVersions).toBe(0);
		expect(JSON.parse(await exportBackup(store, '0.1.0')).version).toBe(2);
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

	it('a model whose weights do not match its features is listed as unreadable', async () => {
		const store = await freshStore();
		const db = databaseOf(store) as unknown as { put(store: string, value: unknown): Promise<unknown> };
		const bad = { ...model(1), features: [{ name: 'words', type: 'sparse', width: 8 }] };
		await db.put('modelVersions', { id: 'm@1', name: 'm', version: 1, contentHash: 'h', createdAt: 1, model: bad, metrics: {}, measuredOn: 'test', lineage });
		const { models, unreadable } = await listModels(store);
		expect(models.flatMap((entry) => entry.versions)).toEqual([]);
		expect(unreadable[0]?.message).toMatch(/^modelVersions\[m@1\]\.model: not a linear model/);
	});
});
