/**
 * Resolves the models of predict cells in the registry, on the main thread, before a run: the
 * cell's model name plus an alias ('production'), a version ('3', 'v3') or 'latest' becomes the
 * stored version, handed to the cell as a model binding (see `cells/predict-binding.ts`). The
 * binding's identity is the version id and content hash, so moving the alias changes the
 * predict cell's output key: it turns stale and never reuses a prediction of another version.
 */
import * as v from 'valibot';
import { resolveParams } from '../cells/params';
import { modelBindingSource, type BindingSide } from '../cells/predict-binding';
import type { PredictParams } from '../cells/predict';
import { predictCell } from '../cells/predict';
import { registerCell } from '../cells/register';
import type { FileSource } from '../cells/types';
import { modelToJson } from '../export/model-json';
import type { CellId, Notebook } from '../notebook/types';
import { databaseOf, messageOf, type Store } from './database';
import { versionId } from './models';
import { modelVersionSchema, type ModelVersionRecord } from './records';

const VERSION = /^v?(\d+)$/i;

/** The version `reference` names: an alias, a version number, or 'latest'. */
export async function findModelVersion(store: Store, name: string, reference: string): Promise<ModelVersionRecord> {
	const db = databaseOf(store);
	const transaction = db.transaction(['modelVersions', 'aliases']);
	const versions = transaction.objectStore('modelVersions');
	let raw: unknown;
	const number = VERSION.exec(reference)?.[1];
	if (number !== undefined) raw = await versions.get(versionId(name, Number(number)));
	else if (reference === 'latest') {
		const all = (await versions.index('byName').getAll(name)) as { version: number }[];
		raw = all.sort((a, b) => b.version - a.version)[0];
	} else {
		const alias = await transaction.objectStore('aliases').get([name, reference]);
		if (!alias) {
			const known = (await transaction.objectStore('aliases').index('byName').getAll(name)).map((record) => record.alias);
			const count = await versions.index('byName').count(name);
			const names: string[] = [];
			if (count === 0) {
				// The names there are, one key each (no version record is read).
				for (let cursor = await versions.index('byName').openKeyCursor(null, 'nextunique'); cursor; cursor = await cursor.continue()) names.push(String(cursor.key));
			}
			throw new Error(
				count === 0
					? `the registry has no model '${name}' (${names.length > 0 ? `it has: ${names.map((known) => `'${known}'`).join(', ')}` : 'it is empty'}): give a registered name, or register one (a register cell or the Register… form under a model)`
					: `model '${name}' has no alias '${reference}' (aliases: ${known.join(', ') || 'none'}; ${count} version${count === 1 ? '' : 's'}): point '${reference}' at a version (a register cell's Alias, or the registry page), or give 'latest' or a version number`
			);
		}
		raw = await versions.get(alias.versionId);
	}
	if (raw === undefined) throw new Error(`model '${name}' has no version ${reference} in the registry`);
	const parsed = v.safeParse(modelVersionSchema, raw);
	if (!parsed.success) throw new Error(`version ${reference} of '${name}' cannot be read from the registry: ${parsed.issues[0]?.message}`);
	return parsed.output;
}

/**
 * A registered version as a JSON model file: the text a predict cell of the workbench is bound
 * to, so `descent run --model NAME=file.json` with it scores as the browser does. The export time
 * is the registration time, so the same version always gives the same file.
 */
export function registeredModelJson(record: Pick<ModelVersionRecord, 'model' | 'lineage' | 'createdAt'>): string {
	return modelToJson(record.model, { notebook: record.lineage.notebookTitle, exportedAt: new Date(record.createdAt).toISOString() });
}

async function side(store: Store, name: string, reference: string): Promise<{ side: BindingSide; identity: string }> {
	try {
		const record = await findModelVersion(store, name, reference);
		const label = `'${name}' v${record.version}${VERSION.test(reference) ? '' : ` (${reference})`}`;
		const text = registeredModelJson(record);
		return { side: { label, text }, identity: `${record.id}#${record.contentHash}` };
	} catch (error) {
		const message = messageOf(error);
		return { side: { error: message }, identity: `error:${message}` };
	}
}

/**
 * A register cell gated on "not worse than the alias now" gets the version its alias (production
 * when none) points to, so it can re-score it on the candidate's rows. No such version is not an
 * error for it: it then has nothing to compare with.
 */
async function bindRegisterCell(store: Store, params: Record<string, unknown>): Promise<FileSource | null> {
	if (params.gate !== true || params.notWorseThanCurrent !== true) return null;
	const name = String(params.modelName ?? '').trim();
	const alias = String(params.alias ?? '').trim() || 'production';
	const current = await side(store, name, alias);
	return modelBindingSource(current.side, null, current.identity);
}

/** A binding for every predict cell (and gated register cell) of the notebook whose params are valid. */
export async function bindPredictModels(store: Store, notebook: Notebook): Promise<Map<CellId, FileSource>> {
	const bindings = new Map<CellId, FileSource>();
	for (const cell of notebook.cells) {
		if (cell.kind === registerCell.kind) {
			const resolved = resolveParams(registerCell, cell.params);
			const binding = resolved.ok ? await bindRegisterCell(store, resolved.params) : null;
			if (binding) bindings.set(cell.id, binding);
			continue;
		}
		if (cell.kind !== predictCell.kind) continue;
		const resolved = resolveParams(predictCell, cell.params);
		if (!resolved.ok) continue;
		const params = resolved.params as unknown as PredictParams;
		const name = params.modelName.trim();
		const model = await side(store, name, params.model.trim());
		const challenger = params.compareWith.trim() === '' ? null : await side(store, name, params.compareWith.trim());
		bindings.set(cell.id, modelBindingSource(model.side, challenger?.side ?? null, `${model.identity}|${challenger?.identity ?? ''}`));
	}
	return bindings;
}
