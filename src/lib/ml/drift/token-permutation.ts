/**
 * A permutation test of the token distance, for text and hashed columns of small references.
 * With few rows and many distinct tokens, the Jensen–Shannon distance of two token samples is
 * far from 0 even when nothing changed (400 product reviews split 3:1 at random: 0.18), so a
 * fixed threshold would call drift on every small text column. Evidently meets this the same way
 * for text (`perc_text_content_drift` compares with a random-classifier percentile) and ships a
 * `permutation_test` (100 iterations, seed 0, p = share of permuted statistics ≥ the observed);
 * here the rows of both samples are pooled, re-split at random 100 times (seeded), and the
 * p-value is the share of re-splits whose distance is at least the observed one. O(100 × tokens).
 */
import type { SparseColumn } from '../../data/table';
import { createRandom, permutation } from '../rng';
import { tokenize } from '../tokens';
import { jensenShannonDistance } from './jensen-shannon';

/** Evidently's `permutation_test` defaults. */
export const PERMUTATIONS = 100;
const SEED = 0;

/** The rows of both samples as token ids: row r holds ids[offsets[r] .. offsets[r+1]); reference rows first. */
export interface TokenRows {
	ids: Uint32Array;
	offsets: Uint32Array;
	referenceRows: number;
	vocabulary: number;
}

class RowBuilder {
	#ids: number[] = [];
	#offsets: number[] = [0];
	#vocabulary = new Map<string | number, number>();

	add(tokens: Iterable<string | number>): void {
		for (const token of tokens) {
			let id = this.#vocabulary.get(token);
			if (id === undefined) this.#vocabulary.set(token, (id = this.#vocabulary.size));
			this.#ids.push(id);
		}
		this.#offsets.push(this.#ids.length);
	}

	build(referenceRows: number): TokenRows {
		return { ids: Uint32Array.from(this.#ids), offsets: Uint32Array.from(this.#offsets), referenceRows, vocabulary: this.#vocabulary.size };
	}
}

/** Each text's tokens (lower-cased, scikit-learn's pattern), reference texts first. */
export function textTokenRows(reference: readonly string[], current: readonly string[]): TokenRows {
	const builder = new RowBuilder();
	for (const text of reference) builder.add(tokenize(text, true));
	for (const text of current) builder.add(tokenize(text, true));
	return builder.build(reference.length);
}

function* nonZeroBuckets(column: SparseColumn, row: number): Generator<number> {
	for (let k = column.indptr[row]!; k < column.indptr[row + 1]!; k++) if (column.values[k] !== 0) yield column.indices[k]!;
}

/** Each row's non-zero buckets, reference rows first. */
export function bucketTokenRows(reference: SparseColumn, current: SparseColumn): TokenRows {
	const builder = new RowBuilder();
	for (let row = 0; row + 1 < reference.indptr.length; row++) builder.add(nonZeroBuckets(reference, row));
	for (let row = 0; row + 1 < current.indptr.length; row++) builder.add(nonZeroBuckets(current, row));
	return builder.build(reference.indptr.length - 1);
}

/** Token counts of the rows in `order[from..to)` (or rows from..to when no order). */
function countRows(rows: TokenRows, counts: Float64Array, from: number, to: number, order?: Uint32Array): void {
	counts.fill(0);
	for (let k = from; k < to; k++) {
		const row = order ? order[k]! : k;
		for (let t = rows.offsets[row]!; t < rows.offsets[row + 1]!; t++) counts[rows.ids[t]!]!++;
	}
}

/** JS distance between the first `split` rows (in `order`) and the rest; null when a side has no token. */
function splitDistance(rows: TokenRows, split: number, total: Float64Array, first: Float64Array, second: Float64Array, order?: Uint32Array): number | null {
	countRows(rows, first, 0, split, order);
	let firstSum = 0;
	let secondSum = 0;
	for (let id = 0; id < total.length; id++) {
		second[id] = total[id]! - first[id]!;
		firstSum += first[id]!;
		secondSum += second[id]!;
	}
	return firstSum > 0 && secondSum > 0 ? jensenShannonDistance(first, second, 2) : null;
}

export interface PermutationResult {
	/** The observed JS distance (base 2). */
	distance: number;
	/** Share of random re-splits at least as far apart, 0..1. */
	pValue: number;
}

/** The observed distance and its permutation p-value; null when either sample has no token at all. */
export function tokenPermutationTest(rows: TokenRows, permutations = PERMUTATIONS): PermutationResult | null {
	const rowCount = rows.offsets.length - 1;
	const total = new Float64Array(rows.vocabulary);
	countRows(rows, total, 0, rowCount);
	const first = new Float64Array(rows.vocabulary);
	const second = new Float64Array(rows.vocabulary);
	const distance = splitDistance(rows, rows.referenceRows, total, first, second);
	if (distance === null) return null;
	const random = createRandom(SEED);
	let atLeast = 0;
	for (let p = 0; p < permutations; p++) {
		const permuted = splitDistance(rows, rows.referenceRows, total, first, second, permutation(rowCount, random));
		// A re-split that leaves one side without tokens is as different as two samples can be.
		if (permuted === null || permuted >= distance) atLeast++;
	}
	return { distance, pValue: atLeast / permutations };
}
