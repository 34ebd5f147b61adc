/**
 * Data expectations, as Great Expectations and TFX's schema keep them: per column its type, range,
 * share of missing cells, allowed categories and distinct count; for the label its classes and
 * their balance; for the table its row count. Learned from a reference table and then edited by
 * the user: they live in a validate cell's params as JSON, so they travel in the notebook file.
 * Checking is in `expectation-checks.ts`. Pure: no DOM, nothing of ours outside `data/`.
 */
import * as v from 'valibot';
import { countMissing } from './missing';
import { hasLabels, type Column, type Table } from './table';

/** A text column with at most this many distinct values is categorical: its values are learned as the allowed ones. */
export const MAX_CATEGORIES = 20;
/** Class shares may move this much (absolute, 0..1) from the reference before balance breaks. */
export const DEFAULT_BALANCE_TOLERANCE = 0.1;

const nullableNumber = v.nullable(v.number());
const share = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

const columnExpectationSchema = v.strictObject({
	column: v.string(),
	type: v.picklist(['numeric', 'text', 'sparse']),
	/** Numeric: no finite value below `min` or above `max`; null = unbounded. */
	min: v.optional(nullableNumber, null),
	max: v.optional(nullableNumber, null),
	/** Numeric: at most this share of rows missing (NaN), 0..1; null = any. */
	maxMissingShare: v.optional(v.nullable(share), null),
	/** Text: every value is one of these; null = any text. */
	categories: v.optional(v.nullable(v.array(v.string())), null),
	/** Distinct values (a dataset-level check): null = unbounded. */
	minDistinct: v.optional(nullableNumber, null),
	maxDistinct: v.optional(nullableNumber, null)
});

export const expectationsSchema = v.strictObject({
	format: v.literal('descent-expectations'),
	/** Where they were learned, e.g. "table 'reviews' (1,000 rows)". */
	learnedFrom: v.optional(v.string(), ''),
	rowCount: v.optional(v.strictObject({ min: nullableNumber, max: nullableNumber }), { min: null, max: null }),
	columns: v.array(columnExpectationSchema),
	label: v.optional(
		v.nullable(
			v.strictObject({
				name: v.string(),
				/** Rows may only carry these classes. */
				classes: v.array(v.string()),
				/** Class → expected share of rows (0..1); empty = balance not checked. */
				balance: v.record(v.string(), share),
				/** How far (absolute) a class's share may move from its expected share. */
				tolerance: share
			})
		),
		null
	)
});

export type Expectations = v.InferOutput<typeof expectationsSchema>;
export type ColumnExpectation = v.InferOutput<typeof columnExpectationSchema>;

/** Parses the JSON text of a validate cell's param; throws naming the JSON path of the first problem. */
export function parseExpectations(text: string): Expectations {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new Error(`the expectations are not JSON (${(error as Error).message}): press "Learn from the input" to start again`);
	}
	const parsed = v.safeParse(expectationsSchema, value);
	if (parsed.success) return parsed.output;
	const issue = parsed.issues[0]!;
	const path = (issue.path ?? []).map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`)).join('');
	throw new Error(`expectations${path}: ${issue.message}`);
}

/** The expectations as the param keeps them: JSON with one line per column, so a user edits a bound where it is. */
export function formatExpectations(expectations: Expectations): string {
	const { columns, ...rest } = expectations;
	const head = Object.entries(rest).map(([key, value]) => ` ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
	const body = columns.map((column) => `  ${JSON.stringify(column)}`).join(',\n');
	return `{\n${[...head, ` "columns": [\n${body}\n ]`].join(',\n')}\n}`;
}

