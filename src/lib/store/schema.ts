/**
 * The one IndexedDB schema of Descent and its migrations. Version history:
 * 1. `datasets` (one record per content hash, keyPath 'hash') and `runs` (cell states only).
 * 2. Datasets split into `datasetContents` (the table, once per hash) and `datasetVersions`
 *    (name, version n, statistics, diff); the model registry; notebooks; the output cache;
 *    runs with params, logs and metrics.
 * 3. `notebookFiles`: the files attached to a kept notebook's dataset cells.
 * 4. Models name their features by column (`features`) instead of one name per weight
 *    (`featureNames`): registered versions and cached outputs are converted in place, weights
 *    untouched (`legacy-models.ts`); cached tables with one column per hashed bucket are dropped
 *    (the cache is recomputed on demand). Tables may hold sparse (CSR) columns.
 * 5. `scorings`: what each predict cell scored with which registered version (the data's hash,
 *    row count, metrics when the rows were labelled), for the registry's monitor; and `triggers`:
 *    a notebook's triggers (a new dataset version, a cron schedule) and their progress. New
 *    stores only: nothing earlier is rewritten.
 * Invariant: `upgrade` only awaits IndexedDB requests of its own transaction, so a migration
 * commits whole or not at all (an upgrade that throws aborts and leaves version 1 as it was).
 */
import * as v from 'valibot';
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type {
	AliasMoveRecord,
	AliasRecord,
	DatasetContentRecord,
	DatasetV1Record,
	DatasetVersionRecord,
	ModelVersionRecord,
	ScoringRecord,
	NotebookFileRecord,
	NotebookRecord,
	OutputRecord,
	RunRecord,
	RunV1Record,
	TriggerRecord
} from './records';
import { datasetV1Schema, runV1Schema } from './records';
import { describeTable } from './describe';
import { upgradeCachedValue, upgradeModelVersion } from './legacy-models';

export const DB_NAME = 'descent';
export const DB_VERSION = 5;

export interface DescentSchema extends DBSchema {
	/** Content hash → the table; one record however many names and versions share it. */
	datasetContents: { key: string; value: DatasetContentRecord };
	/** [name, version] → metadata; every version's hash has a `datasetContents` record. */
	datasetVersions: { key: [string, number]; value: DatasetVersionRecord; indexes: { byName: string; byHash: string } };
	/** `${name}@${version}` → the model version; versions of a name count up from 1. */
	modelVersions: { key: string; value: ModelVersionRecord; indexes: { byName: string } };
	/** [name, alias] → the version it points to; always a key of `modelVersions`. */
	aliases: { key: [string, string]; value: AliasRecord; indexes: { byName: string } };
	/** Every move of every alias, never rewritten: the history the registry page shows. */
	aliasMoves: { key: number; value: AliasMoveRecord; indexes: { byName: string } };
	runs: { key: string; value: RunRecord; indexes: { byStartedAt: number } };
	notebooks: { key: string; value: NotebookRecord; indexes: { byUpdatedAt: number } };
	/** [notebook id, cell id] → the file attached to that dataset cell. */
	notebookFiles: { key: [string, string]; value: NotebookFileRecord; indexes: { byNotebook: string } };
	/** Cell outputs by output key (kind, params, file, input keys). */
	outputs: { key: string; value: OutputRecord; indexes: { byUsedAt: number } };
	/** One record per predict run: which version scored which data (by hash) when; never rewritten. */
	scorings: { key: number; value: ScoringRecord; indexes: { byModel: string } };
	/** Trigger id → the trigger; updated in one transaction per check, so two tabs never claim the same firing. */
	triggers: { key: string; value: TriggerRecord; indexes: { byNotebook: string } };
}

export type DescentDatabase = IDBPDatabase<DescentSchema>;
export type StoreName = StoreNames<DescentSchema>;
export const STORE_NAMES: readonly StoreName[] = [
	'datasetContents',
	'datasetVersions',
	'modelVersions',
	'aliases',
	'aliasMoves',
	'runs',
	'notebooks',
	'notebookFiles',
	'outputs',
	'scorings',
	'triggers'
];

/** Version 1's stores, gone since version 2; reached through an untyped view in `upgrade`. */
export const V1_STORES = { datasets: 'datasets', runs: 'runs' } as const;

type UpgradeTransaction = IDBPTransaction<DescentSchema, StoreName[], 'versionchange'>;

/** Creates version 1 exactly as it was: used by the migration tests to build a fixture. */
export function createVersion1(db: IDBPDatabase): void {
	db.createObjectStore(V1_STORES.datasets, { keyPath: 'hash' });
	db.createObjectStore(V1_STORES.runs, { keyPath: 'id' });
}

export function migrateRunV1(run: RunV1Record): RunRecord {
	return {
		id: run.id,
		notebookId: null,
		notebookTitle: run.notebookTitle,
		notebookHash: null,
		startedAt: run.startedAt,
		endedAt: run.endedAt,
		cells: run.cells.map((cell) => ({
			id: cell.id,
			title: cell.id,
			kind: 'unknown',
			state: cell.state,
			durationMs: null,
			fromCache: false,
			attempts: [],
			params: {},
			metrics: {}
		}))
	};
}

