/**
 * The weights of one SGD problem kept as scikit-learn's `WeightVector` keeps them
 * (sklearn/utils/_weight_vector.pyx.tp), stored in float32:
 *   w = wscale · v, so the L2 shrink of every weight is one multiply of wscale;
 *   averaged SGD keeps ŵ = (aw + averageA · v) / averageB (Bottou's lazy averaging,
 *   sklearn's `add_average`), so averaging also costs O(non-zeros) per step.
 * The step that changes these lives in sgd-steps.ts; its order is stated in sgd.ts.
 */

const f32 = Math.fround;

/** sklearn folds wscale into v when it falls below this (its float64 threshold). */
export const WSCALE_THRESHOLD = 1e-9;

/**
 * With averaging the fold comes sooner. ŵ = (aw + a·v) / B adds two terms that grow like
 * 1/wscale and cancel, so in float32 a wscale of 1e-9 leaves no correct digit (a fixture with
 * η·α = 0.9 was off by 800 %; sklearn's own float32 threshold, 1e-6, by 7 %). Folding at 1e-2
 * bounds the cancellation to 100×, i.e. about 1e-5 relative, and costs O(d) only each time
 * wscale falls 100-fold, which is rare under any usable η·α.
 */
export const AVERAGED_WSCALE_THRESHOLD = 1e-2;

/** The fold threshold of a run with or without averaging. */
export function wscaleThreshold(average: boolean): number {
	return average ? AVERAGED_WSCALE_THRESHOLD : WSCALE_THRESHOLD;
}

export interface WeightVector {
	/** The unscaled weights: w_j = wscale · v_j. */
	v: Float32Array;
	wscale: number;
	bias: number;
	/** The averaged model's unscaled part; null without averaging. */
	aw: Float32Array | null;
	averageA: number;
	averageB: number;
	averageBias: number;
}

/**
 * v = the start point (zeros by default), wscale = 1; the average starts empty (aw = 0, a = 0,
 * b = 1). `arrays`: d float32 for v and, when averaging, aw, already holding the start point and
 * zeros (an SGD kernel's memory, step-kernel.ts), used instead of new arrays; initialWeights is
 * then not written.
 */
export function createWeightVector(
	featureCount: number,
	average: boolean,
	initialWeights?: Float32Array,
	initialBias = 0,
	arrays?: { v: Float32Array; aw: Float32Array | null }
): WeightVector {
	let v = arrays?.v;
	if (!v) {
		v = new Float32Array(featureCount);
		if (initialWeights) v.set(initialWeights);
	}
	return {
		v,
		wscale: 1,
		bias: f32(initialBias),
		aw: average ? (arrays?.aw ?? new Float32Array(featureCount)) : null,
		averageA: 0,
		averageB: 1,
		averageBias: 0
	};
}

/**
 * sklearn's `reset_wscale`: fold the pending average into aw (aw_j = f32((aw_j + a·v_j) / b),
 * a = 0, b = 1), then v_j = f32(v_j · wscale), wscale = 1. O(d); SGD calls it only when wscale
 * drops below wscaleThreshold(averaging).
 */
export function resetWscale(weights: WeightVector): void {
	const { v, aw, wscale } = weights;
	if (aw) {
		const a = weights.averageA;
		const b = weights.averageB;
		for (let j = 0; j < v.length; j++) aw[j] = (aw[j]! + a * v[j]!) / b;
		weights.averageA = 0;
		weights.averageB = 1;
	}
	for (let j = 0; j < v.length; j++) v[j] = v[j]! * wscale;
	weights.wscale = 1;
}

/**
 * The model as SGD would return it now, written into `out` (length d) without changing the
 * state: w_j = f32(wscale · v_j), or with averaging ŵ_j = f32((aw_j + a·v_j) / b).
 * Returns the matching intercept (b, or the averaged b̂).
 */
export function materialise(weights: WeightVector, out: Float32Array): number {
	const { v, aw, wscale } = weights;
	if (aw) {
		const a = weights.averageA;
		const b = weights.averageB;
		for (let j = 0; j < v.length; j++) out[j] = (aw[j]! + a * v[j]!) / b;
		return weights.averageBias;
	}
	for (let j = 0; j < v.length; j++) out[j] = v[j]! * wscale;
	return weights.bias;
}
