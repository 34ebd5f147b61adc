/**
 * Filling missing numeric values (NaN) as scikit-learn's `SimpleImputer` (sklearn/impute/_base.py,
 * `_dense_fit`), fitted on the train rows only and replayed unchanged on any other rows:
 * - 'mean': the mean of the present values (`np.ma.mean`), summed in float64;
 * - 'median': the middle present value; for an even count the mean of the two middle ones
 *   (`np.ma.median`: (a + b) / 2);
 * - 'most_frequent': the most frequent present value, the smallest of those tied (`_most_frequent`
 *   via `scipy.stats.mode`);
 * - 'constant': `fill_value` for every column, whether or not it has present values.
 * A column with no present value in train has no mean, median or mode. scikit-learn then drops
 * the column from its output with a warning (keep_empty_features=False); Descent refuses instead,
 * naming the column, because dropping a feature silently would change what the model reads.
 */
import type { ImputeStep, ImputeStrategy } from '../data/preprocessing';
import type { Column, Table } from '../data/table';

export interface NamedValues {
	name: string;
	values: Float32Array;
}

/** The present (non-NaN) values of a column, as float64. O(rows). */
function present(values: Float32Array): Float64Array {
	let count = 0;
	for (let i = 0; i < values.length; i++) if (values[i] === values[i]) count++;
	const out = new Float64Array(count);
	let at = 0;
	for (let i = 0; i < values.length; i++) if (values[i] === values[i]) out[at++] = values[i]!;
	return out;
}

function mean(values: Float64Array): number {
	let sum = 0;
	for (let i = 0; i < values.length; i++) sum += values[i]!;
	return sum / values.length;
}

/** Sorts `values` in place. */
function median(values: Float64Array): number {
	values.sort();
	const middle = values.length >> 1;
	return values.length % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}

/** The most frequent value; among ties the smallest, as scipy.stats.mode. O(rows) with a Map. */
function mostFrequent(values: Float64Array): number {
	const counts = new Map<number, number>();
	for (let i = 0; i < values.length; i++) counts.set(values[i]!, (counts.get(values[i]!) ?? 0) + 1);
	let best = Number.NaN;
	let bestCount = 0;
	for (const [value, count] of counts) {
		if (count > bestCount || (count === bestCount && value < best)) {
			best = value;
			bestCount = count;
		}
	}
	return best;
}

/**
 * The fitted statistic of one column (sklearn's `statistics_[j]`, float64), or NaN when the
 * strategy needs a present value and the column has none.
 */
export function imputeStatistic(values: Float32Array, strategy: ImputeStrategy, fillValue = 0): number {
	if (strategy === 'constant') return fillValue;
	const observed = present(values);
	if (observed.length === 0) return Number.NaN;
	if (strategy === 'mean') return mean(observed);
	if (strategy === 'median') return median(observed);
	return mostFrequent(observed);
}

/**
 * Fits one fill value per column on the train rows. Throws when `fillValue` is not finite, or,
 * for mean/median/most_frequent, when a column has no present value (naming every such column).
 */
export function fitImpute(columns: readonly NamedValues[], strategy: ImputeStrategy, fillValue = 0): ImputeStep {
	if (strategy === 'constant' && !Number.isFinite(fillValue)) throw new Error(`the fill value must be a finite number, got ${fillValue}`);
	const fill = columns.map((column) => Math.fround(imputeStatistic(column.values, strategy, fillValue)));
	const empty = columns.filter((_, j) => Number.isNaN(fill[j]!));
	if (empty.length > 0) {
		const rows = columns[0]!.values.length;
		throw new Error(
			`${empty.map((column) => `'${column.name}'`).join(', ')} ${empty.length === 1 ? 'has' : 'have'} no value in the ${rows} train rows, so no ${strategy.replace('_', ' ')} to fill with ` +
				"(scikit-learn's SimpleImputer would drop such a column): choose the strategy 'constant', or leave the column out"
		);
	}
	return { type: 'impute', strategy, columns: columns.map((column) => column.name), fill, ...(strategy === 'constant' ? { fillValue } : {}) };
}

/** Column `index` of the step with every NaN replaced by its fill value; `filled` counts them. O(rows). */
export function applyImpute(step: ImputeStep, index: number, values: Float32Array): { values: Float32Array; filled: number } {
	const fill = step.fill[index];
	if (fill === undefined) throw new Error(`impute step has no column ${index}`);
	const out = new Float32Array(values.length);
	let filled = 0;
	for (let i = 0; i < values.length; i++) {
		const value = values[i]!;
		if (value === value) out[i] = value;
		else {
			out[i] = fill;
			filled++;
		}
	}
	return { values: out, filled };
}

/** `table` with the step's columns filled; `filled` counts the values replaced. Throws naming a column the table lacks. */
export function imputeTable(table: Table, step: ImputeStep): { table: Table; filled: number } {
	const position = new Map(step.columns.map((name, index) => [name, index]));
	for (const name of step.columns) {
		if (!table.columns.some((column) => column.name === name)) throw new Error(`column '${name}' is missing from table '${table.name}': its missing values are filled from the train rows`);
	}
	let filled = 0;
	const columns = table.columns.map((column): Column => {
		const index = position.get(column.name);
		if (index === undefined) return column;
		if (column.type !== 'numeric') throw new Error(`column '${column.name}' of table '${table.name}' is ${column.type === 'text' ? 'text' : 'hashed words'}: its missing values are filled as a number`);
		const result = applyImpute(step, index, column.values);
		filled += result.filled;
		return { name: column.name, type: 'numeric', values: result.values };
	});
	return { table: { ...table, columns }, filled };
}
