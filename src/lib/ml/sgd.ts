/**
 * The CPU reference of binary linear-SVM training: stochastic gradient descent on the hinge
 * loss with an L2 penalty, following scikit-learn's plain SGD (`_plain_sgd` in _sgd_fast.pyx).
 * The WGSL kernel reproduces this to 1e-4 relative, so every step below is float32 with one
 * rounding per multiply and per add (Math.fround, or a store into a Float32Array), in this order.
 *
 * One step at update counter t (t = 1 first, counting across epochs), over a batch B of rows
 * (one row unless batchSize > 1; the last batch of an epoch may be shorter):
 *   1. η = f32(rate(t)); margin_i = y_i · (w·x_i + b) for every i in B, with w before this step
 *      (sklearn computes p before the shrink).
 *   2. w_j = w_j · max(0, f32(1 − f32(η·α)))   — once per step; clamped at 0 as sklearn does.
 *   3. for i in B, in order, when margin_i < 1:  u = f32(f32(η/|B|) · y_i · cw_i);
 *        w_j = f32(w_j + f32(u · x_ij));  b = f32(b + u) when fitting the intercept.
 *   4. averaged SGD: ŵ_j = f32(ŵ_j + f32(f32(w_j − ŵ_j) / t)), the same for b̂ (the running
 *      mean of the iterates from the first step, sklearn's average=True), then t += 1.
 * Rows whose feature is 0 are skipped in the sums: adding f32(w·0) changes nothing, so the
 * result is bit-identical and sparse (hashed text) data trains much faster.
 *
 * After each epoch the full-data objective (hinge.ts) of the model returned (the averaged one
 * when averaging) is recorded; a non-finite weight or objective throws.
 */
import type { FeatureMatrix } from '../data/feature-matrix';
import { decisionValue, hingeObjective } from './hinge';
import type { SgdHyperparameters } from './model';
import { createRandom, permutation } from './rng';
import { createLearningRate } from './schedules';

const f32 = Math.fround;

export interface BinaryTrainingData {
	/** n rows, dense or CSR. */
	matrix: FeatureMatrix;
	/** +1 or −1 per row. */
	y: Int8Array;
}

export type SgdOptions = Omit<SgdHyperparameters, 'classWeight'> & {
	/** sklearn's weight_pos / weight_neg: multiply the update of a +1 / −1 row (default 1). */
	positiveWeight?: number;
	negativeWeight?: number;
	onEpoch?: (epoch: number, objective: number) => void;
	/** The start point (default zeros): the teaching page starts SGD where the user clicked. */
	initialWeights?: Float32Array;
	initialBias?: number;
	/**
	 * Called with the start point (step 0) and after every step with the model as it would be
	 * returned then (the averaged one when averaging). The arrays are live: copy what you keep.
	 * Only reads: the run is bit-identical with or without it.
	 */
	onStep?: (step: number, weights: Float32Array, bias: number) => void;
};

export interface SgdResult {
	weights: Float32Array;
	bias: number;
	/** The objective after each epoch run (fewer than `epochs` when adaptive stopped early). */
	objectives: number[];
	/** Steps taken (t − 1 at the end). */
	updates: number;
	/** η of the last step. */
	lastRate: number;
}

/**
 * The row order of each successive epoch: one seeded stream for the whole run, so the orders
 * depend only on (n, seed). Without shuffling every epoch keeps the data's order.
 */
export function createEpochOrder(n: number, seed: number, shuffle: boolean): () => Uint32Array {
	const random = createRandom(seed);
	const identity = new Uint32Array(n);
	for (let i = 0; i < n; i++) identity[i] = i;
	return () => (shuffle ? permutation(n, random) : identity);
}

