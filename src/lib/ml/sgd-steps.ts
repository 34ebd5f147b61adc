/**
 * The hot loops of plain SGD (batchSize 1): steps over rows order[from..to) of one epoch, one
 * loop for dense rows and one for CSR rows, each doing exactly the step stated in sgd.ts (its
 * head comment is the contract; the WGSL kernel follows it). They are monomorphic and free of
 * closures and allocation: state lives in locals, the loops touch typed arrays only, and a step
 * costs O(non-zeros of its row). Mini-batches run sgd-batch-steps.ts. With a kernel
 * (csr-kernel.ts, dense-kernel.ts) the whole loop, averaged or not, runs in WebAssembly
 * (wasmSteps below; wasm-steps.ts's plainSteps), the same steps to the bit; without one the JS
 * loops below run it.
 */
import type { CsrMatrix, DenseMatrix } from '../data/feature-matrix';
import type { CsrKernel } from './csr-kernel';
import type { DenseKernel } from './dense-kernel';
import type { PlainStepState, StepKernel } from './step-kernel';
import { csrAddScaled, csrAddScaledAveraged, csrDot, denseAddScaled, denseAddScaledAveraged, denseDot } from './row-ops';
import { optimalInit, type LearningRate } from './schedules';
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
	/** Set to a row whose margin overflowed; the loops stop there. */
	badRow: number;
	badMargin: number;
	/** Scratch: the margins of one batch (mini-batch loops). */
	margins: Float64Array;
	/**
	 * The WebAssembly loop over this matrix (CSR or dense), whose memory holds weights.v and
	 * weights.aw (step-kernel.ts); null runs the JS loops below, which give the same bits.
	 */
	kernel: StepKernel | null;
	/** The same kernel when the rows are CSR: its row operations serve the mini-batch loop too. */
	csrKernel: CsrKernel | null;
	/** The same kernel when the rows are dense: it scores the exact objective's rows. */
	denseKernel: DenseKernel | null;
}

/** Plain SGD steps over the dense rows order[from..to). False when a margin overflowed (run.badRow). */
export function denseSteps(run: StepRun, matrix: DenseMatrix, order: Uint32Array, from: number, to: number): boolean {
	const d = matrix.featureCount;
	const x = matrix.values;
	const state = run.weights;
	const { v, aw } = state;
	const { y, alpha, fitIntercept, interceptDecay, positiveWeight, negativeWeight, learningRate, kernel } = run;
	const threshold = wscaleThreshold(aw !== null);
	if (kernel !== null) return wasmSteps(run, kernel, threshold, order, from, to);
	// constant and adaptive keep η for the whole epoch: no call and no shrink product per step
	const fixedRate = learningRate.schedule === 'constant' || learningRate.schedule === 'adaptive';
	let eta = learningRate.rate(run.t);
	let shrink = 1 - eta * alpha;
	let { wscale, bias: b, averageA, averageB, averageBias } = state;
	let t = run.t;
	let positiveLoss = run.epochPositiveLoss;
	let negativeLoss = run.epochNegativeLoss;
	let ok = true;

	for (let k = from; k < to; k++) {
		const i = order[k]!;
		const offset = i * d;
		if (!fixedRate) {
			eta = learningRate.rate(t);
			shrink = 1 - eta * alpha;
		}
		// 1. the margin with the weights before this step
		const positive = y[i]! > 0;
		const p = wscale * denseDot(v, x, offset, d) + b;
		const margin = positive ? p : -p;
		if (!(margin <= F32_MAX && margin >= -F32_MAX)) {
			run.badRow = i;
			run.badMargin = margin;
			ok = false;
			break;
		}
		// 2. the L2 shrink: one multiply; fold into v when wscale gets tiny (sklearn's reset_wscale)
		if (alpha !== 0) {
			wscale = shrink > 0 ? f32(wscale * shrink) : 0;
			if (wscale < threshold) {
				Object.assign(state, { wscale, averageA, averageB });
				resetWscale(state);
				({ wscale, averageA, averageB } = state);
			}
		}
		// 3. the hinge subgradient when margin ≤ 1, over the row's non-zeros
		if (margin <= 1) {
			if (positive) positiveLoss += 1 - margin;
			else negativeLoss += 1 - margin;
			const update = positive ? eta * positiveWeight : -(eta * negativeWeight);
			if (update !== 0) {
				const c = update / wscale;
				if (aw === null) denseAddScaled(v, x, offset, d, c);
				else denseAddScaledAveraged(v, aw, x, offset, d, c, averageA);
				if (fitIntercept) b = f32(b + update * interceptDecay);
			}
		}
		// 4. the lazy running mean of the iterates (sklearn's add_average)
		if (aw !== null) {
			if (t > 1) averageB = f32(averageB / (1 - 1 / t));
			averageA = f32(averageA + (1 / t) * averageB * wscale);
			averageBias = f32(averageBias + (b - averageBias) / t);
		}
		t += 1;
	}

	Object.assign(state, { wscale, bias: b, averageA, averageB, averageBias });
	run.t = t;
	run.eta = eta;
	run.epochPositiveLoss = positiveLoss;
	run.epochNegativeLoss = negativeLoss;
	return ok;
}

