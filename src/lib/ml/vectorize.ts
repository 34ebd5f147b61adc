/**
 * Hashed bag of words, number for number scikit-learn's `HashingVectorizer` (1.2): lower-case
 * the text (optional), take the tokens of `(?u)\b\w\w+\b`, form word n-grams joined by one space,
 * hash each n-gram's UTF-8 bytes with murmur3_32 (seed 0) into bucket abs(h) % n_features with
 * sign(h) when `alternate_sign`, sum per bucket (keeping buckets whose signs cancel as stored
 * zeros, as `FeatureHasher`'s `sum_duplicates` does), then `binary`, then `norm`.
 *
 * Speed: `TokenScanner` writes the UTF-8 bytes of the tokens into one scratch buffer, one space
 * after each, so a token and every n-gram of consecutive tokens ("not good") is one byte range
 * hashed in place: no regex match arrays, no TextEncoder or string per token, no Map per text.
 * A row's entries are sorted as packed integers (bucket · 2 + sign bit) and summed in one scan.
 */
import { hashSettings, type HashSettings, type HashVectorizeStep, type RowNorm } from '../data/preprocessing';
import type { SparseColumn } from '../data/table';
import { murmur3Range } from './murmur3';
import { TOKEN_PATTERN, TokenScanner } from './tokens';

/** The largest n_features a step may have: bucket · 2 + sign must fit a Uint32. */
export const MAX_BUCKETS = 1 << 24;

export interface HashVectorizeOptions {
	buckets: number;
	ngramMin?: number;
	ngramMax: number;
	lowercase: boolean;
	alternateSign?: boolean;
	binary?: boolean;
	norm?: RowNorm;
}

/** A new step with every option written out; scikit-learn's defaults where `options` is silent. */
export function hashVectorizeStep(column: string, options: HashVectorizeOptions): HashVectorizeStep {
	const { buckets, ngramMin = 1, ngramMax, lowercase, alternateSign = true, binary = false, norm = 'l2' } = options;
	if (!Number.isInteger(buckets) || buckets < 2 || buckets > MAX_BUCKETS) throw new Error(`buckets must be a whole number from 2 to ${MAX_BUCKETS}, got ${buckets}`);
	if (!Number.isInteger(ngramMin) || !Number.isInteger(ngramMax) || ngramMin < 1 || ngramMax < ngramMin) {
		throw new Error(`n-gram range must satisfy 1 ≤ shortest ≤ longest, got (${ngramMin}, ${ngramMax})`);
	}
	return { type: 'hash-vectorize', column, buckets, ngramMin, ngramMax, lowercase, alternateSign, binary, norm, tokenPattern: TOKEN_PATTERN, hash: 'murmur3_32', seed: 0, prefix: `${column}#` };
}

// Scratch state, grown as needed and reused by every row (JavaScript runs one row at a time).
const scanner = new TokenScanner();
let keys = new Uint32Array(1 << 10);
/** The row just hashed (its length is hashRow's result): buckets ascending, values in float64 until stored. */
let rowIndices = new Uint32Array(1 << 10);
let rowValues = new Float64Array(1 << 10);

/** Hashes one text into `rowIndices`/`rowValues` (ascending buckets, float64 values); returns the entry count. */
function hashRow(text: string, settings: HashSettings): number {
	const tokens = scanner.scan(text, settings.lowercase);
	const { bytes, start, end } = scanner;
	const { buckets, ngramMin, alternateSign, seed } = settings;
	const ngramMax = Math.min(settings.ngramMax, tokens);
	let total = 0;
	for (let n = ngramMin; n <= ngramMax; n++) total += tokens - n + 1;
	if (keys.length < total) keys = new Uint32Array(total + 1024);

	// Every n-gram's bucket · 2 + (1 when its sign is negative).
	let m = 0;
	for (let n = ngramMin; n <= ngramMax; n++) {
		for (let first = 0; first + n <= tokens; first++) {
			const h = murmur3Range(bytes, start[first]!, end[first + n - 1]!, seed) | 0;
			// abs(−2³¹) % buckets is 2³¹ % buckets, as scikit-learn defines that one case.
			keys[m++] = (Math.abs(h) % buckets) * 2 + (alternateSign && h < 0 ? 1 : 0);
		}
	}
	if (m > 1) keys.subarray(0, m).sort();

	// Sum per bucket; a bucket whose signs cancel keeps its 0 (sum_duplicates does not eliminate zeros).
	if (rowIndices.length < m) {
		rowIndices = new Uint32Array(m + 1024);
		rowValues = new Float64Array(m + 1024);
	}
	let length = 0;
	for (let k = 0; k < m; ) {
		const bucket = keys[k]! >>> 1;
		let sum = 0;
		for (; k < m && keys[k]! >>> 1 === bucket; k++) sum += keys[k]! & 1 ? -1 : 1;
		rowIndices[length] = bucket;
		rowValues[length++] = settings.binary ? 1 : sum;
	}
	normalizeRow(rowValues, 0, length, settings.norm);
	return length;
}

/**
 * Divides `values[start, end)` by their L1 or L2 norm in float64, as scikit-learn's
 * `normalize` (`inplace_csr_row_normalize_l1/l2`); a row whose norm is 0 stays as it is.
 */
export function normalizeRow(values: Float64Array, start: number, end: number, norm: RowNorm): void {
	if (norm === 'none') return;
	let sum = 0;
	if (norm === 'l1') for (let k = start; k < end; k++) sum += Math.abs(values[k]!);
	else for (let k = start; k < end; k++) sum += values[k]! * values[k]!;
	if (sum === 0) return;
	const scale = norm === 'l1' ? sum : Math.sqrt(sum);
	for (let k = start; k < end; k++) values[k] = values[k]! / scale;
}

/**
 * One text's hashed row, as HashingVectorizer's: `indices` ascending buckets (below
 * `step.buckets`), `values` rounded to float32. What the JSON reference scorer replays.
 */
export function hashText(text: string, step: HashVectorizeStep): { indices: Uint32Array; values: Float32Array } {
	const length = hashRow(text, hashSettings(step));
	return { indices: rowIndices.slice(0, length), values: Float32Array.from(rowValues.subarray(0, length)) };
}

/**
 * Every text's hashed row as one CSR column named `step.column`, `step.buckets` wide, float32
 * values. Memory is O(non-zeros): arrays grow by doubling and are trimmed at the end.
 */
export function hashVectorize(texts: readonly string[], step: HashVectorizeStep): SparseColumn {
	const settings = hashSettings(step);
	const indptr = new Uint32Array(texts.length + 1);
	let indices = new Uint32Array(Math.max(1024, texts.length * 32));
	let values = new Float32Array(indices.length);
	let nnz = 0;
	for (let row = 0; row < texts.length; row++) {
		const length = hashRow(texts[row]!, settings);
		if (nnz + length > indices.length) {
			const grown = Math.max(indices.length * 2, nnz + length);
			const moreIndices = new Uint32Array(grown);
			moreIndices.set(indices.subarray(0, nnz));
			const moreValues = new Float32Array(grown);
			moreValues.set(values.subarray(0, nnz));
			indices = moreIndices;
			values = moreValues;
		}
		indices.set(rowIndices.subarray(0, length), nnz);
		for (let k = 0; k < length; k++) values[nnz + k] = rowValues[k]!;
		nnz += length;
		indptr[row + 1] = nnz;
	}
	return { name: step.column, type: 'sparse', width: step.buckets, indptr, indices: indices.slice(0, nnz), values: values.slice(0, nnz) };
}
