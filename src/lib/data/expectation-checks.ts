/**
 * Checks a table against its expectations (`expectations.ts`) and names every broken one with
 * the rows or the share involved: "'age' above max 99 in 3 rows (data rows 17, 240, 981)". Data rows
 * are numbered from 1 after the header, the workbench's one convention (`row-place.ts`). Pure and O(rows × columns): no row objects.
 *
 * Two scopes. A *dataset* (a validate cell's input) is checked against everything. A *serving*
 * batch (the rows a predict cell scores) only against what holds row by row (type, range,
 * missing share, categories): row count, distinct count and class balance describe a whole
 * dataset, and a batch of 20 rows would break them by being small, not by being wrong.
 *
 * Rows without labels checked against expectations learned from labelled rows are rows to score:
 * they are checked in the serving scope, with a warning saying what was left unchecked.
 *
 * A column the expectations do not name (new since the reference) is a *warning* in both scopes,
 * as TFDV's "new column" anomaly and Great Expectations' column-set check report it: it breaks
 * nothing that was expected (the model reads the columns it was trained on by name), so it never
 * fails the cell, but the schema moved and the user should decide whether to keep the new
 * expectations. Warnings are not expectations and do not count in "N of M".
 */
import type { ColumnExpectation, Expectations } from './expectations';
import { hasLabels, type Column, type Table } from './table';
import { dataRowList } from './row-place';
import { formatPercent } from './format-percent';

export type ExpectationRule = 'column' | 'type' | 'range' | 'missing' | 'categories' | 'distinct' | 'classes' | 'class-balance' | 'row-count';

export interface BrokenExpectation {
	rule: ExpectationRule;
	/** The column (or the label's name); null for the row count. */
	column: string | null;
	/** One sentence naming the column, the bound and the rows, e.g. "'age' above max 99 in 3 rows (data rows 17, 240, 981)". */
	message: string;
	/** Rows involved (0 for whole-table rules such as the row count). */
	count: number;
	/** count / rowCount, 0..1 (for class balance: the class's share of rows). */
	share: number;
	/** The first rows involved, numbered from 1; at most `SHOWN_ROWS`. */
	rows: number[];
}

export type ValidationScope = 'dataset' | 'serving';

/** Something the expectations do not cover, reported without breaking them. */
export interface ValidationWarning {
	/** A column the expectations do not name; or rows without labels, whose label expectations go unchecked. */
	rule: 'new-column' | 'no-labels';
	column: string;
	/** One sentence naming the column, e.g. "column 'visits' (numeric) is not in the expectations (learned from table 'people' (100 rows))". */
	message: string;
}

export interface ValidationReport {
	scope: ValidationScope;
	rowCount: number;
	/** How many expectations there are (each bound, category list, class share counts once), the same whatever the data. */
	checked: number;
	broken: BrokenExpectation[];
	/** Findings that never fail the cell, in the table's column order. */
	warnings: ValidationWarning[];
}

/** Rows named in a message; the count says how many there are in all. */
export const SHOWN_ROWS = 5;

const percent = (share: number) => formatPercent(share);
const plural = (count: number, word: string) => `${count.toLocaleString('en')} ${word}${count === 1 ? '' : 's'}`;

/** "(data rows 17, 240, 981)" or "(data rows 1, 2, 3, 4, 5, …)": data rows as `row-place.ts` counts them. */
function rowList(rows: readonly number[], count: number): string {
	if (rows.length === 0) return '';
	return ` (${dataRowList(rows, count)})`;
}

/** Rows where `test` holds: the count and the first few (1-based). */
function rowsWhere(rowCount: number, test: (row: number) => boolean): { count: number; rows: number[] } {
	let count = 0;
	const rows: number[] = [];
	for (let row = 0; row < rowCount; row++) {
		if (!test(row)) continue;
		count++;
		if (rows.length < SHOWN_ROWS) rows.push(row + 1);
	}
	return { count, rows };
}

function broken(rule: ExpectationRule, column: string | null, found: { count: number; rows: number[] }, rowCount: number, message: string, after = ''): BrokenExpectation {
	return { rule, column, message: message + rowList(found.rows, found.count) + after, count: found.count, share: rowCount === 0 ? 0 : found.count / rowCount, rows: found.rows };
}

/** Distinct values of a column, counted only up to `cap` (enough to decide a bound; memory stays small at 10^6 rows). */
function distinctCount(column: Column, cap: number): number {
	if (column.type === 'sparse') return NaN;
	const seen = new Set<number | string>();
	const values = column.values;
	for (let i = 0; i < values.length && seen.size < cap; i++) {
		const value = values[i]!;
		if (value === value) seen.add(value);
	}
	return seen.size;
}