export async function upgrade(db: DescentDatabase, oldVersion: number, transaction: UpgradeTransaction): Promise<void> {
	try {
		await migrate(db, oldVersion, transaction);
	} catch (error) {
		// idb does not await this function: a rejection after the first await would not abort the
		// upgrade by itself, and half of a migration would commit. Abort it, so the database stays at its old version.
		transaction.abort();
		throw error;
	}
}

async function migrate(db: DescentDatabase, oldVersion: number, transaction: UpgradeTransaction): Promise<void> {
	const untyped = db as unknown as IDBPDatabase;
	const legacy = transaction as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
	let oldRuns: unknown[] = [];
	let oldDatasets: unknown[] = [];
	if (oldVersion === 1) {
		// Read version 1 before its stores are replaced (runs keeps its name, not its shape).
		oldRuns = await legacy.objectStore(V1_STORES.runs).getAll();
		oldDatasets = await legacy.objectStore(V1_STORES.datasets).getAll();
		untyped.deleteObjectStore(V1_STORES.runs);
		untyped.deleteObjectStore(V1_STORES.datasets);
	}
	if (oldVersion < 2) {
		db.createObjectStore('datasetContents', { keyPath: 'hash' });
		const versions = db.createObjectStore('datasetVersions', { keyPath: ['name', 'version'] });
		versions.createIndex('byName', 'name');
		versions.createIndex('byHash', 'hash');
		db.createObjectStore('modelVersions', { keyPath: 'id' }).createIndex('byName', 'name');
		db.createObjectStore('aliases', { keyPath: ['name', 'alias'] }).createIndex('byName', 'name');
		db.createObjectStore('aliasMoves', { keyPath: 'id', autoIncrement: true }).createIndex('byName', 'name');
		db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byStartedAt', 'startedAt');
		db.createObjectStore('notebooks', { keyPath: 'id' }).createIndex('byUpdatedAt', 'updatedAt');
		db.createObjectStore('outputs', { keyPath: 'key' }).createIndex('byUsedAt', 'usedAt');
	}
	if (oldVersion < 3) db.createObjectStore('notebookFiles', { keyPath: ['notebookId', 'cell'] }).createIndex('byNotebook', 'notebookId');
	// The check lets a test fixture built with this `upgrade` at an older version (which already creates it) open again.
	if (oldVersion < 5 && !db.objectStoreNames.contains('scorings')) db.createObjectStore('scorings', { keyPath: 'id', autoIncrement: true }).createIndex('byModel', 'modelName');
	if (oldVersion < 5 && !db.objectStoreNames.contains('triggers')) db.createObjectStore('triggers', { keyPath: 'id' }).createIndex('byNotebook', 'notebookId');
	if (oldVersion === 1) await migrateVersion1(transaction, oldRuns, oldDatasets);
	// Version 1 had no models; from 2 on, models and cached outputs may hold the old shape.
	if (oldVersion >= 2 && oldVersion < 4) await migrateToFeatureColumns(db, transaction);
}

/**
 * Version 3 → 4: every registered model and every cached model to `features`, one record at a
 * time (a cursor, so a large cache is never all in memory).
 */
async function migrateToFeatureColumns(db: DescentDatabase, transaction: UpgradeTransaction): Promise<void> {
	// Both stores exist since version 2; the check keeps a partial test fixture from failing the upgrade.
	if (!db.objectStoreNames.contains('modelVersions') || !db.objectStoreNames.contains('outputs')) return;
	let version = await transaction.objectStore('modelVersions').openCursor();
	while (version) {
		const upgraded = upgradeModelVersion(version.value);
		if (upgraded !== version.value) await version.update(upgraded as ModelVersionRecord);
		version = await version.continue();
	}
	let output = await transaction.objectStore('outputs').openCursor();
	while (output) {
		const record = output.value;
		const value = upgradeCachedValue(record.value);
		if (value === null) await output.delete();
		else if (value !== record.value) await output.update({ ...record, value: value as OutputRecord['value'] });
		output = await output.continue();
	}
}

/** Version 1 → 2: runs gain empty logs and params; datasets become version n of their name, oldest first. */
async function migrateVersion1(transaction: UpgradeTransaction, runs: unknown[], datasets: unknown[]): Promise<void> {
	// A record version 1 could not have written is dropped, not allowed to abort the upgrade.
	for (const record of runs) {
		const parsed = v.safeParse(runV1Schema, record);
		if (parsed.success) await transaction.objectStore('runs').put(migrateRunV1(parsed.output));
	}
	const valid = datasets
		.map((record) => v.safeParse(datasetV1Schema, record))
		.filter((result) => result.success)
		.map((result) => result.output as DatasetV1Record)
		.sort((a, b) => a.createdAt - b.createdAt);
	const counts = new Map<string, number>();
	let previous = new Map<string, DatasetVersionRecord>();
	for (const dataset of valid) {
		const version = (counts.get(dataset.name) ?? 0) + 1;
		counts.set(dataset.name, version);
		await transaction.objectStore('datasetContents').put({ hash: dataset.hash, table: dataset.table });
		const record = describeTable(dataset.table, {
			name: dataset.name,
			version,
			hash: dataset.hash,
			createdAt: dataset.createdAt,
			source: { description: dataset.table.source, fileName: null, fileSize: null },
			previous: previous.get(dataset.name) ?? null
		});
		previous = new Map(previous).set(dataset.name, record);
		await transaction.objectStore('datasetVersions').put(record);
	}
}
