/**
 * Mini-batch SGD (batchSize > 1): the steps of sgd.ts over batches of rows order[from..to), one
 * loop for dense rows and one for CSR rows. Margins of a batch come first, with the weights
 * before the step; then one shrink; then each violating row's update. Plain SGD (batchSize 1)
 * runs the leaner loops of sgd-steps.ts, which give the same bits.
 */
import type { CsrMatrix, DenseMatrix } from '../data/feature-matrix';
import { csrAddScaled, csrAddScaledAveraged, csrDot, denseAddScaled, denseAddScaledAveraged, denseDot } from './row-ops';
import { F32_MAX, type StepRun } from './sgd-steps';
import { resetWscale, wscaleThreshold } from './weight-vector';

const f32 = Math.fround;

/** Mini-batch steps over the dense rows order[from..to), batches starting at `from`. False when a margin overflowed. */
export function denseBatchSteps(run: StepRun, matrix: DenseMatrix, order: Uint32Array, from: number, to: number): boolean {
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
			const p = wscale * denseDot(v, x, offset, d) + b;
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
				denseAddScaled(v, x, offset, d, c);
			} else {
				denseAddScaledAveraged(v, aw, x, offset, d, c, averageA);
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

/** The same over CSR rows' stored entries. */
export function csrBatchSteps(run: StepRun, matrix: CsrMatrix, order: Uint32Array, from: number, to: number): boolean {
	const { indptr, indices, values } = matrix;
	const state = run.weights;
	const v = state.v;
	const aw = state.aw;
	const { y, margins, alpha, batchSize, fitIntercept, interceptDecay, positiveWeight, negativeWeight, learningRate, csrKernel: kernel } = run;
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
			const rowStart = indptr[i]!;
			const rowEnd = indptr[i + 1]!;
			const p = wscale * (kernel !== null ? kernel.dot(rowStart, rowEnd) : csrDot(v, indices, values, rowStart, rowEnd)) + b;
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
			const rowStart = indptr[i]!;
			const rowEnd = indptr[i + 1]!;
			if (kernel !== null) {
				if (aw === null) kernel.addScaled(rowStart, rowEnd, c);
				else kernel.addScaledAveraged(rowStart, rowEnd, c, averageA);
			} else if (aw === null) {
				csrAddScaled(v, indices, values, rowStart, rowEnd, c);
			} else {
				csrAddScaledAveraged(v, aw, indices, values, rowStart, rowEnd, c, averageA);
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