export function trainBinarySgd(data: BinaryTrainingData, options: SgdOptions): SgdResult {
	const { matrix, y } = data;
	const d = matrix.featureCount;
	const n = y.length;
	validate(data, options);
	const alpha = f32(options.alpha);
	const positiveWeight = f32(options.positiveWeight ?? 1);
	const negativeWeight = f32(options.negativeWeight ?? 1);
	const batchSize = options.batchSize;
	const learningRate = createLearningRate(options);
	const nextOrder = createEpochOrder(n, options.seed, options.shuffle);
	const sampleWeights = positiveWeight === 1 && negativeWeight === 1 ? null : rowWeights(y, positiveWeight, negativeWeight);

	const w = new Float32Array(d);
	if (options.initialWeights) w.set(options.initialWeights);
	let b = f32(options.initialBias ?? 0);
	// sklearn's averaged SGD starts the running mean from the first iterate, so ŵ may start at 0.
	const averageW = options.average ? new Float32Array(d) : null;
	let averageB = 0;
	options.onStep?.(0, w, b);
	const margins = new Float32Array(batchSize);
	const objectives: number[] = [];
	let t = 1;
	let eta = 0;

	for (let epoch = 1; epoch <= options.epochs; epoch++) {
		const order = nextOrder();
		for (let start = 0; start < n; start += batchSize) {
			const size = Math.min(batchSize, n - start);
			eta = f32(learningRate.rate(t));
			// 1. margins with the weights before this step
			for (let k = 0; k < size; k++) {
				const i = order[start + k]!;
				margins[k] = y[i]! * decisionValue(w, b, matrix, i);
			}
			// 2. one L2 shrink per step
			const scale = Math.max(0, f32(1 - f32(eta * alpha)));
			if (scale !== 1) for (let j = 0; j < d; j++) w[j] = w[j]! * scale;
			// 3. hinge subgradient of the violating rows, averaged over the batch
			const step = f32(eta / size);
			for (let k = 0; k < size; k++) {
				if (!(margins[k]! < 1)) continue;
				const i = order[start + k]!;
				const label = y[i]!;
				const u = f32(step * label * (label > 0 ? positiveWeight : negativeWeight));
				if (matrix.format === 'csr') {
					const { indptr, indices, values } = matrix;
					for (let k2 = indptr[i]!; k2 < indptr[i + 1]!; k2++) w[indices[k2]!] = w[indices[k2]!]! + f32(u * values[k2]!);
				} else {
					const offset = i * d;
					for (let j = 0; j < d; j++) {
						const value = matrix.values[offset + j]!;
						if (value !== 0) w[j] = w[j]! + f32(u * value);
					}
				}
				if (options.fitIntercept) b = f32(b + u);
			}
			// 4. running mean of the iterates
			if (averageW) {
				for (let j = 0; j < d; j++) averageW[j] = averageW[j]! + f32(f32(w[j]! - averageW[j]!) / t);
				averageB = f32(averageB + f32(f32(b - averageB) / t));
			}
			options.onStep?.(t, averageW ?? w, averageW ? averageB : b);
			t += 1;
		}

		const weights = averageW ?? w;
		const bias = averageW ? averageB : b;
		assertFinite(weights, bias, epoch, eta);
		const objective = hingeObjective({ matrix, y, weights, bias, alpha, sampleWeights });
		if (!Number.isFinite(objective)) {
			throw new Error(`objective became ${objective} at epoch ${epoch} (learning rate ${formatRate(eta)} too large?)`);
		}
		objectives.push(objective);
		options.onEpoch?.(epoch, objective);
		if (!learningRate.endEpoch(objective)) break;
	}

	return {
		weights: averageW ?? w,
		bias: averageW ? averageB : b,
		objectives,
		updates: t - 1,
		lastRate: eta
	};
}

function rowWeights(y: Int8Array, positive: number, negative: number): Float32Array {
	const weights = new Float32Array(y.length);
	for (let i = 0; i < y.length; i++) weights[i] = y[i]! > 0 ? positive : negative;
	return weights;
}

function validate(data: BinaryTrainingData, options: SgdOptions): void {
	const n = data.y.length;
	if (n === 0) throw new Error('no training rows');
	if (data.matrix.rowCount !== n) throw new Error(`${data.matrix.rowCount} rows of features for ${n} labels`);
	for (let i = 0; i < n; i++) {
		if (data.y[i] !== 1 && data.y[i] !== -1) throw new Error(`label of row ${i} is ${data.y[i]}, expected +1 or −1`);
	}
	if (options.initialWeights && options.initialWeights.length !== data.matrix.featureCount) {
		throw new Error(`initialWeights has ${options.initialWeights.length} values, expected ${data.matrix.featureCount} features`);
	}
	requireInteger('epochs', options.epochs, 1);
	requireInteger('batchSize', options.batchSize, 1);
	if (options.schedule === 'adaptive') requireInteger('nIterNoChange', options.nIterNoChange, 1);
	for (const [name, value] of [
		['positive class weight', options.positiveWeight ?? 1],
		['negative class weight', options.negativeWeight ?? 1]
	] as const) {
		if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a finite number ≥ 0, got ${value}`);
	}
}

function requireInteger(name: string, value: number, min: number): void {
	if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${value}`);
}

function assertFinite(weights: Float32Array, bias: number, epoch: number, eta: number): void {
	let bad: number | null = Number.isFinite(bias) ? null : bias;
	for (let j = 0; bad === null && j < weights.length; j++) {
		if (!Number.isFinite(weights[j]!)) bad = weights[j]!;
	}
	if (bad !== null) {
		throw new Error(`weights became ${bad} at epoch ${epoch} (learning rate ${formatRate(eta)} too large?)`);
	}
}

/** 3 significant digits: "1e+30", "0.01". */
function formatRate(eta: number): string {
	return String(Number(eta.toPrecision(3)));
}
