/**
 * The runs of the teaching page: which learning rates (one, η0 ÷ 10 / η0 / η0 × 10, or a fan
 * spread on a log scale) and, for each, a path by Descent's trainer (scikit-learn's SGD) or by
 * the teaching-only momentum and Nesterov steps (momentum.ts), all from the same start.
 */
import { denseMatrix } from '../data/feature-matrix';
import { momentumTrajectory } from './momentum';
import type { LearningRateSchedule } from './model';
import type { SgdOptions } from './sgd';
import { sgdTrajectory, type Trajectory } from './trajectory';

/** The most paths a fan draws. */
export const MAX_FAN = 16;

/**
 * The learning rates and the index of the one the page follows (η0 itself; the middle of an even
 * fan is the rate just under η0). A fan of `fan` ≥ 2 rates spans η0/10 … η0·10, evenly in log10:
 * rate k = η0 · 10^(−1 + 2k/(fan − 1)). Throws on a fan outside 1 … MAX_FAN.
 */
export function teachRates(eta0: number, fan: number, compare: boolean): { rates: number[]; main: number } {
	if (!Number.isInteger(fan) || fan < 1 || fan > MAX_FAN) throw new Error(`fan: 1 to ${MAX_FAN} rates, got ${fan}`);
	if (fan > 1) return { rates: Array.from({ length: fan }, (_, k) => eta0 * 10 ** (-1 + (2 * k) / (fan - 1))), main: Math.floor((fan - 1) / 2) };
	return compare ? { rates: [eta0 / 10, eta0, eta0 * 10], main: 1 } : { rates: [eta0], main: 0 };
}

export interface TeachRunOptions {
	optimizer: 'sgd' | 'momentum' | 'nesterov';
	/** μ of the teaching-only optimizers. */
	momentum: number;
	schedule: LearningRateSchedule;
	alpha: number;
	epochs: number;
	batchSize: number;
	intercept: boolean;
	seed: number;
}

/** Dense train rows (n × d) with labels ±1. */
export interface TeachRows {
	x: Float32Array;
	y: Int8Array;
	featureCount: number;
}

/**
 * Descent's trainer's options for one rate of the fan (plain SGD); the GPU fan
 * (gpu/teach-fan.ts) trains the same configurations.
 */
export function teachSgdOptions(options: TeachRunOptions, eta: number, start: Float32Array): SgdOptions {
	return {
		alpha: options.alpha,
		schedule: options.schedule,
		eta0: eta,
		powerT: 0.5,
		epochs: options.epochs,
		seed: options.seed,
		shuffle: true,
		// Without an intercept the plain surface over (w1, w2) is exactly the objective SGD
		// descends; with one, the page draws the slice at the followed path's final b.
		fitIntercept: options.intercept,
		average: false,
		tol: 1e-3,
		nIterNoChange: 5,
		batchSize: options.batchSize,
		initialWeights: start
	};
}

/** One path per rate from `start` (d weights; the bias starts at 0), shuffled by `seed`, on the CPU. */
export function teachRuns(rows: TeachRows, start: Float32Array, rates: number[], options: TeachRunOptions): Trajectory[] {
	const data = { matrix: denseMatrix(rows.x, rows.featureCount), y: rows.y };
	return rates.map((eta) =>
		options.optimizer === 'sgd'
			? sgdTrajectory(data, teachSgdOptions(options, eta, start))
			: momentumTrajectory(rows, {
					eta,
					momentum: options.momentum,
					nesterov: options.optimizer === 'nesterov',
					alpha: options.alpha,
					epochs: options.epochs,
					batchSize: options.batchSize,
					fitIntercept: options.intercept,
					shuffle: true,
					seed: options.seed,
					initialWeights: start
				})
	);
}
