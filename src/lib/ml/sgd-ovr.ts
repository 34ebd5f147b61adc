/**
 * One-vs-rest SGD with shared row passes: the K binary problems (class k = +1, every other
 * class −1) visit the rows in the same seeded order, so they step together and each row's
 * non-zeros are read once per step for all K margins and once for all K updates. Every class
 * follows exactly the binary step of sgd.ts (the same float32 operations in the same order), so
 * the result equals K separate trainBinarySgd runs bit for bit, including an adaptive class
 * that stops early while the others go on.
 *
 * Layout: the unscaled weights are feature-major, V[j·K + k], so the K weights a non-zero
 * touches sit together; the per-class scalars (wscale, b, the average's a, B, b̂, η) are arrays.
 */
import type { CsrMatrix, DenseMatrix, FeatureMatrix } from '../data/feature-matrix';
import { l2Penalty, oneVsRestObjectives } from './hinge';
import type { SgdHyperparameters } from './model';
import { createLearningRate, type LearningRate } from './schedules';
import { assertFiniteModel, marginOverflow, overflowError, SPARSE_INTERCEPT_DECAY, validateSgdOptions } from './sgd-checks';
import { createEpochOrder } from './sgd';
import { F32_MAX } from './sgd-steps';
import { wscaleThreshold } from './weight-vector';

const f32 = Math.fround;

export interface OneVsRestProblem {
	/** sklearn's weight_pos / weight_neg of this class's problem. */
	positiveWeight: number;
	negativeWeight: number;
}

export interface OneVsRestResult {
	/** K × d, row-major. */
	coef: Float32Array;
	intercept: Float32Array;
	/** Per class, the objective after each of its epochs. */
	objectives: number[][];
	updates: number[];
}

type OvrOptions = Omit<SgdHyperparameters, 'classWeight'> & {
	/** After each epoch, for each class still training, with its objective (as SgdResult.objectives). */
	onEpoch?: (problem: number, epoch: number, objective: number) => void;
	exactObjectives?: boolean;
};

interface OvrState {
	K: number;
	V: Float32Array;
	AW: Float32Array | null;
	wscale: Float32Array;
	bias: Float32Array;
	averageA: Float32Array;
	averageB: Float32Array;
	averageBias: Float32Array;
	eta: Float64Array;
	active: Uint8Array;
	rates: LearningRate[];
	positiveWeight: Float64Array;
	negativeWeight: Float64Array;
	alpha: number;
	fitIntercept: boolean;
	decay: number;
	t: number;
	/** This epoch's Σ max(0, 1 − margin) over each class's +1 and −1 rows (sgd-steps.ts). */
	positiveLoss: Float64Array;
	negativeLoss: Float64Array;
	/** Scratch: one row's K dot products; a batch's margins (row-major, K per row); a row's updates. */
	sums: Float64Array;
	margins: Float64Array;
	updating: Int32Array;
	coefficients: Float64Array;
	bad: { problem: number; row: number; margin: number } | null;
}

/**
 * Trains K one-vs-rest problems over `labels` (class index per row, 0..K−1). Throws as
 * trainBinarySgd does (overflow names the class problem).
 */
