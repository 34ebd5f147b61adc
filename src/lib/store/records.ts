/**
 * What each object store holds, as valibot schemas: every record read back from IndexedDB (or
 * from a backup file) is parsed here once, so a record written by an older version, or damaged,
 * is migrated or refused with a message instead of breaking a page.
 * Tables and models are checked by shape (kind, typed arrays and their lengths), not value by value.
 */
import * as v from 'valibot';
import type { CellSummary } from '../cells/types';
import type { CellValue, Table } from '../cells/values';
import { featureCount, type FeatureColumn } from '../data/features';
import type { LinearModel } from '../ml/model';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** One column of `rows` rows, by shape: typed arrays of the right kind and length, not value by value. */
function isColumn(column: unknown, rows: number): boolean {
	if (!isObject(column) || typeof column.name !== 'string') return false;
	if (column.type === 'numeric') return column.values instanceof Float32Array && column.values.length === rows;
	if (column.type === 'text') return Array.isArray(column.values) && column.values.length === rows;
	if (column.type !== 'sparse') return false;
	const { width, indptr, indices, values } = column;
	return (
		isCount(width) &&
		width >= 1 &&
		indptr instanceof Uint32Array &&
		indptr.length === rows + 1 &&
		indices instanceof Uint32Array &&
		values instanceof Float32Array &&
		indices.length === indptr[rows] &&
		values.length === indices.length
	);
}

function isTable(value: unknown): value is Table {
	return (
		isObject(value) &&
		value.kind === 'table' &&
		isCount(value.rowCount) &&
		Array.isArray(value.columns) &&
		value.columns.every((column: unknown) => isColumn(column, value.rowCount as number)) &&
		value.labels instanceof Int8Array &&
		Array.isArray(value.classes)
	);
}

function isFeatureColumn(value: unknown): value is FeatureColumn {
	if (!isObject(value) || typeof value.name !== 'string') return false;
	return value.type === 'numeric' || (value.type === 'sparse' && isCount(value.width) && value.width >= 1);
}

/** A model as this version keeps it: its features by column, one weight per feature per row of coef. */
function isModel(value: unknown): value is LinearModel {
	if (
		!isObject(value) ||
		value.kind !== 'model' ||
		!(value.coef instanceof Float32Array) ||
		!(value.intercept instanceof Float32Array) ||
		!Array.isArray(value.features) ||
		!value.features.every(isFeatureColumn) ||
		!Array.isArray(value.classes) ||
		!isObject(value.hyperparameters)
	) {
		return false;
	}
	return value.coef.length === featureCount(value.features as FeatureColumn[]) * value.intercept.length;
}

const VALUE_KINDS = ['table', 'splits', 'model', 'evaluation', 'registration', 'model-grid', 'predictions', 'drift-report'];

export const tableSchema = v.custom<Table>(isTable, 'not a table (kind, columns, typed labels)');
export const modelSchema = v.custom<LinearModel>(isModel, 'not a linear model (features by column, coef and intercept as Float32Array of matching sizes)');
const cellValueSchema = v.custom<CellValue>((value) => isObject(value) && VALUE_KINDS.includes(value.kind as string), 'not a cell value');

const finiteOrNaN = v.number();
const numberRecord = v.record(v.string(), finiteOrNaN);

const columnStatistics = v.variant('type', [
	v.object({ name: v.string(), type: v.literal('numeric'), min: finiteOrNaN, max: finiteOrNaN, mean: finiteOrNaN, std: finiteOrNaN, missing: v.number(), distinct: v.number() }),
	v.object({ name: v.string(), type: v.literal('text'), missing: v.number(), distinct: v.number(), topTokens: v.array(v.object({ token: v.string(), count: v.number() })) }),
	v.object({
		name: v.string(),
		type: v.literal('sparse'),
		width: v.number(),
		nonZeros: v.number(),
		bucketsUsed: v.number(),
		meanNonZerosPerRow: v.number(),
		topBuckets: v.array(v.object({ bucket: v.number(), rows: v.number() }))
	})
]);

export const tableStatisticsSchema = v.object({
	rowCount: v.number(),
	columns: v.array(columnStatistics),
	classCounts: v.array(v.object({ name: v.string(), count: v.number() }))
});

const datasetDiff = v.object({
	rowsBefore: v.number(),
	rowsAfter: v.number(),
	addedColumns: v.array(v.string()),
	removedColumns: v.array(v.string()),
	retypedColumns: v.array(v.string()),
	addedClasses: v.array(v.string()),
	removedClasses: v.array(v.string()),
	changes: v.array(v.object({ column: v.string(), field: v.string(), before: finiteOrNaN, after: finiteOrNaN }))
});

export const datasetContentSchema = v.object({ hash: v.string(), table: tableSchema });

