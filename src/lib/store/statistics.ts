/**
 * Per-column statistics of a table, and the difference between two tables' statistics: what a
 * user checks before trusting a new version of a dataset. Pure; no IndexedDB here.
 */
import { formatPercent } from '../data/format-percent';
import type { Column, NumericColumn, SparseColumn, Table } from '../data/table';

export interface NumericStatistics {
	name: string;
	type: 'numeric';
	min: number;
	max: number;
	mean: number;
	/** Population standard deviation over the present (non-NaN) values. */
	std: number;
	/** Rows whose value is missing (NaN: the CSV reader's empty, NA, NaN, null, … as pandas reads them). */
	missing: number;
	distinct: number;
}

export interface TextStatistics {
	name: string;
	type: 'text';
	/** Rows whose text is blank (an empty document to a vectoriser, so not NaN, but a gap a user wants to see). */
	missing: number;
	distinct: number;
	/** The most frequent lower-cased word tokens, most frequent first. */
	topTokens: { token: string; count: number }[];
}

/** A sparse column (hashed words): how full it is and which buckets carry it. */
export interface SparseStatistics {
	name: string;
	type: 'sparse';
	width: number;
	/** Non-zero entries over every row (explicitly stored zeros are not counted). */
	nonZeros: number;
	/** Buckets with a non-zero in at least one row. */
	bucketsUsed: number;
	meanNonZerosPerRow: number;
	/** The buckets in the most rows, most first (ties: lower bucket first). */
	topBuckets: { bucket: number; rows: number }[];
}

export type ColumnStatistics = NumericStatistics | TextStatistics | SparseStatistics;

export interface TableStatistics {
	rowCount: number;
	columns: ColumnStatistics[];
	/** Rows per class, in `classes` order. */
	classCounts: { name: string; count: number }[];
}

/** "0", "3 (1.5%)", "1 (0.03%)": a missing count beside its share of the rows (formatPercent), as the datasets page shows it. */
export function formatMissing(missing: number, rowCount: number): string {
	if (missing === 0 || rowCount === 0) return String(missing);
	return `${missing} (${formatPercent(missing / rowCount)})`;
}

const TOP_TOKENS = 10;
const TOP_BUCKETS = 10;

export function columnStatistics(column: Column): ColumnStatistics {
	if (column.type === 'text') return textStatistics(column.name, column.values);
	if (column.type === 'sparse') return sparseStatistics(column);
	return numericStatistics(column);
}

function numericStatistics(column: NumericColumn): NumericStatistics {
	const { values } = column;
	let min = Infinity;
	let max = -Infinity;
	let sum = 0;
	let present = 0;
	for (let i = 0; i < values.length; i++) {
		const value = values[i]!;
		if (Number.isNaN(value)) continue;
		present++;
		sum += value;
		if (value < min) min = value;
		if (value > max) max = value;
	}
	const mean = present > 0 ? sum / present : NaN;
	let squares = 0;
	for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) squares += (values[i]! - mean) ** 2;
	return {
		name: column.name,
		type: 'numeric',
		min: present > 0 ? min : NaN,
		max: present > 0 ? max : NaN,
		mean,
		std: present > 0 ? Math.sqrt(squares / present) : NaN,
		missing: values.length - present,
		distinct: distinctCount(values)
	};
}

/** Distinct non-NaN values (0 and −0 alike, as a Set counts them), by sorting a copy: 4 bytes a row, not a Set of a million numbers. */
function distinctCount(values: Float32Array): number {
	const sorted = values.slice().sort();
	let distinct = 0;
	for (let i = 0; i < sorted.length; i++) {
		const value = sorted[i]!;
		if (Number.isNaN(value)) break;
		if (i === 0 || value !== sorted[i - 1]) distinct++;
	}
	return distinct;
}

function sparseStatistics(column: SparseColumn): SparseStatistics {
	const rowCount = column.indptr.length - 1;
	const stored = column.indptr[rowCount]!;
	const rows = new Uint32Array(column.width);
	let nonZeros = 0;
	for (let k = 0; k < stored; k++) {
		if (column.values[k] === 0) continue;
		nonZeros++;
		rows[column.indices[k]!]!++;
	}
	let bucketsUsed = 0;
	// The top buckets by one pass and a short sorted list, never a sort of the whole width.
	const top: { bucket: number; rows: number }[] = [];
	for (let bucket = 0; bucket < column.width; bucket++) {
		const count = rows[bucket]!;
		if (count === 0) continue;
		bucketsUsed++;
		if (top.length === TOP_BUCKETS && count <= top[TOP_BUCKETS - 1]!.rows) continue;
		let at = top.length;
		while (at > 0 && top[at - 1]!.rows < count) at--;
		top.splice(at, 0, { bucket, rows: count });
		if (top.length > TOP_BUCKETS) top.pop();
	}
	return {
		name: column.name,
		type: 'sparse',
		width: column.width,
		nonZeros,
		bucketsUsed,
		meanNonZerosPerRow: rowCount > 0 ? nonZeros / rowCount : 0,
		topBuckets: top
	};
}

function textStatistics(name: string, values: readonly string[]): TextStatistics {
	const distinct = new Set<string>();
	const tokens = new Map<string, number>();
	let missing = 0;
	for (const value of values) {
		if (value.trim() === '') {
			missing++;
			continue;
		}
		distinct.add(value);
		for (const token of value.toLowerCase().match(/\w\w+/gu) ?? []) tokens.set(token, (tokens.get(token) ?? 0) + 1);
	}
	// Ties broken by the token, so the list is the same on every run.
	const topTokens = [...tokens]
		.sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
		.slice(0, TOP_TOKENS)
		.map(([token, count]) => ({ token, count }));
	return { name, type: 'text', missing, distinct: distinct.size, topTokens };
}

