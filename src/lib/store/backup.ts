/**
 * The whole workspace in one file, and back. Restoring merges without duplicates: tables by
 * content hash, dataset versions by (name, hash), model versions by (name, weights hash), runs
 * and notebooks by id (a notebook with its attached files), the monitor's scorings by version,
 * time and data, triggers by id; local aliases win over the file's.
 * A file that is not JSON, not a Descent backup, from a newer Descent, or with one bad record
 * is refused whole, naming the place.
 * The output cache is not backed up: it is recomputed on demand.
 */
import * as v from 'valibot';
import { decodeJson, encodeJson } from './backup-codec';
import { databaseOf, messageOf, StoreError, write, type Store } from './database';
import { upgradeModelVersion } from './legacy-models';
import { versionId } from './models';
import {
	aliasMoveSchema,
	aliasSchema,
	datasetContentSchema,
	datasetVersionSchema,
	issueMessage,
	modelVersionSchema,
	notebookFileSchema,
	notebookRecordSchema,
	runSchema,
	scoringSchema,
	triggerSchema
} from './records';
import { DB_VERSION } from './schema';
import { diffStatistics } from './statistics';

export const BACKUP_FORMAT = 'descent-backup';
/**
 * 2: models name their features by column (`features`); tables may hold sparse (CSR) columns.
 * Version 1 files are read by converting their models (`upgradeModelVersion`).
 */
export const BACKUP_VERSION = 2;

const storesSchema = v.object({
	datasetContents: v.array(datasetContentSchema),
	datasetVersions: v.array(datasetVersionSchema),
	modelVersions: v.array(modelVersionSchema),
	aliases: v.array(aliasSchema),
	aliasMoves: v.array(aliasMoveSchema),
	runs: v.array(runSchema),
	notebooks: v.array(notebookRecordSchema),
	// Backups made before notebooks kept their files have none; before the monitor and triggers, none of those.
	notebookFiles: v.optional(v.array(notebookFileSchema), []),
	scorings: v.optional(v.array(scoringSchema), []),
	triggers: v.optional(v.array(triggerSchema), [])
});
type BackupStores = v.InferOutput<typeof storesSchema>;
const BACKED_UP = ['datasetContents', 'datasetVersions', 'modelVersions', 'aliases', 'aliasMoves', 'runs', 'notebooks', 'notebookFiles', 'scorings', 'triggers'] as const;

export async function exportBackup(store: Store, appVersion: string, now = Date.now()): Promise<string> {
	const db = databaseOf(store);
	const transaction = db.transaction([...BACKED_UP]);
	const entries = await Promise.all(BACKED_UP.map(async (name) => [name, await transaction.objectStore(name).getAll()] as const));
	// A kept file is a Blob (notebook-files.ts); JSON holds its bytes.
	for (const [name, records] of entries) {
		if (name !== 'notebookFiles') continue;
		for (const record of records as { bytes: Blob | Uint8Array }[]) if (record.bytes instanceof Blob) record.bytes = new Uint8Array(await record.bytes.arrayBuffer());
	}
	return encodeJson({ format: BACKUP_FORMAT, version: BACKUP_VERSION, databaseVersion: DB_VERSION, appVersion, createdAt: now, stores: Object.fromEntries(entries) });
}

export type BackupResult = { ok: true; summary: RestoreSummary } | { ok: false; reason: string };

export interface RestoreSummary {
	added: Record<(typeof BACKED_UP)[number], number>;
	/** Aliases the file had that this workspace already sets otherwise (the local one is kept). */
	keptLocalAliases: string[];
}

/** Reads a backup file's text; nothing is written unless every record of it is readable. */
export function parseBackup(text: string): { ok: true; stores: BackupStores } | { ok: false; reason: string } {
	let value: unknown;
	try {
		value = decodeJson(text);
	} catch (error) {
		return { ok: false, reason: `not a backup: the file is not valid JSON (${messageOf(error)})` };
	}
	const envelope = v.safeParse(v.looseObject({ format: v.optional(v.unknown()), version: v.optional(v.unknown()), stores: v.optional(v.unknown()) }), value);
	if (!envelope.success) return { ok: false, reason: 'not a Descent backup: the file is JSON but not an object' };
	const { format, version, stores } = envelope.output;
	if (format !== BACKUP_FORMAT) return { ok: false, reason: `not a Descent backup: its format is ${format === undefined ? 'missing' : `'${String(format)}'`}, expected '${BACKUP_FORMAT}'` };
	if (typeof version !== 'number' || version > BACKUP_VERSION) return { ok: false, reason: `this backup is version ${String(version)}, made by a newer Descent; this one reads version ${BACKUP_VERSION}` };
	const parsed = v.safeParse(storesSchema, version < 2 ? upgradeVersion1(stores) : stores);
	if (!parsed.success) return { ok: false, reason: `corrupt backup: ${issueMessage('stores', parsed.issues)}` };
	return { ok: true, stores: parsed.output };
}

/** A version 1 file's stores with its registered models in today's shape (the rest is unchanged). */
function upgradeVersion1(stores: unknown): unknown {
	if (typeof stores !== 'object' || stores === null) return stores;
	const { modelVersions } = stores as { modelVersions?: unknown };
	return Array.isArray(modelVersions) ? { ...stores, modelVersions: modelVersions.map(upgradeModelVersion) } : stores;
}

