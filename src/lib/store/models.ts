/**
 * The model registry, as MLflow's: versions per model name counting up from 1, free-form
 * aliases (production, staging, champion…) each pointing at one version, and the history of
 * every alias move. Rollback moves an alias back to where it pointed before, as one more move.
 * A version an alias points to cannot be deleted.
 */
import type { QualityGate } from '../cells/quality-gate';
import { refusal, type Rescored } from '../cells/register';
import type { LinearModel } from '../ml/model';
import { modelContentHash } from './model-hash';
import { databaseOf, StoreError, write, type Store, type WriteTransaction } from './database';
import { decideGate, incumbentFrom, type GateDecision } from './gate';
import {
	aliasMoveSchema,
	aliasSchema,
	modelVersionSchema,
	parseAll,
	type AliasMoveRecord,
	type AliasRecord,
	type Lineage,
	type ModelVersionRecord,
	type Unreadable
} from './records';

export interface RegistrationInput {
	name: string;
	model: LinearModel;
	metrics: Record<string, number>;
	measuredOn: ModelVersionRecord['measuredOn'];
	lineage: Lineage;
	/** Rows the metrics were measured on, and the class precision/recall/F1 are of. */
	rows?: number;
	positiveClass?: string;
	/** '' or absent: register only. */
	alias?: string;
	gate?: QualityGate | null;
	/** The register cell's re-scoring of the current version on the candidate's rows (used while that is still the current version). */
	rescored?: Rescored | null;
}

export interface RegistrationOutcome {
	version: ModelVersionRecord | null;
	/** false when the same weights were already a version of this name (it is reused). */
	created: boolean;
	promoted: boolean;
	/** pass false: refused, nothing registered and no alias moved. */
	gate: GateDecision;
	/** What happened, one sentence per step, for the cell log. */
	messages: string[];
}

export const versionId = (name: string, version: number): string => `${name}@${version}`;

export { modelContentHash };

/** Registers (and promotes) behind the gate, in one transaction: all of it happens or none. */
export async function registerModel(store: Store, input: RegistrationInput, now = Date.now()): Promise<RegistrationOutcome> {
	const name = input.name.trim();
	if (name === '') throw new StoreError('a model needs a name to be registered');
	const alias = input.alias?.trim() ?? '';
	const contentHash = modelContentHash(input.model);
	return write(store, ['modelVersions', 'aliases', 'aliasMoves'], 'models', async (transaction) => {
		const versions = await transaction.objectStore('modelVersions').index('byName').getAll(name);
		// The gate compares with what the alias points to now (production when no alias is set).
		const compared = alias || 'production';
		const current = await transaction.objectStore('aliases').get([name, compared]);
		const incumbent = current ? versions.find((record) => record.id === current.versionId) : undefined;
		const measured = { metrics: input.metrics, measuredOn: input.measuredOn, ...(input.rows === undefined ? {} : { rows: input.rows }), ...(input.positiveClass === undefined ? {} : { positiveClass: input.positiveClass }) };
		const gate = decideGate(input.gate ?? null, measured, incumbentFrom(incumbent, incumbent ? `${compared} (v${incumbent.version})` : '', input.rescored));
		if (!gate.pass) {
			return { version: null, created: false, promoted: false, gate, messages: [refusal(gate.failures, alias)] };
		}
		const messages: string[] = [];
		let version = versions.find((record) => record.contentHash === contentHash) ?? null;
		const created = version === null;
		if (version) messages.push(`the same model is already version ${version.version} of '${name}'`);
		else {
			const number = Math.max(0, ...versions.map((record) => record.version)) + 1;
			version = {
				id: versionId(name, number),
				name,
				version: number,
				contentHash,
				createdAt: now,
				model: input.model,
				...measured,
				...(input.gate ? { gate: gate.reasons.join('; ') } : {}),
				lineage: input.lineage
			};
			await transaction.objectStore('modelVersions').put(version);
			messages.push(`registered '${name}' version ${number}`);
		}
		if (input.gate) messages.push(`quality gate passed: ${gate.reasons.join('; ')}`);
		let promoted = false;
		if (alias) {
			if (current?.versionId === version.id) messages.push(`${alias} already points to version ${version.version}`);
			else {
				// The history says what the gate compared, so the registry page shows on what grounds a version was promoted.
				const note = input.gate ? `registered; gate: ${gate.comparison ?? gate.reasons.join('; ')}` : 'registered';
				await putMove(transaction, { name, alias, from: current?.versionId ?? null, to: version.id, at: now, note });
				messages.push(`moved ${alias} to version ${version.version}${incumbent ? ` (was version ${incumbent.version})` : ''}`);
				promoted = true;
			}
		}
		return { version, created, promoted, gate, messages };
	});
}

type AliasTransaction = WriteTransaction<['modelVersions', 'aliases', 'aliasMoves']>;

