/**
 * Feature scaling as scikit-learn's scalers, fitted on training rows only and then replayed
 * unchanged on any other rows:
 * - numeric columns: StandardScaler, (x − mean) / std with the population std (ddof = 0);
 * - sparse columns (hashed words): StandardScaler(with_mean=False) or MaxAbsScaler, x / scale.
 *   Centring would turn every zero into −mean and the CSR into a dense matrix, so sparse
 *   columns are only divided: their indptr and indices are kept and only the non-zeros touched.
 * A constant feature keeps scale 1 (it maps to 0, or stays as it is), detected as scikit-learn
 * detects it: relative to the rounding error of its variance, not by an absolute epsilon.
 * Sums are accumulated in float64, as scikit-learn does for float32 data.
 */
import type { SparseScaleStep, StandardizeStep } from '../data/preprocessing';
import type { SparseColumn } from '../data/table';

export interface NamedValues {
	name: string;
	values: Float32Array;
}

/**
 * scikit-learn's `_is_constant_feature` (sklearn/preprocessing/_data.py): the variance is within
 * the error bound of the two-pass algorithm (Chan, Golub and LeVeque), n·ε·var + (n·mean·ε)².
 * A column 1e-16 apart around 3e-16 is not constant; 0.1 repeated, whose computed variance is a
 * rounding residue, is.
 */
export function isConstantFeature(variance: number, mean: number, n: number): boolean {
	const eps = Number.EPSILON;
	return variance <= n * eps * variance + (n * mean * eps) ** 2;
}

/**
 * Fits one mean and std per column (the corrected two-pass variance, as scikit-learn's
 * `_incremental_mean_and_var`). Missing values (NaN) are disregarded, each column counting only
 * its present rows, as StandardScaler does (they stay NaN in `applyStandardize`). Throws, naming
 * the columns, when a column has no present value: it has no mean to centre on.
 */
export function fitStandardize(columns: readonly NamedValues[]): StandardizeStep {
	const mean: number[] = [];
	const std: number[] = [];
	const empty: string[] = [];
	for (const column of columns) {
		const { values } = column;
		let n = 0;
		let sum = 0;
		for (let i = 0; i < values.length; i++) {
			const value = values[i]!;
			if (value !== value) continue;
			sum += value;
			n++;
		}
		if (n === 0 && values.length > 0) empty.push(column.name);
		const columnMean = n > 0 ? sum / n : 0;
		let squares = 0;
		let correction = 0;
		for (let i = 0; i < values.length; i++) {
			const deviation = values[i]! - columnMean;
			if (deviation !== deviation) continue;
			squares += deviation * deviation;
			correction += deviation;
		}
		const variance = n > 0 ? (squares - (correction * correction) / n) / n : 0;
		mean.push(columnMean);
		std.push(isConstantFeature(variance, columnMean, n) ? 1 : Math.sqrt(variance));
	}
	if (empty.length > 0) throw new Error(`${empty.map((name) => `'${name}'`).join(', ')} ${empty.length === 1 ? 'has' : 'have'} no value in the train rows, so nothing to standardise with: leave ${empty.length === 1 ? 'it' : 'them'} out, or add an impute cell with strategy 'constant' before scaling`);
	return { type: 'standardize', columns: columns.map((column) => column.name), mean, std };
}

/**
 * (x − mean) / std for column `index` of the step, rounded to float32; a missing value (NaN)
 * stays NaN. Written into `out` (values.length long; `values` itself scales in place, with the
 * same result, as each x is read before its place is written), by default a new array.
 */
export function applyStandardize(step: StandardizeStep, index: number, values: Float32Array, out?: Float32Array): Float32Array {
	const mean = step.mean[index];
	const std = step.std[index];
	if (mean === undefined || std === undefined) throw new Error(`standardize step has no column ${index}`);
	if (out && out.length !== values.length) throw new Error(`standardize: the output holds ${out.length} values, the column ${values.length}`);
	const scaled = out ?? new Float32Array(values.length);
	for (let i = 0; i < values.length; i++) scaled[i] = ((values[i] as number) - mean) / std;
	return scaled;
}

