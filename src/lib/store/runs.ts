/**
 * Run history (MLflow's tracking): each run of a notebook with every cell's state, duration,
 * attempts and logs, params and metrics. Runs from version 1 of the database are read through
 * `migrateRunV1`; anything else unreadable is listed with the reason, not thrown.
 */
import * as v from 'valibot';
import { databaseOf, write, type Store } from './database';
import { parseAll, runSchema, runV1Schema, type RunRecord, type Unreadable } from './records';
import { migrateRunV1 } from './schema';

export async function saveRun(store: Store, run: RunRecord): Promise<void> {
	await write(store, ['runs'], 'runs', async (transaction) => {
		await transaction.objectStore('runs').put(run);
	});
}

const anyRunSchema = v.union([runSchema, v.pipe(runV1Schema, v.transform(migrateRunV1))]);

/** Newest first. */
export async function listRuns(store: Store): Promise<{ runs: RunRecord[]; unreadable: Unreadable[] }> {
	const raw = await databaseOf(store).getAll('runs');
	const { records, unreadable } = parseAll(anyRunSchema, raw, (record, index) => `runs['${(record as { id?: string })?.id ?? index}']`);
	return { runs: records.sort((a, b) => b.startedAt - a.startedAt), unreadable };
}

export async function deleteRun(store: Store, id: string): Promise<void> {
	await write(store, ['runs'], 'runs', async (transaction) => {
		await transaction.objectStore('runs').delete(id);
	});
}

/** The numeric metrics of a run, as "cell.metric" → value, for comparing runs. */
export function runMetrics(run: RunRecord): Map<string, number> {
	const metrics = new Map<string, number>();
	for (const cell of run.cells) for (const [key, value] of Object.entries(cell.metrics)) if (typeof value === 'number') metrics.set(`${cell.id}.${key}`, value);
	return metrics;
}

/** Params of a run as "cell.param" → text, for comparing runs. */
export function runParams(run: RunRecord): Map<string, string> {
	const params = new Map<string, string>();
	for (const cell of run.cells) for (const [key, value] of Object.entries(cell.params)) params.set(`${cell.id}.${key}`, JSON.stringify(value));
	return params;
}

export interface ComparisonRow {
	key: string;
	values: (string | number | null)[];
	/** Not every run has the same value. */
	differs: boolean;
}

/** Rows of `key → value per run`, the differing ones first. */
export function compareRuns(runs: readonly RunRecord[]): { params: ComparisonRow[]; metrics: ComparisonRow[] } {
	const table = <T extends string | number>(maps: Map<string, T>[]): ComparisonRow[] => {
		const keys = [...new Set(maps.flatMap((map) => [...map.keys()]))].sort();
		const rows = keys.map((key) => {
			const values = maps.map((map) => map.get(key) ?? null);
			return { key, values, differs: values.some((value) => value !== values[0]) };
		});
		return [...rows.filter((row) => row.differs), ...rows.filter((row) => !row.differs)];
	};
	return { params: table(runs.map(runParams)), metrics: table(runs.map(runMetrics)) };
}