export const datasetVersionSchema = v.object({
	name: v.string(),
	version: v.pipe(v.number(), v.integer(), v.minValue(1)),
	hash: v.string(),
	createdAt: v.number(),
	rowCount: v.number(),
	schema: v.object({
		columns: v.array(v.object({ name: v.string(), type: v.picklist(['numeric', 'text', 'sparse']) })),
		labelName: v.string(),
		classes: v.array(v.string())
	}),
	statistics: tableStatisticsSchema,
	source: v.object({ description: v.string(), fileName: v.nullable(v.string()), fileSize: v.nullable(v.number()) }),
	diff: v.nullable(datasetDiff)
});

export const lineageSchema = v.object({
	datasetHashes: v.array(v.string()),
	notebookId: v.nullable(v.string()),
	notebookTitle: v.string(),
	notebookHash: v.nullable(v.string()),
	cellId: v.string(),
	cellTitle: v.string(),
	seed: v.number(),
	appVersion: v.string(),
	device: v.string()
});

export const modelVersionSchema = v.object({
	id: v.string(),
	name: v.string(),
	version: v.pipe(v.number(), v.integer(), v.minValue(1)),
	contentHash: v.string(),
	createdAt: v.number(),
	model: modelSchema,
	metrics: numberRecord,
	measuredOn: v.picklist(['test', 'validation', 'train']),
	/** Rows the metrics were measured on, the class precision/recall/F1 are of, and what the quality gate compared (absent in older records). */
	rows: v.optional(v.number()),
	positiveClass: v.optional(v.string()),
	gate: v.optional(v.string()),
	lineage: lineageSchema
});

export const aliasSchema = v.object({ name: v.string(), alias: v.string(), versionId: v.string(), movedAt: v.number() });

export const aliasMoveSchema = v.object({
	id: v.optional(v.number()),
	name: v.string(),
	alias: v.string(),
	from: v.nullable(v.string()),
	to: v.nullable(v.string()),
	at: v.number(),
	note: v.string()
});

const cellStates = ['idle', 'queued', 'running', 'success', 'failed', 'upstream_failed', 'skipped', 'up_for_retry', 'cancelled', 'stale'] as const;

export const runCellSchema = v.object({
	id: v.string(),
	title: v.string(),
	kind: v.string(),
	state: v.picklist(cellStates),
	durationMs: v.nullable(v.number()),
	fromCache: v.boolean(),
	attempts: v.array(
		v.object({
			number: v.number(),
			outcome: v.string(),
			error: v.nullable(v.string()),
			log: v.array(v.object({ atMs: v.number(), message: v.string() }))
		})
	),
	params: v.record(v.string(), v.unknown()),
	metrics: v.record(v.string(), v.union([v.number(), v.string()])),
	/**
	 * A grid cell's configurations (train-grid): each one's title, hyperparameters and finite
	 * metrics, so the runs page can plot them. Absent for other kinds and in runs recorded before.
	 */
	configurations: v.optional(
		v.array(v.object({ title: v.string(), params: v.record(v.string(), v.unknown()), metrics: v.record(v.string(), v.number()) }))
	)
});

/** What started a run: the user, a trigger on a dataset (the version it fired for), or a schedule (the scheduled time, ms). */
export const runCauseSchema = v.variant('kind', [
	v.object({ kind: v.literal('user') }),
	v.object({ kind: v.literal('dataset'), triggerId: v.string(), name: v.string(), version: v.number(), hash: v.string() }),
	v.object({ kind: v.literal('schedule'), triggerId: v.string(), cron: v.string(), scheduledAt: v.number(), catchUp: v.boolean() })
]);

export const runSchema = v.object({
	id: v.string(),
	notebookId: v.nullable(v.string()),
	notebookTitle: v.string(),
	notebookHash: v.nullable(v.string()),
	startedAt: v.number(),
	endedAt: v.number(),
	cells: v.array(runCellSchema),
	/** Absent in runs recorded before triggers existed: those were started by the user. */
	cause: v.optional(runCauseSchema),
	/** MLflow's run tags: key → value, set on the runs page. */
	tags: v.optional(v.record(v.string(), v.string())),
	/** A free-text note on the run (MLflow's `mlflow.note.content`). */
	note: v.optional(v.string())
});

/** What a trigger waits for: a new version of a dataset, or a cron schedule (dag/triggers.ts). */
export const triggerOnSchema = v.variant('kind', [
	v.object({ kind: v.literal('dataset'), name: v.pipe(v.string(), v.minLength(1)) }),
	v.object({ kind: v.literal('schedule'), cron: v.string(), timezone: v.string(), catchUp: v.boolean() })
]);

/** A notebook's trigger and how far it got; the record is also the claim two tabs race for (store/triggers.ts). */
export const triggerSchema = v.object({
	id: v.string(),
	notebookId: v.string(),
	notebookTitle: v.string(),
	createdAt: v.number(),
	paused: v.boolean(),
	on: triggerOnSchema,
	/** Dataset triggers: the newest version fired for, or seen when the trigger was made. */
	lastVersion: v.number(),
	/** Schedules: when a tab last evaluated the trigger (ms). */
	lastCheckedAt: v.number(),
	/** Schedules: the latest scheduled time a run was started for (ms). */
	lastScheduledAt: v.nullable(v.number()),
	/** Schedules: times that passed while no tab was open, oldest first (the newest 50). */
	missed: v.array(v.number()),
	moreMissed: v.boolean(),
	lastFiredAt: v.nullable(v.number()),
	lastRunId: v.nullable(v.string()),
	lastError: v.nullable(v.string())
});