/** Min, max and distinct count of a numeric column's finite values, in one pass (no spread: 10^6 rows). */
function numericProfile(values: Float32Array): { min: number; max: number; distinct: number } {
	let min = Infinity;
	let max = -Infinity;
	const seen = new Set<number>();
	for (let i = 0; i < values.length; i++) {
		const value = values[i]!;
		if (value !== value) continue;
		if (value < min) min = value;
		if (value > max) max = value;
		// Distinct counting stops mattering past a few thousand: a cap keeps memory flat.
		if (seen.size <= 10_000) seen.add(value);
	}
	return { min, max, distinct: seen.size };
}

/** Distinct texts, counting up to `cap + 1` (enough to know "more than cap"). */
export function distinctTexts(values: readonly string[], cap = Infinity): Set<string> {
	const seen = new Set<string>();
	for (let i = 0; i < values.length && seen.size <= cap; i++) seen.add(values[i]!);
	return seen;
}

function learnColumn(column: Column, rowCount: number): ColumnExpectation {
	const base: ColumnExpectation = { column: column.name, type: column.type, min: null, max: null, maxMissingShare: null, categories: null, minDistinct: null, maxDistinct: null };
	if (column.type === 'numeric') {
		const { min, max, distinct } = numericProfile(column.values);
		const missing = rowCount === 0 ? 0 : countMissing(column) / rowCount;
		return {
			...base,
			min: Number.isFinite(min) ? shortestFloat32(min) : null,
			max: Number.isFinite(max) ? shortestFloat32(max) : null,
			// As much missing as the reference had, no more.
			maxMissingShare: Math.ceil(missing * 10_000) / 10_000,
			// A column that varied and turns constant is a broken feed, not data.
			minDistinct: distinct >= 2 ? 2 : null
		};
	}
	if (column.type === 'text') {
		const seen = distinctTexts(column.values, MAX_CATEGORIES);
		const categorical = seen.size <= MAX_CATEGORIES;
		return {
			...base,
			categories: categorical ? [...seen].sort() : null,
			minDistinct: seen.size >= 2 ? 2 : null,
			maxDistinct: categorical ? seen.size : null
		};
	}
	return base;
}

/**
 * Expectations learned from `reference`: each column's type; numeric ranges [min, max] of its
 * finite values and its share of missing cells; a text column's values when it has at most
 * `MAX_CATEGORIES` distinct ones; at least 2 distinct values where the reference had them; the
 * label's classes and their shares (± `DEFAULT_BALANCE_TOLERANCE`); and a row count between half
 * and twice the reference's. O(rows × columns).
 */
export function learnExpectations(reference: Table, learnedFrom = `table '${reference.name}' (${reference.rowCount} rows)`): Expectations {
	const counts = new Array<number>(reference.classes.length).fill(0);
	for (let i = 0; i < reference.labels.length; i++) counts[reference.labels[i]!]! += 1;
	const balance: Record<string, number> = {};
	if (reference.rowCount > 0) reference.classes.forEach((name, index) => (balance[name] = round(counts[index]! / reference.rowCount)));
	return {
		format: 'descent-expectations',
		learnedFrom,
		rowCount: { min: Math.ceil(reference.rowCount / 2), max: reference.rowCount * 2 },
		columns: reference.columns.map((column) => learnColumn(column, reference.rowCount)),
		// Rows to score (no labels) teach nothing about the label.
		label: hasLabels(reference) ? { name: reference.labelName, classes: [...reference.classes], balance, tolerance: DEFAULT_BALANCE_TOLERANCE } : null
	};
}

/**
 * The shortest decimal that reads back as the same float32 (29.899999618530273 → 29.9), so a
 * learned bound reads as the file wrote it. Checks compare at float32 precision (`Math.fround`),
 * so the bound still holds exactly for the reference's own extreme value.
 */
export function shortestFloat32(value: number): number {
	for (let digits = 1; digits < 10; digits++) {
		const candidate = Number(value.toPrecision(digits));
		if (Math.fround(candidate) === value) return candidate;
	}
	return value;
}

/** Shares to 4 decimals: the JSON a user edits stays readable. */
function round(value: number): number {
	return Math.round(value * 10_000) / 10_000;
}