/**
 * How many expectations a column's entry holds in `scope` (each bound, the missing share, the
 * category list, the distinct bounds), whether or not the data lets them be checked: a column
 * that is missing or of another type still counts them, so "N of M broken" keeps the same M.
 */
function columnExpectationCount(expected: ColumnExpectation, scope: ValidationScope): number {
	let count = 0;
	if (expected.type === 'numeric') count += [expected.min, expected.max, expected.maxMissingShare].filter((bound) => bound !== null).length;
	if (expected.type === 'text' && expected.categories !== null) count++;
	if (scope === 'dataset' && (expected.minDistinct !== null || expected.maxDistinct !== null)) count++;
	return count;
}

function checkColumn(table: Table, column: Column, expected: ColumnExpectation, scope: ValidationScope, out: BrokenExpectation[]): void {
	const name = `'${expected.column}'`;
	const n = table.rowCount;
	if (column.type === 'numeric') {
		const values = column.values;
		if (expected.min !== null) {
			// The column holds float32: the bound is compared at that precision (a learned 29.9 is the float32 29.9).
			const min = Math.fround(expected.min);
			const found = rowsWhere(n, (row) => values[row]! < min);
			if (found.count > 0) out.push(broken('range', expected.column, found, n, `${name} below min ${expected.min} in ${plural(found.count, 'row')}`));
		}
		if (expected.max !== null) {
			const max = Math.fround(expected.max);
			const found = rowsWhere(n, (row) => values[row]! > max);
			if (found.count > 0) out.push(broken('range', expected.column, found, n, `${name} above max ${expected.max} in ${plural(found.count, 'row')}`));
		}
		if (expected.maxMissingShare !== null) {
			const found = rowsWhere(n, (row) => values[row] !== values[row]);
			const share = n === 0 ? 0 : found.count / n;
			if (share > expected.maxMissingShare) {
				out.push(broken('missing', expected.column, found, n, `${name} missing in ${found.count.toLocaleString('en')} of ${plural(n, 'row')} (${percent(share)}), expected at most ${percent(expected.maxMissingShare)}`));
			}
		}
	}
	if (column.type === 'text' && expected.categories !== null) {
		const allowed = new Set(expected.categories);
		const values = column.values;
		const found = rowsWhere(n, (row) => !allowed.has(values[row]!));
		if (found.count > 0) {
			const examples = [...new Set(found.rows.map((row) => values[row - 1]!))].slice(0, 3).map((value) => `'${value}'`);
			out.push(broken('categories', expected.column, found, n, `${name} outside its categories in ${plural(found.count, 'row')}`, `, e.g. ${examples.join(', ')}`));
		}
	}
	if (scope === 'dataset' && (expected.minDistinct !== null || expected.maxDistinct !== null)) {
		// Past max + 1 (or min, without a max) the verdict cannot change.
		const distinct = distinctCount(column, (expected.maxDistinct ?? (expected.minDistinct ?? 0) - 1) + 1);
		const low = expected.minDistinct !== null && distinct < expected.minDistinct;
		const high = expected.maxDistinct !== null && distinct > expected.maxDistinct;
		if (low || high) {
			const bound = low ? `at least ${expected.minDistinct}` : `at most ${expected.maxDistinct}`;
			const counted = high ? `more than ${expected.maxDistinct} distinct values` : plural(distinct, 'distinct value');
			out.push(broken('distinct', expected.column, { count: 0, rows: [] }, n, `${name} has ${counted}, expected ${bound}`));
		}
	}
}

function checkLabel(table: Table, label: NonNullable<Expectations['label']>, out: BrokenExpectation[]): number {
	let checked = 1;
	const n = table.rowCount;
	const known = new Set(label.classes);
	const unknown = table.classes.map((name) => !known.has(name));
	const found = rowsWhere(n, (row) => unknown[table.labels[row]!] === true);
	if (found.count > 0) {
		const names = table.classes.filter((_, index) => unknown[index]).map((name) => `'${name}'`);
		out.push(broken('classes', label.name, found, n, `label '${label.name}' has ${plural(found.count, 'row')} of classes it never had (${names.join(', ')})`));
	}
	const counts = new Array<number>(table.classes.length).fill(0);
	for (let i = 0; i < table.labels.length; i++) counts[table.labels[i]!]! += 1;
	for (const [name, expected] of Object.entries(label.balance)) {
		checked++;
		const index = table.classes.indexOf(name);
		const count = index < 0 ? 0 : counts[index]!;
		const share = n === 0 ? 0 : count / n;
		if (Math.abs(share - expected) > label.tolerance) {
			out.push({ rule: 'class-balance', column: label.name, message: `class '${name}' is ${percent(share)} of rows (${count.toLocaleString('en')} of ${n.toLocaleString('en')}), expected ${percent(expected)} ± ${percent(label.tolerance)}`, count, share, rows: [] });
		}
	}
	return checked;
}

