/**
 * What an exported ONNX graph takes, and how to build it from Descent's rows.
 *
 * - 'dense' layout (no hashed column, or at most DENSE_INPUT_LIMIT features in all):
 *   `input` float [N, D], every feature in weight order (a hashed column's buckets in place).
 * - 'sparse' layout (a hashed column and more features than that): the sparse row, padded —
 *   `indices` int64 [N, L] and `values` float [N, L], row i's non-zeros of the hashed columns
 *   first, then index 0 / value 0 up to L (any L ≥ 1; a padded entry adds w·0 = 0). The index
 *   space is the hashed columns one after another in feature order: with one text column an
 *   index is simply its bucket. The numeric columns, when the model has any, come as a dense
 *   `input` float [N, Dn] in feature order, raw (the graph standardises them).
 * The layout travels in the file's metadata (`descent.inputs`) as `OnnxLayout`.
 */
import { featureCount, type FeatureColumn } from '../data/features';
import type { FeatureMatrix } from '../data/feature-matrix';

/** Past this many features a hashed model takes the sparse row: a dense row of 2^18 floats per text is 1 MB. */
export const DENSE_INPUT_LIMIT = 4096;

export type OnnxInputChoice = 'auto' | 'dense' | 'sparse';

/** A hashed column in the sparse index space and in the model's weights. */
export interface SparseInputColumn {
	name: string;
	/** Where its bucket 0 is in `indices`. */
	offset: number;
	width: number;
	/** Where its bucket 0 is in the model's weights (featureCount of the columns before it). */
	featureOffset: number;
}

export type OnnxLayout =
	| { kind: 'dense'; features: number }
	| {
			kind: 'sparse';
			/** The numeric columns, in `input` order, with their positions in the model's weights. */
			numeric: { name: string; featureIndex: number }[];
			sparse: SparseInputColumn[];
			/** The size of the index space: the hashed columns' widths added up. */
			sparseWidth: number;
	  };

/** The layout a model's graph takes; `choice` 'auto' follows the rule in the head comment. */
export function onnxLayout(features: readonly FeatureColumn[], choice: OnnxInputChoice = 'auto'): OnnxLayout {
	const d = featureCount(features);
	const hashed = features.some((feature) => feature.type === 'sparse');
	if (choice === 'sparse' && !hashed) throw new Error('a sparse input needs a hashed text column; this model reads numbers only');
	if (choice === 'dense' || (choice === 'auto' && (!hashed || d <= DENSE_INPUT_LIMIT))) return { kind: 'dense', features: d };
	const numeric: { name: string; featureIndex: number }[] = [];
	const sparse: SparseInputColumn[] = [];
	let featureOffset = 0;
	let offset = 0;
	for (const feature of features) {
		if (feature.type === 'numeric') {
			numeric.push({ name: feature.name, featureIndex: featureOffset++ });
			continue;
		}
		sparse.push({ name: feature.name, offset, width: feature.width, featureOffset });
		offset += feature.width;
		featureOffset += feature.width;
	}
	return { kind: 'sparse', numeric, sparse, sparseWidth: offset };
}

/** The arrays to feed a graph, by input name, with their shapes; wrap each in an `ort.Tensor`. */
export interface OnnxFeeds {
	input?: { data: Float32Array; dims: [number, number] };
	indices?: { data: BigInt64Array; dims: [number, number] };
	values?: { data: Float32Array; dims: [number, number] };
}

/**
 * The feeds for rows of the model's features (tableToMatrix(table, model.features).matrix of raw,
 * unstandardised data). O(N·L) for the sparse layout; a CSR matrix is densified only for the
 * dense layout, which is for ≤ DENSE_INPUT_LIMIT features.
 */
export function onnxFeeds(layout: OnnxLayout, matrix: FeatureMatrix): OnnxFeeds {
	const n = matrix.rowCount;
	if (layout.kind === 'dense') {
		if (matrix.featureCount !== layout.features) throw new Error(`rows have ${matrix.featureCount} features, the graph takes ${layout.features}`);
		if (matrix.format === 'dense') return { input: { data: matrix.values, dims: [n, matrix.featureCount] } };
		const data = new Float32Array(n * layout.features);
		for (let i = 0; i < n; i++) for (let k = matrix.indptr[i]!; k < matrix.indptr[i + 1]!; k++) data[i * layout.features + matrix.indices[k]!] = matrix.values[k]!;
		return { input: { data, dims: [n, layout.features] } };
	}
	if (matrix.format !== 'csr') throw new Error('the sparse layout takes CSR rows (a model with a hashed column scores CSR rows)');
	// Numeric features go to `input` by position; the rest shift from weight order to the index space.
	const numericAt = new Map(layout.numeric.map((column, position) => [column.featureIndex, position]));
	const dn = layout.numeric.length;
	const input = new Float32Array(n * dn);
	let width = 1;
	for (let i = 0; i < n; i++) width = Math.max(width, matrix.indptr[i + 1]! - matrix.indptr[i]!);
	const indices = new BigInt64Array(n * width);
	const values = new Float32Array(n * width);
	for (let i = 0; i < n; i++) {
		let at = 0;
		let column = 0;
		for (let k = matrix.indptr[i]!; k < matrix.indptr[i + 1]!; k++) {
			const feature = matrix.indices[k]!;
			const position = numericAt.get(feature);
			if (position !== undefined) {
				input[i * dn + position] = matrix.values[k]!;
				continue;
			}
			while (feature >= layout.sparse[column]!.featureOffset + layout.sparse[column]!.width) column++;
			const target = layout.sparse[column]!;
			indices[i * width + at] = BigInt(feature - target.featureOffset + target.offset);
			values[i * width + at++] = matrix.values[k]!;
		}
	}
	return {
		...(dn > 0 ? { input: { data: input, dims: [n, dn] as [number, number] } } : {}),
		indices: { data: indices, dims: [n, width] },
		values: { data: values, dims: [n, width] }
	};
}
