/**
 * The hot loops of binary SGD: a run of steps over rows order[from..to) of one epoch, one loop
 * for dense rows and one for CSR rows, each doing exactly the step stated in sgd.ts (its head
 * comment is the contract; the WGSL kernel follows it). They are kept monomorphic and free of
 * closures and allocation: state is read into locals, the loops touch typed arrays only, and a
 * step costs O(non-zeros of its rows).
 */
import type { CsrMatrix, DenseMatrix } from '../data/feature-matrix';
import type { LearningRate } from './schedules';
import { resetWscale, wscaleThreshold, type WeightVector } from './weight-vector';

const f32 = Math.fround;

/** The largest finite float32: a margin beyond it would be ±Infinity in float32 (the GPU's arithmetic). */
export const F32_MAX = 3.4028234663852886e38;

/** The state of one binary run between calls. */
export interface StepRun {
	weights: WeightVector;
	/** ±1 per row. */
	y: Int8Array;
	/** The class weights of the +1 and −1 rows (sklearn's weight_pos / weight_neg). */
	positiveWeight: number;
	negativeWeight: number;
	alpha: number;
	fitIntercept: boolean;
	/** 1 (dense) or 0.01 (CSR), sklearn's intercept_decay. */
	interceptDecay: number;
	batchSize: number;
	learningRate: LearningRate;
	/** The counter of the next step (1 first, across epochs). */
	t: number;
	/** η of the last step taken. */
	eta: number;
	/**
	 * Σ max(0, 1 − margin) over this epoch's +1 rows and −1 rows as visited, float64: together
	 * sklearn's sumloss, and weighted by the class weights the running estimate of the objective.
	 */
	epochPositiveLoss: number;
	epochNegativeLoss: number;
	/** Set to a row whose margin was not finite; the loops stop there. */
	badRow: number;
	badMargin: number;
	/** Scratch: the margins of one batch. */
	margins: Float64Array;
}

/** Steps over the dense rows order[from..to), batches starting at `from`. False when a margin was not finite. */
export function denseSteps(run: StepRun, matrix: DenseMatrix, order: Uint32Array, from: number, to: number): boolean {
	const d = matrix.featureCount;
	const x = matrix.values;
	const state = run.weights;
	const v = state.v;
	const aw = state.aw;
	const { y, margins, alpha, batchSize, fitIntercept, interceptDecay, positiveWeight, negativeWeight, learningRate } = run;
	// constant and adaptive do not change η within an epoch: no call per step
	const fixedRate = learningRate.schedule === 'constant' || learningRate.schedule === 'adaptive';
	const fixedEta = learningRate.rate(run.t);
	let wscale = state.wscale;
	let b = state.bias;
	let averageA = state.averageA;
	let averageB = state.averageB;
	let averageBias = state.averageBias;
	let t = run.t;
	let eta = run.eta;
	let positiveLoss = run.epochPositiveLoss;
	let negativeLoss = run.epochNegativeLoss;
	const threshold = wscaleThreshold(aw !== null);
	let ok = true;

	for (let start = from; start < to; start += batchSize) {
		const size = to - start < batchSize ? to - start : batchSize;
		eta = fixedRate ? fixedEta : learningRate.rate(t);
		// 1. margins with the weights before this step
		for (let k = 0; k < size; k++) {
			const i = order[start + k]!;
			const offset = i * d;
			const sum = denseDot(v, x, offset, d);
			const p = wscale * sum + b;
			const positive = y[i]! > 0;
			const margin = positive ? p : -p;
			if (!(margin <= F32_MAX && margin >= -F32_MAX)) {
				run.badRow = i;
				run.badMargin = margin;
				ok = false;
				break;
			}
			if (margin < 1) {
				if (positive) positiveLoss += 1 - margin;
				else negativeLoss += 1 - margin;
			}
			margins[k] = margin;
		}
		if (!ok) break;
		// 2. the L2 shrink: one multiply; fold into v when wscale gets tiny (sklearn's reset_wscale)
		if (alpha !== 0) {
			const shrink = 1 - eta * alpha;
			wscale = shrink > 0 ? f32(wscale * shrink) : 0;
			if (wscale < threshold) {
				state.wscale = wscale;
				state.averageA = averageA;
				state.averageB = averageB;
				resetWscale(state);
				wscale = 1;
				averageA = state.averageA;
				averageB = state.averageB;
			}
		}
		// 3. the hinge subgradient of each row with margin ≤ 1, over its non-zeros only
		const step = eta / size;
		for (let k = 0; k < size; k++) {
			if (!(margins[k]! <= 1)) continue;
			const i = order[start + k]!;
			const update = y[i]! > 0 ? step * positiveWeight : -step * negativeWeight;
			if (update === 0) continue;
			const c = update / wscale;
			const offset = i * d;
			if (aw === null) {
				for (let j = 0; j < d; j++) {
					const value = x[offset + j]!;
					if (value !== 0) v[j] = v[j]! + value * c;
				}
			} else {
				for (let j = 0; j < d; j++) {
					const value = x[offset + j]!;
					if (value === 0) continue;
					const delta = value * c;
					v[j] = v[j]! + delta;
					aw[j] = aw[j]! - averageA * delta;
				}
			}
			if (fitIntercept) b = f32(b + update * interceptDecay);
		}
		// 4. the lazy running mean of the iterates (sklearn's add_average)
		if (aw !== null) {
			const mu = 1 / t;
			if (t > 1) averageB = f32(averageB / (1 - mu));
			averageA = f32(averageA + mu * averageB * wscale);
			averageBias = f32(averageBias + (b - averageBias) / t);
		}
		t += 1;
	}

	state.wscale = wscale;
	state.bias = b;
	state.averageA = averageA;
	state.averageB = averageB;
	state.averageBias = averageBias;
	run.t = t;
	run.eta = eta;
	run.epochPositiveLoss = positiveLoss;
	run.epochNegativeLoss = negativeLoss;
	return ok;
}