export function trainOneVsRestSgd(
	matrix: FeatureMatrix,
	labels: Int8Array,
	problems: OneVsRestProblem[],
	options: OvrOptions,
	classNames: string[] = problems.map((_, k) => String(k))
): OneVsRestResult {
	const K = problems.length;
	const d = matrix.featureCount;
	const n = labels.length;
	if (n === 0) throw new Error('no training rows');
	if (matrix.rowCount !== n) throw new Error(`${matrix.rowCount} rows of features for ${n} labels`);
	problems.forEach((problem) => validateSgdOptions({ ...options, ...problem }));
	const s = createState(matrix, problems, options);
	const nextOrder = createEpochOrder(n, options.seed, options.shuffle);
	const coef = new Float32Array(K * d);
	const objectives: number[][] = problems.map(() => []);
	const updates = new Array<number>(K).fill(0);
	const allOnes = problems.every((p) => f32(p.positiveWeight) === 1 && f32(p.negativeWeight) === 1);
	const classWeights = allOnes ? null : problems.map((p) => ({ positive: f32(p.positiveWeight), negative: f32(p.negativeWeight) }));

	for (let epoch = 1; epoch <= options.epochs && s.active.some((a) => a === 1); epoch++) {
		const order = nextOrder();
		s.positiveLoss.fill(0);
		s.negativeLoss.fill(0);
		const ok = matrix.format === 'csr' ? csrEpoch(s, matrix, labels, order, options.batchSize) : denseEpoch(s, matrix, labels, order, options.batchSize);
		if (!ok && s.bad) {
			const { problem, row, margin } = s.bad;
			throw overflowError(epoch, `class '${classNames[problem]}' vs rest: ${marginOverflow(row, margin)}`, s.eta[problem]!);
		}
		materialiseAll(s, d, coef);
		for (let k = 0; k < K; k++) {
			if (s.active[k]) assertFiniteModel(coef.subarray(k * d, k * d + d), modelBias(s, k), epoch, s.eta[k]!, `class '${classNames[k]}' vs rest: `);
		}
		// Classes that stop now (adaptive) or ran their last epoch get the exact objective, in one shared pass.
		const finishing = new Uint8Array(K);
		for (let k = 0; k < K; k++) {
			if (s.active[k] && (!s.rates[k]!.endEpoch(s.positiveLoss[k]! + s.negativeLoss[k]!, n) || epoch === options.epochs)) finishing[k] = 1;
		}
		const exactFor = options.exactObjectives ? s.active : finishing;
		const exact = exactFor.some((flag) => flag === 1)
			? oneVsRestObjectives({ matrix, labels, weights: coef, biases: Float32Array.from({ length: K }, (_, k) => modelBias(s, k)), alpha: s.alpha, classWeights, active: exactFor })
			: null;
		for (let k = 0; k < K; k++) {
			if (!s.active[k]) continue;
			const objective = exactFor[k] ? exact![k]! : (s.positiveWeight[k]! * s.positiveLoss[k]! + s.negativeWeight[k]! * s.negativeLoss[k]!) / n + l2Penalty(coef.subarray(k * d, k * d + d), s.alpha);
			if (!Number.isFinite(objective)) throw overflowError(epoch, `class '${classNames[k]}' vs rest: the objective became ${objective}`, s.eta[k]!);
			objectives[k]!.push(objective);
			options.onEpoch?.(k, epoch, objective);
		}
		for (let k = 0; k < K; k++) {
			if (!s.active[k]) continue;
			updates[k] = s.t - 1;
			if (finishing[k]) s.active[k] = 0;
		}
	}

	materialiseAll(s, d, coef);
	const intercept = Float32Array.from({ length: K }, (_, k) => modelBias(s, k));
	return { coef, intercept, objectives, updates };
}

function createState(matrix: FeatureMatrix, problems: OneVsRestProblem[], options: OvrOptions): OvrState {
	const K = problems.length;
	const d = matrix.featureCount;
	const perClass = (value: number) => new Float32Array(K).fill(value);
	return {
		K,
		V: new Float32Array(d * K),
		AW: options.average ? new Float32Array(d * K) : null,
		wscale: perClass(1),
		bias: perClass(0),
		averageA: perClass(0),
		averageB: perClass(1),
		averageBias: perClass(0),
		eta: new Float64Array(K),
		active: new Uint8Array(K).fill(1),
		rates: problems.map(() => createLearningRate(options)),
		positiveWeight: Float64Array.from(problems, (p) => p.positiveWeight),
		negativeWeight: Float64Array.from(problems, (p) => p.negativeWeight),
		alpha: options.alpha,
		fitIntercept: options.fitIntercept,
		decay: matrix.format === 'csr' ? SPARSE_INTERCEPT_DECAY : 1,
		t: 1,
		positiveLoss: new Float64Array(K),
		negativeLoss: new Float64Array(K),
		sums: new Float64Array(K),
		margins: new Float64Array(options.batchSize * K),
		updating: new Int32Array(K),
		coefficients: new Float64Array(K),
		bad: null
	};
}