export function tableStatistics(table: Table): TableStatistics {
	const counts = new Array<number>(table.classes.length).fill(0);
	for (const label of table.labels) counts[label] = (counts[label] ?? 0) + 1;
	return {
		rowCount: table.rowCount,
		columns: table.columns.map(columnStatistics),
		classCounts: table.classes.map((name, index) => ({ name, count: counts[index] ?? 0 }))
	};
}

/**
 * One statistic of one column that moved. For `field` 'missing', `before` and `after` are the
 * missing COUNTS of each version; whether it moved is decided on their shares of each version's
 * rows (`missingShareChanged`), so twice the rows with twice the gaps is no change.
 */
export interface StatisticsChange {
	column: string;
	field: string;
	before: number;
	after: number;
}

/** What changed between version n−1 and n: schema first, then statistics that moved. */
export interface DatasetDiff {
	rowsBefore: number;
	rowsAfter: number;
	addedColumns: string[];
	removedColumns: string[];
	/** Columns whose type changed, e.g. "age: text → numeric". */
	retypedColumns: string[];
	addedClasses: string[];
	removedClasses: string[];
	/** Statistics that moved; a missing count only when its share of the rows moved (`movedChanges`). */
	changes: StatisticsChange[];
}

const NUMERIC_FIELDS = ['min', 'max', 'mean', 'std', 'missing', 'distinct'] as const;
const TEXT_FIELDS = ['missing', 'distinct'] as const;
const SPARSE_FIELDS = ['width', 'nonZeros', 'bucketsUsed', 'meanNonZerosPerRow'] as const;

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** The statistics that are floating-point sums: the same rows in another order give them other last bits. */
const SUMMED = new Set<string>(['mean', 'std', 'meanNonZerosPerRow']);

/** Equal, or for a sum (SUMMED) within 1e-9 of each other relatively: summation order moves a sum of 10^6 values by ~1e-10. */
const unmoved = (field: string, a: number, b: number): boolean => same(a, b) || (SUMMED.has(field) && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)));

/**
 * Whether the share of missing rows moved between two versions: `missingBefore / rowsBefore`
 * against `missingAfter / rowsAfter`, compared exactly by cross-multiplying the counts (the
 * products stay below 2^53, so exact, for tables under 94 million rows). A version of no rows has a share of 0.
 */
export function missingShareChanged(missingBefore: number, rowsBefore: number, missingAfter: number, rowsAfter: number): boolean {
	if (rowsBefore === 0 || rowsAfter === 0) return (rowsBefore === 0 ? 0 : missingBefore) !== (rowsAfter === 0 ? 0 : missingAfter);
	return missingBefore * rowsAfter !== missingAfter * rowsBefore;
}

/**
 * The changes of `diff` that really moved: a 'missing' change counts only when its share of the
 * rows moved. Records stored before shares were compared may hold a count change whose share
 * stayed; this drops it, so the datasets page reads them right too.
 */
export function movedChanges(diff: Pick<DatasetDiff, 'rowsBefore' | 'rowsAfter' | 'changes'>): StatisticsChange[] {
	return diff.changes.filter((change) => change.field !== 'missing' || missingShareChanged(change.before, diff.rowsBefore, change.after, diff.rowsAfter));
}

export function diffStatistics(before: TableStatistics, after: TableStatistics): DatasetDiff {
	const old = new Map(before.columns.map((column) => [column.name, column]));
	const now = new Map(after.columns.map((column) => [column.name, column]));
	const oldClasses = new Set(before.classCounts.map((entry) => entry.name));
	const newClasses = new Set(after.classCounts.map((entry) => entry.name));
	const diff: DatasetDiff = {
		rowsBefore: before.rowCount,
		rowsAfter: after.rowCount,
		addedColumns: [...now.keys()].filter((name) => !old.has(name)),
		removedColumns: [...old.keys()].filter((name) => !now.has(name)),
		retypedColumns: [],
		addedClasses: [...newClasses].filter((name) => !oldClasses.has(name)),
		removedClasses: [...oldClasses].filter((name) => !newClasses.has(name)),
		changes: []
	};
	for (const [name, column] of now) {
		const previous = old.get(name);
		if (!previous) continue;
		if (previous.type !== column.type) {
			diff.retypedColumns.push(`${name}: ${previous.type} → ${column.type}`);
			continue;
		}
		const fields = column.type === 'numeric' ? NUMERIC_FIELDS : column.type === 'sparse' ? SPARSE_FIELDS : TEXT_FIELDS;
		for (const field of fields) {
			const a = (previous as unknown as Record<string, number>)[field]!;
			const b = (column as unknown as Record<string, number>)[field]!;
			if (!unmoved(field, a, b)) diff.changes.push({ column: name, field, before: a, after: b });
		}
	}
	diff.changes = movedChanges(diff);
	return diff;
}

export function isEmptyDiff(diff: DatasetDiff): boolean {
	return (
		diff.rowsBefore === diff.rowsAfter &&
		diff.addedColumns.length + diff.removedColumns.length + diff.retypedColumns.length === 0 &&
		diff.addedClasses.length + diff.removedClasses.length + movedChanges(diff).length === 0
	);
}
