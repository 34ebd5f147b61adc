/**
 * Gathers the monitor's facts from IndexedDB: each model's watched version (production, else the
 * newest), what it scored (`scorings.ts`), and the drift of each scored dataset against the
 * dataset version it was trained on, both found again by content hash. The rules themselves are
 * in `monitor.ts`; the drift test is passed in (the drift statistics of `ml/drift`, see
 * `monitor-drift.ts`), and verdicts are memoised by hash pair: stored contents never change.
 */
import type { Table } from '../data/table';
import type { TrainingDrift } from '../ml/drift/training-drift';
import { messageOf, type Store } from './database';
import { loadTable } from './datasets';
import { listModels, type RegisteredModel } from './models';
import { assessVersion, watchedVersion, type DriftVerdict, type MonitorPolicy, type ScoredData, type VersionHealth } from './monitor';
import type { ScoringRecord } from './records';
import { listScorings } from './scorings';

/**
 * Compares the scored rows with the training rows, in place or on a worker; throws (or rejects)
 * when they cannot be compared (no shared column).
 */
export type DriftCheck = (reference: Table, current: Table) => TrainingDrift | Promise<TrainingDrift>;

/** Distinct scored datasets whose drift is computed, newest first; older ones are listed as not checked. */
const CHECKED_DATASETS = 5;

const verdicts = new Map<string, DriftVerdict>();

async function firstStored(store: Store, hashes: readonly string[]): Promise<Table | null> {
	for (const hash of hashes) {
		try {
			return await loadTable(store, hash);
		} catch {
			// Not kept (or unreadable): try the next training dataset.
		}
	}
	return null;
}

async function driftOf(store: Store, trainedOn: readonly string[], scoring: ScoringRecord, check: DriftCheck): Promise<DriftVerdict> {
	if (trainedOn.includes(scoring.datasetHash)) return { known: true, drifted: false, summary: 'is the data it was trained on', driftedColumns: [] };
	if (trainedOn.length === 0) return { known: false, reason: 'the version records no training dataset' };
	const key = `${trainedOn.join(',')}|${scoring.datasetHash}`;
	const memo = verdicts.get(key);
	if (memo) return memo;
	const reference = await firstStored(store, trainedOn);
	if (!reference) return { known: false, reason: 'its training data is no longer stored' };
	let current: Table;
	try {
		current = await loadTable(store, scoring.datasetHash);
	} catch {
		return { known: false, reason: 'the scored rows are not a stored dataset version (score a dataset cell\'s output to compare them)' };
	}
	let verdict: DriftVerdict;
	try {
		verdict = { known: true, ...(await check(reference, current)) };
	} catch (error) {
		verdict = { known: false, reason: messageOf(error) };
	}
	verdicts.set(key, verdict);
	return verdict;
}

/** The watched version's health, or null when the model has no version. `now`: ms since epoch (injected). */
export async function monitorModel(store: Store, model: RegisteredModel, policy: MonitorPolicy, now: number, check: DriftCheck): Promise<VersionHealth | null> {
	const version = watchedVersion(model.versions, model.aliases);
	if (!version) return null;
	const { scorings } = await listScorings(store, model.name);
	const mine = scorings.filter((scoring) => scoring.versionId === version.id);
	const newestHashes = [...new Set(mine.map((scoring) => scoring.datasetHash).reverse())].slice(0, CHECKED_DATASETS);
	const scored: ScoredData[] = [];
	for (const scoring of mine) {
		const drift = newestHashes.includes(scoring.datasetHash) ? await driftOf(store, version.lineage.datasetHashes, scoring, check) : { known: false as const, reason: 'older than the datasets checked' };
		scored.push({ scoring, drift });
	}
	return assessVersion(version, scored, policy, now);
}

/** Every registered model's health, by name (the start page's "needs attention" list). */
export async function monitorAll(store: Store, policy: MonitorPolicy, now: number, check: DriftCheck): Promise<{ name: string; health: VersionHealth | null }[]> {
	const { models } = await listModels(store);
	const out: { name: string; health: VersionHealth | null }[] = [];
	for (const model of models) out.push({ name: model.name, health: await monitorModel(store, model, policy, now, check) });
	return out;
}
