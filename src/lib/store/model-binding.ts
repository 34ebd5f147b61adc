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

/**
 * The version `reference` names: an alias, a version number ('3', 'v3'), or 'latest'. Throws an
 * Error naming what the registry has when it names none: the registered models when `name` is
 * not one, else the model's versions and aliases.
 */
export async function findModelVersion(store: Store, name: string, reference: string): Promise<ModelVersionRecord> {
	const db = databaseOf(store);
	const transaction = db.transaction(['modelVersions', 'aliases']);
	const versions = transaction.objectStore('modelVersions');
	const aliases = transaction.objectStore('aliases');
	let raw: unknown;
	const number = VERSION.exec(reference)?.[1];
	if (number !== undefined) raw = await versions.get(versionId(name, Number(number)));
	else if (reference === 'latest') {
		const all = (await versions.index('byName').getAll(name)) as { version: number }[];
		raw = all.sort((a, b) => b.version - a.version)[0];
	} else {
		const alias = await aliases.get([name, reference]);
		if (alias) raw = await versions.get(alias.versionId);
	}
	if (raw === undefined) {
		// What there is, by key (no version record, with its weights, is read).
		const ids = await versions.index('byName').getAllKeys(name);
		const numbers = ids.map((id) => Number(String(id).slice(name.length + 1))).sort((a, b) => a - b);
		const known = (await aliases.index('byName').getAll(name)).map((record) => ({ alias: record.alias, version: record.versionId.slice(name.length + 1) }));
		if (numbers.length === 0) {
			const names: string[] = [];
			for (let cursor = await versions.index('byName').openKeyCursor(null, 'nextunique'); cursor; cursor = await cursor.continue()) names.push(String(cursor.key));
			throw new Error(
				`the registry has no model '${name}' (${names.length > 0 ? `it has: ${names.map((each) => `'${each}'`).join(', ')}` : 'it is empty'}): give a registered name, or register one (a register cell or the Register… form under a model)`
			);
		}
		const has = `versions: ${numbers.map((each) => `v${each}`).join(', ')}; aliases: ${known.map((each) => `${each.alias} → v${each.version}`).join(', ') || 'none'}`;
		if (number !== undefined) throw new Error(`model '${name}' has no version v${Number(number)} in the registry (${has}): give one of its versions, an alias or 'latest'`);
		const count = numbers.length;
		throw new Error(
			known.some((each) => each.alias === reference)
				? `alias '${reference}' of model '${name}' points to a version that is gone (${has}): point '${reference}' at a version (the registry page)`
				: `model '${name}' has no alias '${reference}' (aliases: ${known.map((each) => each.alias).join(', ') || 'none'}; ${count} version${count === 1 ? '' : 's'}): point '${reference}' at a version (a register cell's Alias, or the registry page), or give 'latest' or a version number`
		);
	}
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
