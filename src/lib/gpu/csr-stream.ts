/**
 * Rows as the GPU kernels read sparse data: a "row stream" of `rows` (count + 1 words: the first
 * pair of each row within the stream, its top bit set when the row's label is −1; the last word
 * is the number of pairs) and the pairs' `indices` and `values`. Static chunks (objective,
 * scoring) are slices of the CSR matrix without copying its pairs; training windows gather the
 * rows of an epoch's order into one contiguous stream, so a workgroup stages a tile of it with
 * coalesced loads. A dense matrix becomes the pairs of its non-zeros (its zeros add nothing to a
 * decision value or an update). Nothing here is ever dense beyond one row.
 */
import type { CsrMatrix, FeatureMatrix } from '../data/feature-matrix';

export interface RowStream<Buffer extends ArrayBufferLike = ArrayBufferLike> {
	rows: Uint32Array<Buffer>;
	indices: Uint32Array<Buffer>;
	values: Float32Array<Buffer>;
}

const NEGATIVE = 0x80000000;

/** Rows [first, last) of a CSR matrix; labels (±1) only where training needs them. */
export function csrChunk(matrix: CsrMatrix, first: number, last: number, y?: Int8Array): RowStream {
	const { indptr } = matrix;
	const offset = indptr[first]!;
	const rows = new Uint32Array(last - first + 1);
	for (let i = first; i <= last; i++) {
		const start = indptr[i]! - offset;
		rows[i - first] = i < last && y && y[i]! < 0 ? (start | NEGATIVE) >>> 0 : start;
	}
	return { rows, indices: matrix.indices.subarray(offset, indptr[last]!), values: matrix.values.subarray(offset, indptr[last]!) };
}

/** The stored pairs of each row: CSR lengths, or the non-zeros of a dense row. */
export function pairCounts(matrix: FeatureMatrix): Uint32Array {
	const counts = new Uint32Array(matrix.rowCount);
	if (matrix.format === 'csr') {
		for (let i = 0; i < matrix.rowCount; i++) counts[i] = matrix.indptr[i + 1]! - matrix.indptr[i]!;
		return counts;
	}
	const d = matrix.featureCount;
	for (let i = 0; i < matrix.rowCount; i++) {
		let count = 0;
		for (let j = i * d; j < (i + 1) * d; j++) if (matrix.values[j] !== 0) count++;
		counts[i] = count;
	}
	return counts;
}

/** Pairs before each position of an epoch's order (length n + 1), float64 so it never wraps. */
export function orderOffsets(order: Uint32Array, counts: Uint32Array): Float64Array {
	const offsets = new Float64Array(order.length + 1);
	for (let p = 0; p < order.length; p++) offsets[p + 1] = offsets[p]! + counts[order[p]!]!;
	return offsets;
}

/** Positions [from, to) of an epoch's order gathered into one stream, with their labels. */
export function gatherWindow(matrix: FeatureMatrix, order: Uint32Array, from: number, to: number, y: Int8Array, offsets: Float64Array): RowStream<ArrayBuffer> {
	const pairs = offsets[to]! - offsets[from]!;
	const rows = new Uint32Array(to - from + 1);
	const indices = new Uint32Array(pairs);
	const values = new Float32Array(pairs);
	let at = 0;
	for (let p = from; p < to; p++) {
		const row = order[p]!;
		rows[p - from] = y[row]! < 0 ? (at | NEGATIVE) >>> 0 : at;
		if (matrix.format === 'csr') {
			const start = matrix.indptr[row]!;
			const end = matrix.indptr[row + 1]!;
			indices.set(matrix.indices.subarray(start, end), at);
			values.set(matrix.values.subarray(start, end), at);
			at += end - start;
			continue;
		}
		const d = matrix.featureCount;
		for (let j = 0; j < d; j++) {
			const value = matrix.values[row * d + j]!;
			if (value === 0) continue;
			indices[at] = j;
			values[at++] = value;
		}
	}
	rows[to - from] = at;
	return { rows, indices, values };
}