/** A run as version 1 of the database kept it: states only. Migrated by `migrateRunV1`. */
export const runV1Schema = v.object({
	id: v.string(),
	startedAt: v.number(),
	endedAt: v.number(),
	notebookTitle: v.string(),
	cells: v.array(v.object({ id: v.string(), state: v.picklist(cellStates) }))
});

/** A dataset as version 1 kept it: one record per content hash, no versions per name. */
export const datasetV1Schema = v.object({ hash: v.string(), name: v.string(), createdAt: v.number(), table: tableSchema });

export const notebookRecordSchema = v.object({
	id: v.string(),
	title: v.string(),
	hash: v.string(),
	text: v.string(),
	createdAt: v.number(),
	updatedAt: v.number()
});

/** A file attached to a dataset cell of a kept notebook, so a reload finds it attached again. */
export const notebookFileSchema = v.object({
	notebookId: v.string(),
	cell: v.string(),
	name: v.string(),
	type: v.string(),
	lastModified: v.number(),
	/** The file as a Blob (kept out of line by IndexedDB), or its bytes (records kept before). */
	bytes: v.union([v.instance(Blob), v.instance(Uint8Array)])
});

export const outputRecordSchema = v.object({
	key: v.string(),
	value: cellValueSchema,
	summary: v.custom<CellSummary>(isObject, 'summary is not an object'),
	usedAt: v.number()
});

/** What a predict cell scored with a registered version: the monitor's raw facts (store `scorings`). */
export const scoringSchema = v.object({
	id: v.optional(v.number()),
	modelName: v.string(),
	/** `${name}@${version}`, a key of `modelVersions` when it was written. */
	versionId: v.string(),
	version: v.pipe(v.number(), v.integer(), v.minValue(1)),
	at: v.number(),
	/** Content hash of the scored rows as the predict cell received them (before its preprocessing replay). */
	datasetHash: v.string(),
	/** e.g. "'reviews' v2" when the rows are a stored dataset version, else "the test split". */
	datasetLabel: v.string(),
	rowCount: v.number(),
	/** Metrics on the rows' own labels; null when they have classes the model never saw. */
	metrics: v.nullable(numberRecord),
	notebookTitle: v.string()
});

export type ScoringRecord = v.InferOutput<typeof scoringSchema>;

export type DatasetContentRecord = v.InferOutput<typeof datasetContentSchema>;
export type DatasetVersionRecord = v.InferOutput<typeof datasetVersionSchema>;
export type Lineage = v.InferOutput<typeof lineageSchema>;
export type ModelVersionRecord = v.InferOutput<typeof modelVersionSchema>;
export type AliasRecord = v.InferOutput<typeof aliasSchema>;
export type AliasMoveRecord = v.InferOutput<typeof aliasMoveSchema>;
export type RunCellRecord = v.InferOutput<typeof runCellSchema>;
export type RunRecord = v.InferOutput<typeof runSchema>;
export type RunCause = v.InferOutput<typeof runCauseSchema>;
export type TriggerRecord = v.InferOutput<typeof triggerSchema>;
export type TriggerOn = v.InferOutput<typeof triggerOnSchema>;
export type RunV1Record = v.InferOutput<typeof runV1Schema>;
export type DatasetV1Record = v.InferOutput<typeof datasetV1Schema>;
export type NotebookRecord = v.InferOutput<typeof notebookRecordSchema>;
export type NotebookFileRecord = v.InferOutput<typeof notebookFileSchema>;
export type OutputRecord = v.InferOutput<typeof outputRecordSchema>;

/** A record that could not be read, and why (shown on the page that lists its store). */
export interface Unreadable {
	where: string;
	message: string;
}

/** `where: path: message` of the first issue, e.g. "runs['r1'].cells[0].state: Invalid type". */
export function issueMessage(where: string, issues: readonly v.BaseIssue<unknown>[]): string {
	const issue = issues[0];
	if (!issue) return `${where}: unreadable`;
	const path = (issue.path ?? []).map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`)).join('');
	return `${where}${path}: ${issue.message}`;
}

/** Parses many records; the readable ones are returned, the others explained. */
export function parseAll<T>(
	schema: v.GenericSchema<unknown, T>,
	records: readonly unknown[],
	where: (record: unknown, index: number) => string
): { records: T[]; unreadable: Unreadable[] } {
	const parsed: T[] = [];
	const unreadable: Unreadable[] = [];
	records.forEach((record, index) => {
		const result = v.safeParse(schema, record);
		if (result.success) parsed.push(result.output);
		else unreadable.push({ where: where(record, index), message: issueMessage(where(record, index), result.issues) });
	});
	return { records: parsed, unreadable };
}
