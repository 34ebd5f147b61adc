/**
 * What production saw: one record each time a predict cell scored rows with a registered version
 * (the rows' content hash, not the rows: a stored dataset version is found again by its hash).
 * Written on the main thread after the predict cell succeeds (`workbench-link.ts`); read by the
 * registry's monitor (`monitor.ts`). Records are added, never rewritten.
 */
import type { Predictions } from '../cells/predict';
import type { CellValue } from '../cells/values';
import { hashTable } from './content-hash';
import { datasetVersionLabel } from './dataset-version-label';
import { databaseOf, write, type Store } from './database';
import { findModelVersion } from './model-binding';
import { parseAll, scoringSchema, type ScoringRecord, type Unreadable } from './records';

/** Adds a scoring; announced as a change of the models area, so the registry's monitor reloads. */
export async function recordScoring(store: Store, scoring: Omit<ScoringRecord, 'id'>): Promise<ScoringRecord> {
	return write(store, ['scorings'], 'models', async (transaction) => {
		const id = await transaction.objectStore('scorings').add(scoring);
		return { ...scoring, id };
	});
}

/** The scorings of model `name` (every version), oldest first. */
export async function listScorings(store: Store, name: string): Promise<{ scorings: ScoringRecord[]; unreadable: Unreadable[] }> {
	const raw = await databaseOf(store).getAllFromIndex('scorings', 'byModel', name);
	const { records, unreadable } = parseAll(scoringSchema, raw, (record, index) => `scorings[${(record as { id?: number })?.id ?? index}]`);
	return { scorings: records.sort((a, b) => a.at - b.at || (a.id ?? 0) - (b.id ?? 0)), unreadable };
}

export interface PredictionFacts {
	/** The predict cell's params: the registry name and the alias or version it scored with. */
	modelName: string;
	reference: string;
	/** The value on its data input: a table, or splits of which `part` was scored. */
	data: CellValue | undefined;
	part: 'test' | 'train' | 'validation';
	predictions: Predictions;
	notebookTitle: string;
}

/**
 * Records what a predict cell just scored: the version its alias points to now (the run has just
 * resolved it), the scored rows' hash and a label for them, their row count and metrics.
 * Returns null when the data input held no table (nothing to recognise the rows by).
 */
export async function recordPrediction(store: Store, facts: PredictionFacts, now = Date.now()): Promise<ScoringRecord | null> {
	const data = facts.data;
	const table = data?.kind === 'table' ? data : data?.kind === 'splits' ? data[facts.part] : null;
	if (!table) return null;
	// Hash and look up before the write: its transaction may await only its own requests.
	const version = await findModelVersion(store, facts.modelName.trim(), facts.reference.trim());
	const datasetHash = await hashTable(table);
	const stored = (await databaseOf(store).getAllFromIndex('datasetVersions', 'byHash', datasetHash)) as { name: string; version: number }[];
	const named = stored.sort((a, b) => a.version - b.version)[0];
	const datasetLabel = named ? datasetVersionLabel(named.name, named.version) : data?.kind === 'splits' ? `the ${facts.part} split of '${table.name}'` : `table '${table.name}'`;
	const metrics = facts.predictions.metrics;
	return recordScoring(store, {
		modelName: version.name,
		versionId: version.id,
		version: version.version,
		at: now,
		datasetHash,
		datasetLabel,
		rowCount: table.rowCount,
		metrics: metrics ? { accuracy: metrics.accuracy, precision: metrics.precision, recall: metrics.recall, f1: metrics.f1 } : null,
		notebookTitle: facts.notebookTitle
	});
}
