/**
 * Dataset versions, as DVC keeps them: by content hash. Saving a table under a name whose
 * latest version has the same hash changes nothing; content seen before under that name
 * returns that version; new content becomes version n+1 with a diff against version n.
 * The table itself is stored once per hash, whatever the names.
 */
import * as v from 'valibot';
import type { Table } from '../data/table';
import { hashTable, type DatasetHash } from './content-hash';
import { databaseOf, StoreError, write, type Store } from './database';
import { describeTable } from './describe';
import { datasetContentSchema, datasetVersionSchema, issueMessage, parseAll, type DatasetVersionRecord, type Unreadable } from './records';

export interface DatasetSource {
	/** e.g. "reviews.csv" or "two-blobs seed 3". */
	description: string;
	fileName?: string | null;
	fileSize?: number | null;
}

export interface SavedVersion {
	record: DatasetVersionRecord;
	/** false when the content was already the name's version (nothing written). */
	created: boolean;
}

export async function saveDatasetVersion(store: Store, name: string, table: Table, source: DatasetSource, now = Date.now()): Promise<SavedVersion> {
	// Hash first: the transaction below must await nothing but its own requests.
	const hash = await hashTable(table);
	return write(store, ['datasetContents', 'datasetVersions'], 'datasets', async (transaction) => {
		const versions = transaction.objectStore('datasetVersions');
		const existing = (await versions.index('byName').getAll(name)).sort((a, b) => a.version - b.version);
		const same = existing.find((record) => record.hash === hash);
		if (same) return { record: same, created: false };
		const previous = existing.at(-1) ?? null;
		const record = describeTable(table, {
			name,
			version: (previous?.version ?? 0) + 1,
			hash,
			createdAt: now,
			source: { description: source.description, fileName: source.fileName ?? null, fileSize: source.fileSize ?? null },
			previous
		});
		const contents = transaction.objectStore('datasetContents');
		if (!(await contents.getKey(hash))) await contents.put({ hash, table });
		await versions.put(record);
		return { record, created: true };
	});
}

export interface DatasetListing {
	/** Name → versions, newest first. */
	names: Map<string, DatasetVersionRecord[]>;
	unreadable: Unreadable[];
}

export async function listDatasets(store: Store): Promise<DatasetListing> {
	const raw = await databaseOf(store).getAll('datasetVersions');
	const { records, unreadable } = parseAll(datasetVersionSchema, raw, (record, index) => `datasetVersions[${describeKey(record, index)}]`);
	const names = new Map<string, DatasetVersionRecord[]>();
	for (const record of records.sort((a, b) => b.version - a.version)) names.set(record.name, [...(names.get(record.name) ?? []), record]);
	return { names, unreadable };
}

/** The version of `name` whose hash starts with `hashPrefix` (at least 8 hex digits). */
export async function findVersion(store: Store, name: string, hashPrefix: string): Promise<DatasetVersionRecord> {
	const prefix = hashPrefix.trim().toLowerCase();
	if (!/^[0-9a-f]{8,64}$/.test(prefix)) throw new StoreError(`'${hashPrefix}' is not a version hash: use 'latest' or at least 8 hex digits from the datasets page`);
	const { names } = await listDatasets(store);
	const matches = (names.get(name) ?? []).filter((record) => record.hash.startsWith(prefix));
	if (matches.length === 0) throw new StoreError(`dataset '${name}' has no stored version ${prefix}`);
	if (matches.length > 1) throw new StoreError(`version ${prefix} of '${name}' is ambiguous: give more digits`);
	return matches[0]!;
}

export async function loadTable(store: Store, hash: string): Promise<Table> {
	const raw = await databaseOf(store).get('datasetContents', hash);
	if (raw === undefined) throw new StoreError(`no stored table has hash ${hash.slice(0, 12)}`);
	const parsed = v.safeParse(datasetContentSchema, raw);
	if (!parsed.success) throw new StoreError(issueMessage(`datasetContents['${hash.slice(0, 12)}']`, parsed.issues));
	return parsed.output.table;
}

export type { DatasetHash };

function describeKey(record: unknown, index: number): string {
	const value = record as { name?: unknown; version?: unknown } | null;
	return typeof value?.name === 'string' ? `'${value.name}' v${String(value.version)}` : String(index);
}
