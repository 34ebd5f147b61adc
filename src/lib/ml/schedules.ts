/**
 * Learning-rate schedules with scikit-learn SGDClassifier's names and formulas
 * (sklearn/linear_model/_sgd_fast.pyx), so a user's settings mean what they mean there.
 * `t` counts updates from 1 and keeps counting across epochs (sklearn's `t`).
 * Rates are float64 here; the SGD step rounds them to float32 where it uses them.
 */
import type { LearningRateSchedule, SgdHyperparameters } from './model';

/** Below this the adaptive schedule gives up instead of dividing again (sklearn's 1e-6). */
export const ADAPTIVE_MIN_RATE = 1e-6;

/**
 * sklearn's heuristic offset t0 for 'optimal' with the hinge loss: it makes the first rate
 * equal to typw = sqrt(1/sqrt(α)), a typical weight size. The hinge derivative at
 * (p = −typw, y = 1) is −1, so the max(1, ·) divisor is 1.
 */
export function optimalInit(alpha: number): number {
	const typicalWeight = Math.sqrt(1 / Math.sqrt(alpha));
	// dloss(p = −typw, y = 1) of the hinge: the margin −typw is ≤ 1, so it is −y = −1.
	const hingeDerivative = -1;
	const initialEta0 = typicalWeight / Math.max(1, hingeDerivative);
	return 1 / (initialEta0 * alpha);
}

/** 'optimal': η_t = 1 / (α (t0 + t − 1)). */
export function optimalRate(alpha: number, t: number, init = optimalInit(alpha)): number {
	return 1 / (alpha * (init + t - 1));
}

/** 'invscaling': η_t = η0 / t^power_t. */
export function invscalingRate(eta0: number, powerT: number, t: number): number {
	return eta0 / Math.pow(t, powerT);
}

export type ScheduleParams = Pick<
	SgdHyperparameters,
	'schedule' | 'alpha' | 'eta0' | 'powerT' | 'tol' | 'nIterNoChange'
>;

/** A schedule with the state the adaptive one needs between epochs. */
export interface LearningRate {
	readonly schedule: LearningRateSchedule;
	/** η for update t (t = 1 first). */
	rate(t: number): number;
	/**
	 * Called after each epoch with its loss: SGD passes sklearn's `sumloss`, the sum over the
	 * epoch's `rows` of max(0, 1 − margin) as each row was visited. Adaptive: an epoch with
	 * loss > best − tol·rows does not count as improvement (sklearn's rule); after
	 * nIterNoChange such epochs in a row η /= 5, and when η is already ≤ 1e-6 it returns false
	 * instead (training stops, as sklearn does). Other schedules always return true.
	 */
	endEpoch(loss: number, rows?: number): boolean;
}

/** Throws on parameters the schedule cannot use, with sklearn's wording where it has one. */
export function validateScheduleParams(params: ScheduleParams): void {
	const { schedule, alpha, eta0, powerT } = params;
	if (!Number.isFinite(alpha) || alpha < 0) throw new Error(`alpha must be a finite number ≥ 0, got ${alpha}`);
	if (schedule === 'optimal') {
		if (!(alpha > 0)) throw new Error("alpha must be > 0 since learning rate schedule is 'optimal'");
		return;
	}
	if (!Number.isFinite(eta0) || !(eta0 > 0)) {
		throw new Error(`learning rate eta0 must be a finite number > 0 for the '${schedule}' schedule, got ${eta0}`);
	}
	if (schedule === 'invscaling' && !Number.isFinite(powerT)) {
		throw new Error(`powerT must be a finite number, got ${powerT}`);
	}
}

export function createLearningRate(params: ScheduleParams): LearningRate {
	validateScheduleParams(params);
	const { schedule, alpha, eta0, powerT, tol, nIterNoChange } = params;
	switch (schedule) {
		case 'constant':
			return { schedule, rate: () => eta0, endEpoch: () => true };
		case 'optimal': {
			const init = optimalInit(alpha);
			return { schedule, rate: (t) => optimalRate(alpha, t, init), endEpoch: () => true };
		}
		case 'invscaling':
			return { schedule, rate: (t) => invscalingRate(eta0, powerT, t), endEpoch: () => true };
		case 'adaptive':
			return createAdaptive(eta0, tol, nIterNoChange);
	}
}

function createAdaptive(eta0: number, tol: number, nIterNoChange: number): LearningRate {
	let eta = eta0;
	let best = Infinity;
	let epochsWithoutGain = 0;
	return {
		schedule: 'adaptive',
		rate: () => eta,
		endEpoch(loss, rows = 1) {
			epochsWithoutGain = loss > best - tol * rows ? epochsWithoutGain + 1 : 0;
			if (loss < best) best = loss;
			if (epochsWithoutGain < nIterNoChange) return true;
			if (eta <= ADAPTIVE_MIN_RATE) return false;
			eta /= 5;
			epochsWithoutGain = 0;
			return true;
		}
	};
}