/** Plain SGD steps over the CSR rows order[from..to): denseSteps over the stored entries. */
export function csrSteps(run: StepRun, matrix: CsrMatrix, order: Uint32Array, from: number, to: number): boolean {
	const { indptr, indices, values } = matrix;
	const state = run.weights;
	const { v, aw } = state;
	const { y, alpha, fitIntercept, interceptDecay, positiveWeight, negativeWeight, learningRate, kernel } = run;
	const threshold = wscaleThreshold(aw !== null);
	if (kernel !== null) return wasmSteps(run, kernel, threshold, order, from, to);
	const fixedRate = learningRate.schedule === 'constant' || learningRate.schedule === 'adaptive';
	let eta = learningRate.rate(run.t);
	let shrink = 1 - eta * alpha;
	let { wscale, bias: b, averageA, averageB, averageBias } = state;
	let t = run.t;
	let positiveLoss = run.epochPositiveLoss;
	let negativeLoss = run.epochNegativeLoss;
	let ok = true;

	for (let k = from; k < to; k++) {
		const i = order[k]!;
		const start = indptr[i]!;
		const end = indptr[i + 1]!;
		if (!fixedRate) {
			eta = learningRate.rate(t);
			shrink = 1 - eta * alpha;
		}
		// 1. the margin
		const positive = y[i]! > 0;
		const p = wscale * csrDot(v, indices, values, start, end) + b;
		const margin = positive ? p : -p;
		if (!(margin <= F32_MAX && margin >= -F32_MAX)) {
			run.badRow = i;
			run.badMargin = margin;
			ok = false;
			break;
		}
		// 2. the L2 shrink
		if (alpha !== 0) {
			wscale = shrink > 0 ? f32(wscale * shrink) : 0;
			if (wscale < threshold) {
				Object.assign(state, { wscale, averageA, averageB });
				resetWscale(state);
				({ wscale, averageA, averageB } = state);
			}
		}
		// 3. the hinge subgradient over the row's stored entries
		if (margin <= 1) {
			if (positive) positiveLoss += 1 - margin;
			else negativeLoss += 1 - margin;
			const update = positive ? eta * positiveWeight : -(eta * negativeWeight);
			if (update !== 0) {
				const c = update / wscale;
				if (aw === null) csrAddScaled(v, indices, values, start, end, c);
				else csrAddScaledAveraged(v, aw, indices, values, start, end, c, averageA);
				if (fitIntercept) b = f32(b + update * interceptDecay);
			}
		}
		// 4. the lazy running mean of the iterates
		if (aw !== null) {
			if (t > 1) averageB = f32(averageB / (1 - 1 / t));
			averageA = f32(averageA + (1 / t) * averageB * wscale);
			averageBias = f32(averageBias + (b - averageBias) / t);
		}
		t += 1;
	}

	Object.assign(state, { wscale, bias: b, averageA, averageB, averageBias });
	run.t = t;
	run.eta = eta;
	run.epochPositiveLoss = positiveLoss;
	run.epochNegativeLoss = negativeLoss;
	return ok;
}

/**
 * csrSteps or denseSteps run by the kernel's plainSteps: the same loop, step for step, in
 * WebAssembly (wasm-steps.ts), so the per-row JS work (η, margin, shrink, calls into wasm) goes
 * too. η is computed there as schedules.ts computes it (optimal: 1 / (α (t0 + t − 1)) in
 * float64); invscaling's η_t = η0 / t^p needs pow, which wasm lacks, so JS fills a table of them.
 */
function wasmSteps(run: StepRun, kernel: StepKernel, threshold: number, order: Uint32Array, from: number, to: number): boolean {
	const { weights, learningRate } = run;
	const schedule = learningRate.schedule;
	const state: PlainStepState = {
		wscale: weights.wscale,
		bias: weights.bias,
		t: run.t,
		eta: learningRate.rate(run.t),
		alpha: run.alpha,
		positiveWeight: run.positiveWeight,
		negativeWeight: run.negativeWeight,
		interceptDecay: run.interceptDecay,
		fitIntercept: run.fitIntercept,
		threshold,
		rate: schedule === 'optimal' ? { optimalInit: optimalInit(run.alpha) } : schedule === 'invscaling' ? learningRate.rate : 'fixed',
		positiveLoss: run.epochPositiveLoss,
		negativeLoss: run.epochNegativeLoss,
		badMargin: 0,
		averaged: weights.aw !== null,
		averageA: weights.averageA,
		averageB: weights.averageB,
		averageBias: weights.averageBias
	};
	const bad = kernel.plainSteps(state, run.y, order, from, to);
	weights.wscale = state.wscale;
	weights.bias = state.bias;
	weights.averageA = state.averageA;
	weights.averageB = state.averageB;
	weights.averageBias = state.averageBias;
	run.t = state.t;
	run.eta = state.eta;
	run.epochPositiveLoss = state.positiveLoss;
	run.epochNegativeLoss = state.negativeLoss;
	if (bad < 0) return true;
	run.badRow = order[bad]!;
	run.badMargin = state.badMargin;
	return false;
}
