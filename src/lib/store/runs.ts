/**
 * Run history (MLflow's tracking): each run of a notebook with every cell's state, duration,
 * attempts and logs, params and metrics. Runs from version 1 of the database are read through
 * `migrateRunV1`; anything else unreadable is listed with the reason, not thrown.
 */
import * as v from 'valibot';
import { databaseOf, StoreError, write, type Store } from './database';
import { parseAll, runSchema, runV1Schema, type RunCause, type RunRecord, type Unreadable } from './records';
import { migrateRunV1 } from './schema';
import type { QueryTarget } from './run-query';
import { datasetVersionLabel } from './dataset-version-label';

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

export interface RunAnnotations {
	tags: Record<string, string>;
	note: string;
}

/** Tag keys as MLflow allows them: letters, digits, and _ - . / space; at most 250 characters. */
const TAG_KEY = /^[\w\-./ ]{1,250}$/;

/** Replaces a run's tags and note (read and written in one transaction, so nothing else of the run changes). */
export async function annotateRun(store: Store, id: string, annotations: RunAnnotations): Promise<RunRecord> {
	for (const key of Object.keys(annotations.tags)) {
		if (!TAG_KEY.test(key)) throw new StoreError(`tag '${key}' is not a tag name: use letters, digits, spaces and _ - . / (at most 250)`);
	}
	return write(store, ['runs'], 'runs', async (transaction) => {
		const runs = transaction.objectStore('runs');
		const parsed = v.safeParse(anyRunSchema, await runs.get(id));
		if (!parsed.success) throw new StoreError(`run '${id}' is not stored (or could not be read)`);
		const run: RunRecord = { ...parsed.output, tags: { ...annotations.tags }, note: annotations.note };
		await runs.put(run);
		return run;
	});
}

/** "key=value, key2=value2" → tags; an entry without '=' is a tag with an empty value. Errors name the entry. */
export function parseTags(text: string): { ok: true; tags: Record<string, string> } | { ok: false; message: string } {
	const tags: Record<string, string> = {};
	for (const entry of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
		const at = entry.indexOf('=');
		const key = (at < 0 ? entry : entry.slice(0, at)).trim();
		if (!TAG_KEY.test(key)) return { ok: false, message: `'${entry}': a tag is key=value, the key made of letters, digits, spaces and _ - . /` };
		tags[key] = at < 0 ? '' : entry.slice(at + 1).trim();
	}
	return { ok: true, tags };
}

export const formatTags = (tags: Readonly<Record<string, string>> | undefined): string =>
	Object.entries(tags ?? {})
		.map(([key, value]) => (value === '' ? key : `${key}=${value}`))
		.join(', ');

/** A run without a recorded cause was started by the user (runs kept before triggers existed). */
export const causeOf = (run: RunRecord): RunCause => run.cause ?? { kind: 'user' };

/** What started the run, in words: "user", "dataset 'reviews' v3", "schedule 0 6 * * * at <time>". */
export function describeCause(cause: RunCause, formatTime: (ms: number) => string = (ms) => new Date(ms).toISOString()): string {
	if (cause.kind === 'user') return 'user';
	if (cause.kind === 'dataset') return `dataset ${datasetVersionLabel(cause.name, cause.version)}`;
	return `schedule ${cause.cron} at ${formatTime(cause.scheduledAt)}${cause.catchUp ? ' (catch-up)' : ''}`;
}

/** failed if a cell failed (or could not run for it), cancelled if one was cancelled, else success. */
export function runStatus(run: RunRecord): 'success' | 'failed' | 'cancelled' {
	if (run.cells.some((cell) => cell.state === 'failed' || cell.state === 'upstream_failed')) return 'failed';
	if (run.cells.some((cell) => cell.state === 'cancelled')) return 'cancelled';
	return 'success';
}

/** Which notebook a run belongs to: its id, or its title for runs kept before notebooks had ids. */
export const notebookKeyOf = (run: RunRecord): string => run.notebookId ?? `title:${run.notebookTitle}`;

/**
 * A run's values for the search (run-query.ts). A name is either "cell.key" (exact) or a bare key,
 * which takes the value of the last cell in the run that has it: the cell furthest down the
 * pipeline, e.g. evaluate's accuracy rather than a training cell's.
 */
export function runQueryTarget(run: RunRecord): QueryTarget {
	const find = <T>(key: string, of: (cell: RunRecord['cells'][number]) => Record<string, T>): T | undefined => {
		const dot = key.indexOf('.');
		if (dot > 0) {
			const cell = run.cells.find((candidate) => candidate.id === key.slice(0, dot));
			const exact = cell ? of(cell)[key.slice(dot + 1)] : undefined;
			if (exact !== undefined) return exact;
		}
		for (let index = run.cells.length - 1; index >= 0; index--) {
			const value = of(run.cells[index]!)[key];
			if (value !== undefined) return value;
		}
		return undefined;
	};
	const attributes: Record<string, string> = {
		notebook: run.notebookTitle,
		trigger: causeOf(run).kind,
		status: runStatus(run),
		note: run.note ?? '',
		run: run.id
	};
	return {
		metric: (key) => find(key, (cell) => cell.metrics),
		param: (key) => find(key, (cell) => cell.params),
		tag: (key) => run.tags?.[key],
		attribute: (key) => attributes[key]
	};
}

/**
 * A metric over the runs of one notebook, oldest first: (startedAt ms, value) for each run that
 * has it as a finite number. `metric` is "cell.metric" as `runMetrics` names it.
 */
export function metricHistory(runs: readonly RunRecord[], notebookKey: string, metric: string): { runId: string; startedAt: number; value: number }[] {
	return runs
		.filter((run) => notebookKeyOf(run) === notebookKey)
		.flatMap((run) => {
			const value = runMetrics(run).get(metric);
			return value !== undefined && Number.isFinite(value) ? [{ runId: run.id, startedAt: run.startedAt, value }] : [];
		})
		.sort((a, b) => a.startedAt - b.startedAt);
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