/** Checks `table` against `expectations` in `scope`; the report lists broken ones in the order of the expectations. */
export function checkExpectations(table: Table, expectations: Expectations, asked: ValidationScope = 'dataset'): ValidationReport {
	// Rows without labels checked against expectations learned from labelled rows are rows to
	// score: held to the row-level rules, as a predict cell's batch (a scoring batch of 20 rows is
	// not wrong for being smaller than the training rows). Said in a warning, not broken.
	const toScore = asked === 'dataset' && expectations.label !== null && !hasLabels(table);
	const scope: ValidationScope = toScore ? 'serving' : asked;
	const out: BrokenExpectation[] = [];
	let checked = 0;
	const n = table.rowCount;
	if (scope === 'dataset') {
		const { min, max } = expectations.rowCount;
		if (min !== null || max !== null) {
			checked++;
			if ((min !== null && n < min) || (max !== null && n > max)) {
				const bound = min !== null && max !== null ? `between ${min.toLocaleString('en')} and ${max.toLocaleString('en')}` : min !== null ? `at least ${min.toLocaleString('en')}` : `at most ${max!.toLocaleString('en')}`;
				out.push({ rule: 'row-count', column: null, message: `${plural(n, 'row')}, expected ${bound}`, count: 0, share: 0, rows: [] });
			}
		}
	}
	const byName = new Map(table.columns.map((column) => [column.name, column]));
	for (const expected of expectations.columns) {
		// The column's presence and type, then what its entry bounds.
		checked += 1 + columnExpectationCount(expected, scope);
		const column = byName.get(expected.column);
		if (!column) {
			out.push({ rule: 'column', column: expected.column, message: `column '${expected.column}' is missing (columns: ${table.columns.map((c) => c.name).join(', ') || 'none'})`, count: 0, share: 0, rows: [] });
			continue;
		}
		if (column.type !== expected.type) {
			out.push({ rule: 'type', column: expected.column, message: `'${expected.column}' is ${column.type}, expected ${expected.type}`, count: 0, share: 0, rows: [] });
			continue;
		}
		checkColumn(table, column, expected, scope, out);
	}
	const warnings = newColumns(table, expectations);
	if (scope === 'dataset' && expectations.label) checked += checkLabel(table, expectations.label, out);
	if (toScore) {
		// Rows to score have no labels to hold to the classes and balance, and their count and distinct counts are the batch's: said, not broken.
		const label = expectations.label!;
		warnings.push({ rule: 'no-labels', column: label.name, message: `the rows have no labels (rows to score): they are checked row by row, as a predict cell checks what it scores; label '${label.name}' (classes ${label.classes.map((name) => `'${name}'`).join(', ')}), the row count and distinct counts, which describe the training rows, are not checked` });
	}
	return { scope, rowCount: n, checked, broken: out, warnings };
}

/** A warning for each column of `table` that the expectations do not name, in the table's order. */
function newColumns(table: Table, expectations: Expectations): ValidationWarning[] {
	const expected = new Set(expectations.columns.map((column) => column.column));
	const reference = expectations.learnedFrom ? ` (learned from ${expectations.learnedFrom})` : '';
	return table.columns
		.filter((column) => !expected.has(column.name))
		.map((column) => ({ rule: 'new-column', column: column.name, message: `column '${column.name}' (${column.type}) is not in the expectations${reference}: a new column is not checked` }));
}

/**
 * "2 of 14 expectations broken: 'age' above max 99 in 3 rows (data rows 17, 240, 981); …" — the
 * text of a failure — followed by the warnings, if any: "…; warning: column 'visits' (numeric) is not in the expectations …".
 */
export function describeReport(report: ValidationReport): string {
	const warnings = report.warnings.map((item) => `; warning: ${item.message}`).join('');
	if (report.broken.length === 0) return `all ${report.checked} expectations hold on ${plural(report.rowCount, 'row')}${warnings}`;
	return `${report.broken.length} of ${plural(report.checked, 'expectation')} broken: ${report.broken.map((item) => item.message).join('; ')}${warnings}`;
}