export async function restoreBackup(store: Store, text: string): Promise<BackupResult> {
	const parsed = parseBackup(text);
	if (!parsed.ok) return parsed;
	const incoming = parsed.stores;
	try {
		const summary = await write(store, [...BACKED_UP], 'all', async (transaction) => {
			const added = { datasetContents: 0, datasetVersions: 0, modelVersions: 0, aliases: 0, aliasMoves: 0, runs: 0, notebooks: 0, notebookFiles: 0, scorings: 0, triggers: 0 };
			const keptLocalAliases: string[] = [];
			// Tables, once per hash.
			const contents = transaction.objectStore('datasetContents');
			for (const record of incoming.datasetContents) {
				if (await contents.getKey(record.hash)) continue;
				await contents.put(record);
				added.datasetContents++;
			}
			// Dataset versions: a name's content seen before is skipped, new content numbered after the local versions.
			const versions = transaction.objectStore('datasetVersions');
			for (const record of [...incoming.datasetVersions].sort((a, b) => a.version - b.version)) {
				const local = (await versions.index('byName').getAll(record.name)).sort((a, b) => a.version - b.version);
				if (local.some((existing) => existing.hash === record.hash)) continue;
				if (!(await contents.getKey(record.hash))) throw new StoreError(`corrupt backup: dataset '${record.name}' version ${record.version} has no table (hash ${record.hash.slice(0, 12)})`);
				const previous = local.at(-1) ?? null;
				await versions.put({ ...record, version: (previous?.version ?? 0) + 1, diff: previous ? diffStatistics(previous.statistics, record.statistics) : null });
				added.datasetVersions++;
			}
			// Model versions, renumbered the same way; `ids` maps the file's ids to this workspace's.
			const models = transaction.objectStore('modelVersions');
			const ids = new Map<string, string>();
			for (const record of [...incoming.modelVersions].sort((a, b) => a.version - b.version)) {
				const local = await models.index('byName').getAll(record.name);
				const same = local.find((existing) => existing.contentHash === record.contentHash);
				if (same) {
					ids.set(record.id, same.id);
					continue;
				}
				const number = Math.max(0, ...local.map((existing) => existing.version)) + 1;
				const id = versionId(record.name, number);
				await models.put({ ...record, id, version: number });
				ids.set(record.id, id);
				added.modelVersions++;
			}
			// Aliases the workspace does not set yet come with their history.
			const aliases = transaction.objectStore('aliases');
			const moves = transaction.objectStore('aliasMoves');
			const adopted = new Set<string>();
			for (const record of incoming.aliases) {
				const target = ids.get(record.versionId);
				if (!target) throw new StoreError(`corrupt backup: alias ${record.alias} of '${record.name}' points to '${record.versionId}', which the file does not hold`);
				const local = await aliases.get([record.name, record.alias]);
				if (local) {
					if (local.versionId !== target) keptLocalAliases.push(`${record.name} ${record.alias}`);
					continue;
				}
				await aliases.put({ ...record, versionId: target });
				adopted.add(`${record.name}\u0000${record.alias}`);
				added.aliases++;
			}
			for (const move of [...incoming.aliasMoves].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) {
				if (!adopted.has(`${move.name}\u0000${move.alias}`)) continue;
				const { id: _dropped, ...rest } = move;
				await moves.add({ ...rest, from: move.from === null ? null : (ids.get(move.from) ?? move.from), to: move.to === null ? null : (ids.get(move.to) ?? move.to) });
				added.aliasMoves++;
			}
			const runs = transaction.objectStore('runs');
			for (const record of incoming.runs) {
				if (await runs.getKey(record.id)) continue;
				await runs.put(record);
				added.runs++;
			}
			// A notebook the file has newer replaces the local one, and its attached files come with it.
			const notebooks = transaction.objectStore('notebooks');
			const files = transaction.objectStore('notebookFiles');
			for (const record of incoming.notebooks) {
				const local = await notebooks.get(record.id);
				if (local && local.updatedAt >= record.updatedAt) continue;
				await notebooks.put(record);
				added.notebooks++;
				for (const key of await files.index('byNotebook').getAllKeys(record.id)) await files.delete(key);
				for (const file of incoming.notebookFiles.filter((candidate) => candidate.notebookId === record.id)) {
					await files.put(file);
					added.notebookFiles++;
				}
			}
			// What predict cells scored, for the monitor: by the version it maps to here, once per (version, time, data).
			const scorings = transaction.objectStore('scorings');
			const scored = new Set((await scorings.getAll()).map((record) => `${record.versionId}\u0000${record.at}\u0000${record.datasetHash}`));
			for (const record of incoming.scorings) {
				const versionId = ids.get(record.versionId) ?? record.versionId;
				const key = `${versionId}\u0000${record.at}\u0000${record.datasetHash}`;
				if (scored.has(key)) continue;
				const version = (await models.get(versionId))?.version ?? record.version;
				const { id: _dropped, ...rest } = record;
				await scorings.add({ ...rest, versionId, version });
				scored.add(key);
				added.scorings++;
			}
			// Triggers the workspace does not have yet (by id); a local one keeps its own progress.
			const triggers = transaction.objectStore('triggers');
			for (const record of incoming.triggers) {
				if (await triggers.getKey(record.id)) continue;
				await triggers.put(record);
				added.triggers++;
			}
			return { added, keptLocalAliases };
		});
		return { ok: true, summary };
	} catch (error) {
		return { ok: false, reason: messageOf(error) };
	}
}
