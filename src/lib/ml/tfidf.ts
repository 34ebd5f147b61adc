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

const idfCache = new WeakMap<TfidfStep, Float64Array>();

/**
 * idf of every bucket: ln((n + s) / (df + s)) + 1, s = 1 when smoothing (scikit-learn's `fit`).
 * Unsmoothed, a bucket no training row stores gets 0, meaning "drop" (its idf would be infinite).
 * Checks the step's arrays, as it may come from a file. Cached per step object.
 */
export function idfOf(step: TfidfStep): Float64Array {
	const cached = idfCache.get(step);
	if (cached) return cached;
	const { width, documents, buckets, df } = step;
	if (!Number.isInteger(documents) || documents < 1) throw new Error(`TF-IDF step of '${step.column}': documents must be a whole number ≥ 1, got ${documents}`);
	if (buckets.length !== df.length) throw new Error(`TF-IDF step of '${step.column}': ${buckets.length} buckets but ${df.length} document frequencies`);
	const s = step.smoothIdf ? 1 : 0;
	const idf = new Float64Array(width).fill(s ? Math.log((documents + s) / s) + 1 : 0);
	let previous = -1;
	for (let k = 0; k < buckets.length; k++) {
		const bucket = buckets[k]!;
		const count = df[k]!;
		if (!Number.isInteger(bucket) || bucket <= previous || bucket >= width) throw new Error(`TF-IDF step of '${step.column}': bucket ${bucket} out of order or beyond ${width}`);
		if (!Number.isInteger(count) || count < 1 || count > documents) throw new Error(`TF-IDF step of '${step.column}': bucket ${bucket} has document frequency ${count}, outside 1..${documents}`);
		idf[bucket] = Math.log((documents + s) / (count + s)) + 1;
		previous = bucket;
	}
	idfCache.set(step, idf);
	return idf;
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
	idf: Float64Array,
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
					`sublinear tf takes the log of each value, and row ${row + 1} of '${step.column}' has ${tf} in bucket ${indices[k]}: ` +
						`turn off alternate sign (its buckets can cancel to 0 or go negative) or sublinear tf`
				);
			}
			tf = 1 + Math.log(tf);
		}
		const weighted = tf * idf[indices[k]!]!;
		// scipy's sparse product keeps no zeros; an unseen bucket of an unsmoothed idf is dropped too.
		if (weighted === 0) continue;
		outIndices[at + length] = indices[k]!;
		scratch[length++] = weighted;
	}
	normalizeRow(scratch, 0, length, step.norm);
	for (let k = 0; k < length; k++) outValues[at + k] = scratch[k]!;
	return at + length;
}

/** One row weighted by a fitted step: for the per-text reference scorer. */
export function tfidfRow(row: { indices: Uint32Array; values: Float32Array }, step: TfidfStep): { indices: Uint32Array; values: Float32Array } {
	const indices = new Uint32Array(row.indices.length);
	const values = new Float32Array(row.values.length);
	const end = weightRow(row.indices, row.values, 0, row.indices.length, step, idfOf(step), 0, indices, values, 0);
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
