/**
 * Momentum and Nesterov SGD on the regularised hinge objective, for the teaching page only:
 * Descent's trainer follows scikit-learn's SGDClassifier, which has no momentum, so these paths
 * are labelled as teaching paths and never produce a model elsewhere.
 *
 * One step on a mini-batch B of the rows, at constant step size η and momentum μ ∈ [0, 1)
 * (Goh, "Why Momentum Really Works", Distill 2017; Sutskever et al. 2013 for Nesterov):
 *   g(w, b) = α·w − (1/|B|) Σ_{i ∈ B, y_i(w·x_i + b) < 1} y_i·x_i      (the bias is not penalised:
 *   g_b(w, b) =     − (1/|B|) Σ_{same i} y_i                            its gradient has no α term)
 *   heavy ball:  v ← μ·v − η·g(w);          w ← w + v
 *   Nesterov:    v ← μ·v − η·g(w + μ·v);    w ← w + v      (the gradient where the velocity leads)
 * with the same update for (b, v_b) when an intercept is fitted. μ = 0 is plain mini-batch SGD.
 * Rows are visited in a fresh seeded permutation every epoch when `shuffle` is on.
 */
import { createPathRecorder, pathCadence } from './path';
import { createRandom, permutation } from './rng';
import type { Trajectory } from './trajectory';

export interface MomentumOptions {
	/** Step size η > 0, constant. */
	eta: number;
	/** μ in [0, 1). */
	momentum: number;
	nesterov: boolean;
	/** L2 strength α ≥ 0, as in the hinge objective (1/n) Σ hinge + (α/2)‖w‖². */
	alpha: number;
	epochs: number;
	batchSize: number;
	fitIntercept: boolean;
	shuffle: boolean;
	seed: number;
	/** The start w (length d); zeros otherwise. The bias starts at 0. */
	initialWeights?: Float32Array;
}

/** Dense rows (n × d, row-major) with labels ±1. */
export interface MomentumData {
	x: Float32Array;
	y: Int8Array;
	featureCount: number;
}

/**
 * The run's path in the format of sgdTrajectory (points × (d + 1): weights then bias), at most
 * `maxPoints` points. A run whose weights stop being finite ends there, its path cut to the last
 * finite point, with the reason in `diverged`. Throws on options out of range.
 */
export function momentumTrajectory(data: MomentumData, options: MomentumOptions, maxPoints = 3000): Trajectory {
	const { x, y, featureCount: d } = data;
	const n = y.length;
	const { eta, momentum: mu, alpha, epochs, batchSize } = options;
	if (!(eta > 0 && Number.isFinite(eta))) throw new Error(`momentum: η must be a finite number > 0, got ${eta}`);
	if (!(mu >= 0 && mu < 1)) throw new Error(`momentum: μ must be in [0, 1), got ${mu}`);
	if (!(alpha >= 0)) throw new Error(`momentum: α must be ≥ 0, got ${alpha}`);
	if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`momentum: batch size must be a whole number ≥ 1, got ${batchSize}`);
	if (x.length !== n * d) throw new Error(`momentum: ${x.length} values are not ${n} rows of ${d} features`);
	const stepsPerEpoch = Math.ceil(n / batchSize);
	const stepsPerPoint = pathCadence(stepsPerEpoch * epochs, maxPoints);
	const recorder = createPathRecorder(d, stepsPerPoint);
	const w = new Float32Array(d);
	if (options.initialWeights) w.set(options.initialWeights.subarray(0, d));
	let b = 0;
	const v = new Float64Array(d);
	let vb = 0;
	const at = new Float64Array(d);
	const grad = new Float64Array(d);
	const random = createRandom(options.seed);
	const objectives: number[] = [];
	let diverged: string | null = null;
	let step = 0;
	recorder.onStep(0, w, b);
	outer: for (let epoch = 0; epoch < epochs; epoch++) {
		const order = options.shuffle ? permutation(n, random) : Uint32Array.from({ length: n }, (_, i) => i);
		for (let from = 0; from < n; from += batchSize) {
			const to = Math.min(n, from + batchSize);
			// Where the gradient is taken: w itself, or the look-ahead w + μv for Nesterov.
			const lead = options.nesterov ? mu : 0;
			for (let k = 0; k < d; k++) at[k] = w[k]! + lead * v[k]!;
			const atBias = b + lead * vb;
			for (let k = 0; k < d; k++) grad[k] = alpha * at[k]!;
			let gradBias = 0;
			for (let r = from; r < to; r++) {
				const row = order[r]!;
				let score = atBias;
				for (let k = 0; k < d; k++) score += at[k]! * x[row * d + k]!;
				const label = y[row]!;
				if (label * score < 1) {
					for (let k = 0; k < d; k++) grad[k] = grad[k]! - (label * x[row * d + k]!) / (to - from);
					gradBias -= label / (to - from);
				}
			}
			for (let k = 0; k < d; k++) {
				v[k] = mu * v[k]! - eta * grad[k]!;
				w[k] = w[k]! + v[k]!;
			}
			if (options.fitIntercept) {
				vb = mu * vb - eta * gradBias;
				b += vb;
			}
			step++;
			if (!w.every(Number.isFinite) || !Number.isFinite(b)) {
				diverged = `weights became ${w.find((value) => !Number.isFinite(value)) ?? b} at epoch ${epoch + 1}: η = ${eta} with μ = ${mu} is too large`;
				break outer;
			}
			recorder.onStep(step, w, b);
		}
		objectives.push(objective(data, w, b, alpha));
	}
	const path = recorder.finish(diverged ? undefined : { weights: w, bias: b });
	return { path, stepsPerPoint, stepsPerEpoch, objectives, diverged };
}

/** (1/n) Σ max(0, 1 − y(w·x + b)) + (α/2)‖w‖². */
function objective({ x, y, featureCount: d }: MomentumData, w: Float32Array, b: number, alpha: number): number {
	let total = 0;
	for (let i = 0; i < y.length; i++) {
		let score = b;
		for (let k = 0; k < d; k++) score += w[k]! * x[i * d + k]!;
		total += Math.max(0, 1 - y[i]! * score);
	}
	let norm = 0;
	for (let k = 0; k < d; k++) norm += w[k]! * w[k]!;
	return (y.length > 0 ? total / y.length : 0) + (alpha / 2) * norm;
}