function denseEpoch(s: OvrState, matrix: DenseMatrix, labels: Int8Array, order: Uint32Array, batchSize: number): boolean {
	const d = matrix.featureCount;
	const x = matrix.values;
	const { K, V, AW, sums, updating, coefficients, averageA } = s;
	const n = order.length;
	for (let start = 0; start < n; start += batchSize) {
		const size = n - start < batchSize ? n - start : batchSize;
		beginStep(s);
		for (let r = 0; r < size; r++) {
			const i = order[start + r]!;
			const offset = i * d;
			sums.fill(0);
			for (let j = 0; j < d; j++) {
				const value = x[offset + j]!;
				if (value === 0) continue;
				const base = j * K;
				for (let k = 0; k < K; k++) sums[k] = sums[k]! + V[base + k]! * value;
			}
			if (!finishMargins(s, r, i, labels[i]!)) return false;
		}
		shrinkAll(s);
		for (let r = 0; r < size; r++) {
			const i = order[start + r]!;
			const count = rowUpdates(s, r, labels[i]!, size);
			if (count === 0) continue;
			const offset = i * d;
			for (let j = 0; j < d; j++) {
				const value = x[offset + j]!;
				if (value === 0) continue;
				const base = j * K;
				for (let q = 0; q < count; q++) {
					const k = updating[q]!;
					const delta = value * coefficients[q]!;
					V[base + k] = V[base + k]! + delta;
					if (AW !== null) AW[base + k] = AW[base + k]! - averageA[k]! * delta;
				}
			}
		}
		endStep(s);
	}
	return true;
}

function csrEpoch(s: OvrState, matrix: CsrMatrix, labels: Int8Array, order: Uint32Array, batchSize: number): boolean {
	const { indptr, indices, values } = matrix;
	const { K, V, AW, sums, updating, coefficients, averageA } = s;
	const n = order.length;
	for (let start = 0; start < n; start += batchSize) {
		const size = n - start < batchSize ? n - start : batchSize;
		beginStep(s);
		for (let r = 0; r < size; r++) {
			const i = order[start + r]!;
			sums.fill(0);
			for (let e = indptr[i]!, end = indptr[i + 1]!; e < end; e++) {
				const value = values[e]!;
				const base = indices[e]! * K;
				for (let k = 0; k < K; k++) sums[k] = sums[k]! + V[base + k]! * value;
			}
			if (!finishMargins(s, r, i, labels[i]!)) return false;
		}
		shrinkAll(s);
		for (let r = 0; r < size; r++) {
			const i = order[start + r]!;
			const count = rowUpdates(s, r, labels[i]!, size);
			if (count === 0) continue;
			for (let e = indptr[i]!, end = indptr[i + 1]!; e < end; e++) {
				const value = values[e]!;
				const base = indices[e]! * K;
				for (let q = 0; q < count; q++) {
					const k = updating[q]!;
					const delta = value * coefficients[q]!;
					V[base + k] = V[base + k]! + delta;
					if (AW !== null) AW[base + k] = AW[base + k]! - averageA[k]! * delta;
				}
			}
		}
		endStep(s);
	}
	return true;
}

/** Step 1's η of every class still training. */
function beginStep(s: OvrState): void {
	for (let k = 0; k < s.K; k++) if (s.active[k]) s.eta[k] = s.rates[k]!.rate(s.t);
}

