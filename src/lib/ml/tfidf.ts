/**
 * TF-IDF weighting of a sparse column, as scikit-learn's `TfidfTransformer` (1.2): `fit` counts,
 * per bucket, the training rows that store it; `transform` takes 1 + ln(tf) when sublinear,
 * multiplies by idf, drops entries that became 0, and normalises each row. Fitted on the train
 * split only, so no test row leaks into the weights. The step format is `TfidfStep`
 * (data/preprocessing.ts), which also states the one deliberate difference from scikit-learn.
 */
import type { RowNorm, TfidfStep } from '../data/preprocessing';
import type { SparseColumn } from '../data/table';
import { normalizeRow } from './vectorize';
import { dataRowPlace } from '../data/row-place';

export interface TfidfOptions {
	smoothIdf: boolean;
	sublinearTf: boolean;
	norm: RowNorm;
}

/**
 * Fits idf on `column`'s rows. df counts stored entries, a stored 0 included (scikit-learn's
 * `_document_frequency` is `np.bincount(X.indices)`). O(nnz + width).
 */
export function fitTfidf(column: SparseColumn, options: TfidfOptions): TfidfStep {
	const rows = column.indptr.length - 1;
	if (rows < 1) throw new Error(`cannot fit TF-IDF on '${column.name}': no training rows`);
	const counts = new Uint32Array(column.width);
	for (let k = 0; k < column.indices.length; k++) counts[column.indices[k]!]!++;
	const buckets: number[] = [];
	const df: number[] = [];
	for (let bucket = 0; bucket < counts.length; bucket++) {
		if (counts[bucket]! > 0) {
			buckets.push(bucket);
			df.push(counts[bucket]!);
		}
	}
	return { type: 'tfidf', column: column.name, width: column.width, ...options, documents: rows, buckets, df };
}

const checked = new WeakSet<TfidfStep>();

/** Throws, naming the step's column, unless its arrays are a fitted idf (a step may come from a file). Once per step object. */
function checkStep(step: TfidfStep): void {
	if (checked.has(step)) return;
	const { width, documents, buckets, df } = step;
	const where = `TF-IDF step of '${step.column}'`;
	if (!Number.isInteger(documents) || documents < 1) throw new Error(`${where}: documents must be a whole number ≥ 1, got ${documents}`);
	if (buckets.length !== df.length) throw new Error(`${where}: ${buckets.length} buckets but ${df.length} document frequencies`);
	let previous = -1;
	for (let k = 0; k < buckets.length; k++) {
		const bucket = buckets[k]!;
		const count = df[k]!;
		if (!Number.isInteger(bucket) || bucket <= previous || bucket >= width) throw new Error(`${where}: bucket ${bucket} out of order or beyond ${width}`);
		if (!Number.isInteger(count) || count < 1 || count > documents) throw new Error(`${where}: bucket ${bucket} has document frequency ${count}, outside 1..${documents}`);
		previous = bucket;
	}
	checked.add(step);
}

/** ln((n + s) / (df + s)) + 1, s = 1 when smoothing: scikit-learn's `fit`, in float64. */
const idfFor = (step: TfidfStep, df: number): number => {
	const s = step.smoothIdf ? 1 : 0;
	return Math.log((step.documents + s) / (df + s)) + 1;
};

/**
 * idf of every bucket (`width` float64s, built per call and not kept: 128 MB at 2^24 buckets).
 * Unsmoothed, a bucket no training row stores gets 0, meaning "drop" (its idf would be infinite).
 */
export function idfOf(step: TfidfStep): Float64Array {
	checkStep(step);
	const idf = new Float64Array(step.width).fill(step.smoothIdf ? idfFor(step, 0) : 0);
	for (let k = 0; k < step.buckets.length; k++) idf[step.buckets[k]!] = idfFor(step, step.df[k]!);
	return idf;
}

/** idf of one bucket by binary search over the fitted buckets (0 = drop, as in `idfOf`): for single rows. */
function idfOfBucket(step: TfidfStep, bucket: number): number {
	const { buckets } = step;
	let low = 0;
	let high = buckets.length - 1;
	while (low <= high) {
		const mid = (low + high) >>> 1;
		const found = buckets[mid]!;
		if (found === bucket) return idfFor(step, step.df[mid]!);
		if (found < bucket) low = mid + 1;
		else high = mid - 1;
	}
	return step.smoothIdf ? idfFor(step, 0) : 0;
}

let scratch = new Float64Array(1024);

/**
 * Weights `values[start, end)` (buckets `indices[start, end)`) into `outIndices`/`outValues` from
 * `at`; returns the new end. Throws, naming the row, on a value sublinear tf cannot take the log of.
 */
function weightRow(
	indices: Uint32Array,
	values: Float32Array,
	start: number,
	end: number,
	step: TfidfStep,
	/** Every bucket's idf, or null to search the step bucket by bucket. */
	idf: Float64Array | null,
	row: number,
	outIndices: Uint32Array,
	outValues: Float32Array,
	at: number
): number {
	if (scratch.length < end - start) scratch = new Float64Array(2 * (end - start));
	let length = 0;
	for (let k = start; k < end; k++) {
		let tf = values[k]!;
		if (step.sublinearTf) {
			if (!(tf > 0)) {
				throw new Error(
					`sublinear tf takes the log of each value, and ${dataRowPlace(row + 1)} of '${step.column}' has ${tf} in bucket ${indices[k]}: ` +
						`turn off alternate sign (its buckets can cancel to 0 or go negative) or sublinear tf`
				);
			}
			tf = 1 + Math.log(tf);
		}
		const weighted = tf * (idf ? idf[indices[k]!]! : idfOfBucket(step, indices[k]!));
		// scipy's sparse product keeps no zeros; an unseen bucket of an unsmoothed idf is dropped too.
		if (weighted === 0) continue;
		outIndices[at + length] = indices[k]!;
		scratch[length++] = weighted;
	}
	normalizeRow(scratch, 0, length, step.norm);
	for (let k = 0; k < length; k++) outValues[at + k] = scratch[k]!;
	return at + length;
}

/** One row weighted by a fitted step: for the per-text reference scorer (O(row · log buckets), nothing width-sized). */
export function tfidfRow(row: { indices: Uint32Array; values: Float32Array }, step: TfidfStep): { indices: Uint32Array; values: Float32Array } {
	checkStep(step);
	const indices = new Uint32Array(row.indices.length);
	const values = new Float32Array(row.values.length);
	const end = weightRow(row.indices, row.values, 0, row.indices.length, step, null, 0, indices, values, 0);
	return { indices: indices.slice(0, end), values: values.slice(0, end) };
}

/** Every row of `column` weighted by a fitted step (train, test or new rows alike). O(nnz). */
export function tfidfColumn(column: SparseColumn, step: TfidfStep): SparseColumn {
	if (column.width !== step.width) throw new Error(`'${column.name}' has ${column.width} buckets but its TF-IDF was fitted on ${step.width}`);
	const idf = idfOf(step);
	const rows = column.indptr.length - 1;
	const indptr = new Uint32Array(rows + 1);
	const indices = new Uint32Array(column.indices.length);
	const values = new Float32Array(column.values.length);
	let nnz = 0;
	for (let row = 0; row < rows; row++) {
		nnz = weightRow(column.indices, column.values, column.indptr[row]!, column.indptr[row + 1]!, step, idf, row, indices, values, nnz);
		indptr[row + 1] = nnz;
	}
	const trimmed = nnz === indices.length;
	return { ...column, indptr, indices: trimmed ? indices : indices.slice(0, nnz), values: trimmed ? values : values.slice(0, nnz) };
}
