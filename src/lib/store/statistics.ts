/**
 * Per-column statistics of a table, and the difference between two tables' statistics: what a
 * user checks before trusting a new version of a dataset. Pure; no IndexedDB here.
 */
import type { Column, Table } from '../data/table';

export interface NumericStatistics {
	name: string;
	type: 'numeric';
	min: number;
	max: number;
	mean: number;
	/** Population standard deviation over the present (non-NaN) values. */
	std: number;
	missing: number;
	distinct: number;
}

export interface TextStatistics {
	name: string;
	type: 'text';
	missing: number;
	distinct: number;
	/** The most frequent lower-cased word tokens, most frequent first. */
	topTokens: { token: string; count: number }[];
}

export type ColumnStatistics = NumericStatistics | TextStatistics;

export interface TableStatistics {
	rowCount: number;
	columns: ColumnStatistics[];
	/** Rows per class, in `classes` order. */
	classCounts: { name: string; count: number }[];
}

const TOP_TOKENS = 10;

export function columnStatistics(column: Column): ColumnStatistics {
	if (column.type === 'text') return textStatistics(column.name, column.values);
	let min = Infinity;
	let max = -Infinity;
	let sum = 0;
	let present = 0;
	const distinct = new Set<number>();
	for (const value of column.values) {
		if (Number.isNaN(value)) continue;
		present++;
		sum += value;
		if (value < min) min = value;
		if (value > max) max = value;
		distinct.add(value);
	}
	const mean = present > 0 ? sum / present : NaN;
	let squares = 0;
	for (const value of column.values) if (!Number.isNaN(value)) squares += (value - mean) ** 2;
	return {
		name: column.name,
		type: 'numeric',
		min: present > 0 ? min : NaN,
		max: present > 0 ? max : NaN,
		mean,
		std: present > 0 ? Math.sqrt(squares / present) : NaN,
		missing: column.values.length - present,
		distinct: distinct.size
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
	changes: StatisticsChange[];
}

const NUMERIC_FIELDS = ['min', 'max', 'mean', 'std', 'missing', 'distinct'] as const;
const TEXT_FIELDS = ['missing', 'distinct'] as const;

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

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
		const fields = column.type === 'numeric' ? NUMERIC_FIELDS : TEXT_FIELDS;
		for (const field of fields) {
			const a = (previous as unknown as Record<string, number>)[field]!;
			const b = (column as unknown as Record<string, number>)[field]!;
			if (!same(a, b)) diff.changes.push({ column: name, field, before: a, after: b });
		}
	}
	return diff;
}

export function isEmptyDiff(diff: DatasetDiff): boolean {
	return (
		diff.rowsBefore === diff.rowsAfter &&
		diff.addedColumns.length + diff.removedColumns.length + diff.retypedColumns.length === 0 &&
		diff.addedClasses.length + diff.removedClasses.length + diff.changes.length === 0
	);
}
