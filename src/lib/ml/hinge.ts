/**
 * The hinge-loss objective of a linear SVM:
 *   L(w, b) = (1/n) Σ s_i · max(0, 1 − y_i (w·x_i + b)) + (α/2)‖w‖²
 * with s_i = 1, or the sample's class weight. The intercept is not regularised (as scikit-learn).
 *
 * decisionValue (what predict, evaluate and the exports score) is float32, one rounding per
 * multiply and per add, in feature order, as the WGSL and ONNX scorers compute it. The objective
 * is a report, not a state a step depends on: its dot products are SGD's (row-ops.ts: float64,
 * ascending feature order), so a dense matrix and its CSR form give the same value. It costs one
 * pass over the non-zeros.
 */

import type { CsrMatrix, DenseMatrix, FeatureMatrix } from '../data/feature-matrix';
import { csrDot, denseDot } from './row-ops';

const f32 = Math.fround;

/**
 * w·x_row + b in float32, summed in ascending feature order over the row's non-zeros. Adding
 * f32(w·0) changes nothing, so a dense row (zeros skipped) and its CSR form give the same bits.
 */
export function decisionValue(weights: Float32Array, bias: number, matrix: FeatureMatrix, row: number): number {
	let sum = 0;
	if (matrix.format === 'csr') {
		const { indptr, indices, values } = matrix;
		for (let k = indptr[row]!, end = indptr[row + 1]!; k < end; k++) sum = f32(sum + f32(weights[indices[k]!]! * values[k]!));
		return f32(sum + bias);
	}
	const d = matrix.featureCount;
	const x = matrix.values;
	const offset = row * d;
	for (let j = 0; j < d; j++) {
		const value = x[offset + j]!;
		if (value !== 0) sum = f32(sum + f32(weights[j]! * value));
	}
	return f32(sum + bias);
}

/** max(0, 1 − margin), margin = y · f(x). */
export function hingeLoss(margin: number): number {
	return margin < 1 ? 1 - margin : 0;
}

/** (α/2)‖w‖², accumulated in float64. */
export function l2Penalty(weights: Float32Array, alpha: number): number {
	let squares = 0;
	for (let j = 0; j < weights.length; j++) squares += weights[j]! * weights[j]!;
	return 0.5 * alpha * squares;
}

export interface HingeObjectiveInput {
	/** n rows, dense or CSR. */
	matrix: FeatureMatrix;
	/** ±1 per row. */
	y: Int8Array;
	weights: Float32Array;
	bias: number;
	alpha: number;
	/** Per-row weights (class weights spread over rows); 1 for every row when absent. */
	sampleWeights?: Float32Array | null;
	/**
	 * For CSR data, weights·x over the stored entries [start, end) when something faster than
	 * csrDot computes it with the same bits (SGD's WebAssembly kernel, csr-kernel.ts).
	 */
	csrDot?: (start: number, end: number) => number;
	/** For dense data, weights·x_row of row i, the same bits as denseDot (SGD's WebAssembly kernel, dense-kernel.ts). */
	denseDot?: (row: number) => number;
	/** Σ weights_j² when the caller has it (SGD forms it with the model), the same bits as l2Penalty's sum. */
	squares?: number;
}

/** The full-data objective L(w, b); 0 rows → the penalty alone. O(non-zeros). */
export function hingeObjective(input: HingeObjectiveInput): number {
	const { matrix, y, weights, bias, alpha, sampleWeights } = input;
	const n = y.length;
	const total = matrix.format === 'csr' ? csrHingeSum(input, matrix) : denseHingeSum(input, matrix);
	return (n > 0 ? total / n : 0) + (input.squares !== undefined ? 0.5 * alpha * input.squares : l2Penalty(weights, alpha));
}

/** Σ s_i · max(0, 1 − y_i (w·x_i + b)) over dense rows, zeros skipped; float64. */
function denseHingeSum({ y, weights, bias, sampleWeights, denseDot: rowDot }: HingeObjectiveInput, matrix: DenseMatrix): number {
	const d = matrix.featureCount;
	const x = matrix.values;
	let total = 0;
	for (let i = 0, offset = 0; i < y.length; i++, offset += d) {
		const sum = rowDot ? rowDot(i) : denseDot(weights, x, offset, d);
		const margin = y[i]! > 0 ? sum + bias : -(sum + bias);
		if (margin < 1) total += sampleWeights ? sampleWeights[i]! * (1 - margin) : 1 - margin;
	}
	return total;
}

/** The same over CSR rows' stored entries. */
function csrHingeSum({ y, weights, bias, sampleWeights, csrDot: rowDot }: HingeObjectiveInput, matrix: CsrMatrix): number {
	const { indptr, indices, values } = matrix;
	let total = 0;
	for (let i = 0; i < y.length; i++) {
		const sum = rowDot ? rowDot(indptr[i]!, indptr[i + 1]!) : csrDot(weights, indices, values, indptr[i]!, indptr[i + 1]!);
		const margin = y[i]! > 0 ? sum + bias : -(sum + bias);
		if (margin < 1) total += sampleWeights ? sampleWeights[i]! * (1 - margin) : 1 - margin;
	}
	return total;
}

export interface OneVsRestObjectiveInput {
	matrix: FeatureMatrix;
	/** Class index per row. */
	labels: Int8Array;
	/** K × d, row-major: class k's weights are row k. */
	weights: Float32Array;
	/** K intercepts. */
	biases: Float32Array;
	alpha: number;
	/** Per class: the weight of its own rows (+1) and of the others (−1); null → all 1. */
	classWeights: { positive: number; negative: number }[] | null;
	/** Classes to score (others get NaN). */
	active: Uint8Array;
}

/**
 * hingeObjective of every one-vs-rest problem (class k = +1, the rest −1) in one pass over the
 * rows: each row's non-zeros are read once for all classes. Each value equals hingeObjective of
 * that class alone, bit for bit (the same float32 sums, the same float64 order).
 */
export function oneVsRestObjectives(input: OneVsRestObjectiveInput): number[] {
	const { matrix, labels, weights, biases, alpha, classWeights, active } = input;
	const classCount = biases.length;
	const d = matrix.featureCount;
	const n = labels.length;
	const sums = new Float64Array(classCount);
	const totals = new Float64Array(classCount);
	for (let i = 0; i < n; i++) {
		sums.fill(0);
		if (matrix.format === 'csr') {
			const { indptr, indices, values } = matrix;
			for (let e = indptr[i]!, end = indptr[i + 1]!; e < end; e++) {
				const j = indices[e]!;
				const value = values[e]!;
				for (let k = 0; k < classCount; k++) sums[k] = sums[k]! + weights[k * d + j]! * value;
			}
		} else {
			const offset = i * d;
			for (let j = 0; j < d; j++) {
				const value = matrix.values[offset + j]!;
				if (value === 0) continue;
				for (let k = 0; k < classCount; k++) sums[k] = sums[k]! + weights[k * d + j]! * value;
			}
		}
		const label = labels[i]!;
		for (let k = 0; k < classCount; k++) {
			const margin = label === k ? sums[k]! + biases[k]! : -(sums[k]! + biases[k]!);
			if (margin < 1) totals[k] = totals[k]! + (classWeights ? (label === k ? classWeights[k]!.positive : classWeights[k]!.negative) * (1 - margin) : 1 - margin);
		}
	}
	const objectives: number[] = [];
	for (let k = 0; k < classCount; k++) {
		objectives.push(active[k] ? (n > 0 ? totals[k]! / n : 0) + l2Penalty(weights.subarray(k * d, k * d + d), alpha) : NaN);
	}
	return objectives;
}
