/**
 * Hashed bag of words, as scikit-learn's HashingVectorizer(alternate_sign=False, norm=None):
 * tokens are runs of two or more word characters, word n-grams are joined by one space, and
 * each n-gram adds 1 to the count in bucket abs(murmurhash3_32(ngram)) % buckets.
 */
import { hashBucket } from './murmur3';
import type { HashVectorizeStep } from '../data/preprocessing';
import type { SparseColumn } from '../data/table';

/** scikit-learn's default token_pattern, recorded in the step for readers of an exported model. */
export const TOKEN_PATTERN = '(?u)\\b\\w\\w+\\b';

/**
 * Python's Unicode `\w` is letters, numbers and underscore; JavaScript's `\w` and `\b` are
 * ASCII-only even with the u flag, so the word characters are spelled out. A maximal run of
 * two or more of them is exactly what `\b\w\w+\b` finds.
 */
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

export interface HashVectorizeOptions {
	buckets: number;
	ngramMax: number;
	lowercase: boolean;
}

export function tokenize(text: string, lowercase: boolean): string[] {
	return (lowercase ? text.toLowerCase() : text).match(TOKEN) ?? [];
}

/** n-grams of 1..ngramMax consecutive tokens, shortest first (scikit-learn's order). */
export function wordNgrams(tokens: readonly string[], ngramMax: number): string[] {
	if (ngramMax <= 1) return tokens.slice();
	const ngrams = tokens.slice();
	for (let n = 2; n <= ngramMax; n++) {
		for (let start = 0; start + n <= tokens.length; start++) {
			ngrams.push(tokens.slice(start, start + n).join(' '));
		}
	}
	return ngrams;
}

export function hashVectorizeStep(column: string, options: HashVectorizeOptions): HashVectorizeStep {
	return {
		type: 'hash-vectorize',
		column,
		buckets: options.buckets,
		ngramMax: options.ngramMax,
		lowercase: options.lowercase,
		tokenPattern: TOKEN_PATTERN,
		hash: 'murmur3_32',
		seed: 0,
		prefix: `${column}#`
	};
}

/** Bucket → count for one text. */
export function hashCounts(text: string, step: HashVectorizeStep): Map<number, number> {
	const counts = new Map<number, number>();
	for (const ngram of wordNgrams(tokenize(text, step.lowercase), step.ngramMax)) {
		const bucket = hashBucket(ngram, step.buckets, step.seed);
		counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
	}
	return counts;
}

/** The hashed counts of every text as one CSR column (`step.buckets` wide, buckets ascending per row). */
export function hashVectorize(texts: readonly string[], step: HashVectorizeStep): SparseColumn {
	const indptr = new Uint32Array(texts.length + 1);
	let indices = new Uint32Array(Math.max(16, texts.length * 8));
	let values = new Float32Array(indices.length);
	let nnz = 0;
	for (let row = 0; row < texts.length; row++) {
		const counts = hashCounts(texts[row]!, step);
		if (nnz + counts.size > indices.length) {
			const grown = Math.max(indices.length * 2, nnz + counts.size);
			const moreIndices = new Uint32Array(grown);
			moreIndices.set(indices);
			const moreValues = new Float32Array(grown);
			moreValues.set(values);
			indices = moreIndices;
			values = moreValues;
		}
		for (const bucket of [...counts.keys()].sort((a, b) => a - b)) {
			indices[nnz] = bucket;
			values[nnz++] = counts.get(bucket)!;
		}
		indptr[row + 1] = nnz;
	}
	return { name: step.column, type: 'sparse', width: step.buckets, indptr, indices: indices.slice(0, nnz), values: values.slice(0, nnz) };
}