async function putMove(transaction: AliasTransaction, move: Omit<AliasMoveRecord, 'id'>): Promise<void> {
	if (move.to === null) await transaction.objectStore('aliases').delete([move.name, move.alias]);
	else await transaction.objectStore('aliases').put({ name: move.name, alias: move.alias, versionId: move.to, movedAt: move.at });
	await transaction.objectStore('aliasMoves').add(move);
}

/** Points `alias` at `to` (a version id), or removes it (`to` = null); recorded in the history. */
export async function moveAlias(store: Store, name: string, alias: string, to: string | null, note = 'moved', now = Date.now()): Promise<void> {
	const label = alias.trim();
	if (label === '') throw new StoreError('an alias needs a name');
	await write(store, ['modelVersions', 'aliases', 'aliasMoves'], 'models', async (transaction) => {
		if (to !== null && !(await transaction.objectStore('modelVersions').getKey(to))) throw new StoreError(`'${to}' is not a registered version`);
		const current = await transaction.objectStore('aliases').get([name, label]);
		if ((current?.versionId ?? null) === to) return;
		await putMove(transaction, { name, alias: label, from: current?.versionId ?? null, to, at: now, note });
	});
}

/** Moves `alias` back to the version it pointed to before the current one, skipping deleted versions. */
export async function rollbackAlias(store: Store, name: string, alias = 'production', now = Date.now()): Promise<string> {
	return write(store, ['modelVersions', 'aliases', 'aliasMoves'], 'models', async (transaction) => {
		const current = await transaction.objectStore('aliases').get([name, alias]);
		if (!current) throw new StoreError(`'${name}' has no ${alias} alias to roll back`);
		const moves = (await transaction.objectStore('aliasMoves').index('byName').getAll(name))
			.filter((move) => move.alias === alias)
			.sort((a, b) => (b.id ?? 0) - (a.id ?? 0));
		for (const move of moves) {
			const target = move.from;
			if (target === null || target === current.versionId) continue;
			if (!(await transaction.objectStore('modelVersions').getKey(target))) continue;
			await putMove(transaction, { name, alias, from: current.versionId, to: target, at: now, note: 'rollback' });
			return target;
		}
		throw new StoreError(`${alias} of '${name}' has no earlier version to roll back to`);
	});
}

/** Deletes a version no alias points to; one an alias points to is refused, naming the alias. */
export async function deleteModelVersion(store: Store, id: string): Promise<void> {
	await write(store, ['modelVersions', 'aliases'], 'models', async (transaction) => {
		const version = await transaction.objectStore('modelVersions').get(id);
		if (!version) throw new StoreError(`'${id}' is not a registered version`);
		const aliases = await transaction.objectStore('aliases').index('byName').getAll(version.name);
		const holding = aliases.filter((record) => record.versionId === id).map((record) => record.alias);
		if (holding.length > 0) throw new StoreError(`version ${version.version} of '${version.name}' is ${holding.join(' and ')}: move the alias first`);
		await transaction.objectStore('modelVersions').delete(id);
	});
}

export interface RegisteredModel {
	name: string;
	/** Newest first. */
	versions: ModelVersionRecord[];
	aliases: AliasRecord[];
	/** Newest first. */
	moves: AliasMoveRecord[];
}

export async function listModels(store: Store): Promise<{ models: RegisteredModel[]; unreadable: Unreadable[] }> {
	const db = databaseOf(store);
	const transaction = db.transaction(['modelVersions', 'aliases', 'aliasMoves']);
	const [rawVersions, rawAliases, rawMoves] = await Promise.all([
		transaction.objectStore('modelVersions').getAll(),
		transaction.objectStore('aliases').getAll(),
		transaction.objectStore('aliasMoves').getAll()
	]);
	const versions = parseAll(modelVersionSchema, rawVersions, (record, index) => `modelVersions[${(record as { id?: string })?.id ?? index}]`);
	const aliases = parseAll(aliasSchema, rawAliases, (_, index) => `aliases[${index}]`);
	const moves = parseAll(aliasMoveSchema, rawMoves, (_, index) => `aliasMoves[${index}]`);
	const names = [...new Set([...versions.records.map((record) => record.name), ...aliases.records.map((record) => record.name)])].sort();
	const models = names.map((name) => ({
		name,
		versions: versions.records.filter((record) => record.name === name).sort((a, b) => b.version - a.version),
		aliases: aliases.records.filter((record) => record.name === name).sort((a, b) => a.alias.localeCompare(b.alias)),
		moves: moves.records.filter((record) => record.name === name).sort((a, b) => (b.id ?? 0) - (a.id ?? 0))
	}));
	return { models, unreadable: [...versions.unreadable, ...aliases.unreadable, ...moves.unreadable] };
}