/**
 * Fits the divisor of each of a sparse column's `width` features over its `indptr.length − 1`
 * rows, zeros included. 'standard': the population std (scikit-learn's `mean_variance_axis` on
 * CSR, then `_is_constant_feature`); 'max-abs': the largest |x| (MaxAbsScaler; a feature whose
 * largest |x| is below 10 float32 ε, or never seen, keeps 1 as `_handle_zeros_in_scale` does). O(nnz + width) time; 20 bytes of
 * scratch per feature for 'standard'.
 */
export function fitSparseScale(column: SparseColumn, method: SparseScaleStep['method']): SparseScaleStep {
	const scale = method === 'max-abs' ? maxAbsScale(column) : stdScale(column);
	return { type: 'sparse-scale', column: column.name, method, width: column.width, scale: Array.from(scale) };
}

const FLOAT32_EPSILON = 2 ** -23;

function maxAbsScale(column: SparseColumn): Float32Array {
	const { width, indices, values } = column;
	const nnz = column.indptr[column.indptr.length - 1]!;
	const maxAbs = new Float32Array(width);
	for (let k = 0; k < nnz; k++) {
		const magnitude = Math.abs(values[k]!);
		if (magnitude > maxAbs[indices[k]!]!) maxAbs[indices[k]!] = magnitude;
	}
	// _handle_zeros_in_scale: below 10 ε of the data's dtype counts as zero; our features are float32.
	for (let j = 0; j < width; j++) if (maxAbs[j]! < 10 * FLOAT32_EPSILON) maxAbs[j] = 1;
	return maxAbs;
}

function stdScale(column: SparseColumn): Float32Array {
	const { width, indices, values } = column;
	const n = column.indptr.length - 1;
	const nnz = column.indptr[n]!;
	const sums = new Float64Array(width);
	const counts = new Uint32Array(width);
	for (let k = 0; k < nnz; k++) {
		const j = indices[k]!;
		sums[j] = sums[j]! + values[k]!;
		counts[j] = counts[j]! + 1;
	}
	// Second pass over the non-zeros; the zeros of feature j add (n − counts[j]) · mean² in closed form.
	const squares = new Float64Array(width);
	for (let k = 0; k < nnz; k++) {
		const j = indices[k]!;
		const deviation = values[k]! - sums[j]! / n;
		squares[j] = squares[j]! + deviation * deviation;
	}
	const scale = new Float32Array(width);
	for (let j = 0; j < width; j++) {
		const mean = n > 0 ? sums[j]! / n : 0;
		const total = squares[j]! + (n - counts[j]!) * mean * mean;
		// The correction term of the corrected two-pass algorithm: Σ(x − mean) over every row, ≈ 0.
		const correction = sums[j]! - n * mean;
		const variance = n > 0 ? (total - (correction * correction) / n) / n : 0;
		scale[j] = isConstantFeature(variance, mean, n) ? 1 : Math.sqrt(variance);
	}
	return scale;
}

/**
 * The column with each non-zero x_j divided by scale[j], rounded to float32 (so the ONNX Div
 * gives the same bits). The CSR structure is shared, not copied. Throws, naming the row, when
 * the column is not the fitted width or a quotient overflows float32. With `inPlace` the
 * quotients overwrite the column's own values (same result; the column must be the caller's to
 * change, and is left part-scaled when it throws).
 */
export function applySparseScale(step: SparseScaleStep, column: SparseColumn, where = `column '${column.name}'`, inPlace = false): SparseColumn {
	if (column.width !== step.width) throw new Error(`${where} has ${column.width} features, but was scaled with ${step.width}`);
	const { indptr, indices } = column;
	const { scale } = step;
	const values = inPlace ? column.values : new Float32Array(column.values.length);
	for (let k = 0; k < values.length; k++) {
		const x = column.values[k]!;
		const quotient = Math.fround(x / scale[indices[k]!]!);
		if (!Number.isFinite(quotient)) throw new Error(`${where}, row ${rowOf(indptr, k) + 1}, feature ${indices[k]}: ${x} / ${scale[indices[k]!]} overflows a 32-bit float`);
		values[k] = quotient;
	}
	return { name: column.name, type: 'sparse', width: column.width, indptr, indices, values };
}

/** The row holding stored entry k (binary search over indptr), for error messages. */
function rowOf(indptr: Uint32Array, k: number): number {
	let low = 0;
	let high = indptr.length - 2;
	while (low < high) {
		const middle = (low + high + 1) >> 1;
		if (indptr[middle]! <= k) low = middle;
		else high = middle - 1;
	}
	return low;
}