/** Step 1's margins from the row's K dot products; false (and s.bad) when one is not finite. */
function finishMargins(s: OvrState, r: number, row: number, label: number): boolean {
	for (let k = 0; k < s.K; k++) {
		if (!s.active[k]) continue;
		const p = s.wscale[k]! * s.sums[k]! + s.bias[k]!;
		const margin = label === k ? p : -p;
		if (!(margin <= F32_MAX && margin >= -F32_MAX)) {
			s.bad = { problem: k, row, margin };
			return false;
		}
		if (margin < 1) {
			if (label === k) s.positiveLoss[k] = s.positiveLoss[k]! + (1 - margin);
			else s.negativeLoss[k] = s.negativeLoss[k]! + (1 - margin);
		}
		s.margins[r * s.K + k] = margin;
	}
	return true;
}

/** Step 2 for every class still training. */
function shrinkAll(s: OvrState): void {
	if (s.alpha === 0) return;
	const threshold = wscaleThreshold(s.AW !== null);
	for (let k = 0; k < s.K; k++) {
		if (!s.active[k]) continue;
		const shrink = 1 - s.eta[k]! * s.alpha;
		s.wscale[k] = shrink > 0 ? s.wscale[k]! * shrink : 0;
		if (s.wscale[k]! < threshold) resetClass(s, k);
	}
}

/** sklearn's reset_wscale for class k (weight-vector.ts, strided over the feature-major layout). */
function resetClass(s: OvrState, k: number): void {
	const { K, V, AW } = s;
	if (AW) {
		const a = s.averageA[k]!;
		const b = s.averageB[k]!;
		for (let base = k; base < V.length; base += K) AW[base] = (AW[base]! + a * V[base]!) / b;
		s.averageA[k] = 0;
		s.averageB[k] = 1;
	}
	const scale = s.wscale[k]!;
	for (let base = k; base < V.length; base += K) V[base] = V[base]! * scale;
	s.wscale[k] = 1;
}

/**
 * Step 3 for batch row r: the classes whose margin is ≤ 1 and whose update is not 0, with
 * c = u / wscale each (into s.updating / s.coefficients), and their intercepts moved.
 */
function rowUpdates(s: OvrState, r: number, label: number, size: number): number {
	let count = 0;
	for (let k = 0; k < s.K; k++) {
		if (!s.active[k] || !(s.margins[r * s.K + k]! <= 1)) continue;
		const step = s.eta[k]! / size;
		const update = label === k ? step * s.positiveWeight[k]! : -step * s.negativeWeight[k]!;
		if (update === 0) continue;
		s.updating[count] = k;
		s.coefficients[count] = update / s.wscale[k]!;
		count += 1;
		if (s.fitIntercept) s.bias[k] = s.bias[k]! + update * s.decay;
	}
	return count;
}

/** Step 4 (averaging) for every class still training, then t += 1. */
function endStep(s: OvrState): void {
	if (s.AW !== null) {
		const t = s.t;
		const mu = 1 / t;
		for (let k = 0; k < s.K; k++) {
			if (!s.active[k]) continue;
			if (t > 1) s.averageB[k] = s.averageB[k]! / (1 - mu);
			s.averageA[k] = s.averageA[k]! + mu * s.averageB[k]! * s.wscale[k]!;
			s.averageBias[k] = s.averageBias[k]! + (s.bias[k]! - s.averageBias[k]!) / t;
		}
	}
	s.t += 1;
}

/** Every class's model (weight-vector.ts's materialise) into coef, K × d row-major. */
function materialiseAll(s: OvrState, d: number, coef: Float32Array): void {
	const { K, V, AW } = s;
	for (let k = 0; k < K; k++) {
		const row = k * d;
		if (AW) {
			const a = s.averageA[k]!;
			const b = s.averageB[k]!;
			for (let j = 0; j < d; j++) coef[row + j] = (AW[j * K + k]! + a * V[j * K + k]!) / b;
		} else {
			const scale = s.wscale[k]!;
			for (let j = 0; j < d; j++) coef[row + j] = V[j * K + k]! * scale;
		}
	}
}

function modelBias(s: OvrState, k: number): number {
	return s.AW ? s.averageBias[k]! : s.bias[k]!;
}