/**
 * Σ v_j·x_(offset+j) over j ascending, in float64, one add at a time: the order of the CSR sum
 * over the row's non-zeros, since each zero adds an exact ±0 (a zero sum's sign aside). Unrolled
 * by four to cut loop overhead; the adds stay in sequence.
 */
export function denseDot(v: Float32Array, x: Float32Array, offset: number, d: number): number {
	let sum = 0;
	let j = 0;
	for (; j + 3 < d; j += 4) {
		const o = offset + j;
		sum = sum + v[j]! * x[o]! + v[j + 1]! * x[o + 1]! + v[j + 2]! * x[o + 2]! + v[j + 3]! * x[o + 3]!;
	}
	for (; j < d; j++) sum += v[j]! * x[offset + j]!;
	return sum;
}

/** Steps over the CSR rows order[from..to): the same step as denseSteps, over the stored entries. */
export function csrSteps(run: StepRun, matrix: CsrMatrix, order: Uint32Array, from: number, to: number): boolean {
	const { indptr, indices, values } = matrix;
	const state = run.weights;
	const v = state.v;
	const aw = state.aw;
	const { y, margins, alpha, batchSize, fitIntercept, interceptDecay, positiveWeight, negativeWeight, learningRate } = run;
	// constant and adaptive do not change η within an epoch: no call per step
	const fixedRate = learningRate.schedule === 'constant' || learningRate.schedule === 'adaptive';
	const fixedEta = learningRate.rate(run.t);
	let wscale = state.wscale;
	let b = state.bias;
	let averageA = state.averageA;
	let averageB = state.averageB;
	let averageBias = state.averageBias;
	let t = run.t;
	let eta = run.eta;
	let positiveLoss = run.epochPositiveLoss;
	let negativeLoss = run.epochNegativeLoss;
	const threshold = wscaleThreshold(aw !== null);
	let ok = true;

	for (let start = from; start < to; start += batchSize) {
		const size = to - start < batchSize ? to - start : batchSize;
		eta = fixedRate ? fixedEta : learningRate.rate(t);
		// 1. margins with the weights before this step
		for (let k = 0; k < size; k++) {
			const i = order[start + k]!;
			let sum = 0;
			for (let e = indptr[i]!, end = indptr[i + 1]!; e < end; e++) sum += v[indices[e]!]! * values[e]!;
			const p = wscale * sum + b;
			const positive = y[i]! > 0;
			const margin = positive ? p : -p;
			if (!(margin <= F32_MAX && margin >= -F32_MAX)) {
				run.badRow = i;
				run.badMargin = margin;
				ok = false;
				break;
			}
			if (margin < 1) {
				if (positive) positiveLoss += 1 - margin;
				else negativeLoss += 1 - margin;
			}
			margins[k] = margin;
		}
		if (!ok) break;
		// 2. the L2 shrink
		if (alpha !== 0) {
			const shrink = 1 - eta * alpha;
			wscale = shrink > 0 ? f32(wscale * shrink) : 0;
			if (wscale < threshold) {
				state.wscale = wscale;
				state.averageA = averageA;
				state.averageB = averageB;
				resetWscale(state);
				wscale = 1;
				averageA = state.averageA;
				averageB = state.averageB;
			}
		}
		// 3. the hinge subgradient over each violating row's stored entries
		const step = eta / size;
		for (let k = 0; k < size; k++) {
			if (!(margins[k]! <= 1)) continue;
			const i = order[start + k]!;
			const update = y[i]! > 0 ? step * positiveWeight : -step * negativeWeight;
			if (update === 0) continue;
			const c = update / wscale;
			const end = indptr[i + 1]!;
			if (aw === null) {
				for (let e = indptr[i]!; e < end; e++) {
					const j = indices[e]!;
					v[j] = v[j]! + values[e]! * c;
				}
			} else {
				for (let e = indptr[i]!; e < end; e++) {
					const j = indices[e]!;
					const delta = values[e]! * c;
					v[j] = v[j]! + delta;
					aw[j] = aw[j]! - averageA * delta;
				}
			}
			if (fitIntercept) b = f32(b + update * interceptDecay);
		}
		// 4. the lazy running mean of the iterates
		if (aw !== null) {
			const mu = 1 / t;
			if (t > 1) averageB = f32(averageB / (1 - mu));
			averageA = f32(averageA + mu * averageB * wscale);
			averageBias = f32(averageBias + (b - averageBias) / t);
		}
		t += 1;
	}

	state.wscale = wscale;
	state.bias = b;
	state.averageA = averageA;
	state.averageB = averageB;
	state.averageBias = averageBias;
	run.t = t;
	run.eta = eta;
	run.epochPositiveLoss = positiveLoss;
	run.epochNegativeLoss = negativeLoss;
	return ok;
}
