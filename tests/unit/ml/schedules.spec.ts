import { describe, expect, it } from 'vitest';
import {
	ADAPTIVE_MIN_RATE,
	createLearningRate,
	invscalingRate,
	optimalInit,
	optimalRate
} from '../../../src/lib/ml/schedules';

const base = { alpha: 0.0001, eta0: 0.1, powerT: 0.5, tol: 1e-3, nIterNoChange: 2 };

describe('learning-rate schedules', () => {
	it("constant: η_t = η0 for every t", () => {
		const rate = createLearningRate({ ...base, schedule: 'constant' });
		expect([1, 2, 1000].map((t) => rate.rate(t))).toEqual([0.1, 0.1, 0.1]);
	});

	it("optimal: the first rate is sklearn's typw = α^(−1/4), then 1/(α(t0 + t − 1))", () => {
		const alpha = 0.0001;
		const typw = Math.sqrt(1 / Math.sqrt(alpha)); // 10
		expect(optimalInit(alpha)).toBeCloseTo(1 / (typw * alpha), 6); // 1000
		expect(optimalRate(alpha, 1)).toBeCloseTo(10, 9);
		expect(optimalRate(alpha, 2)).toBeCloseTo(1 / (alpha * 1001), 12);
		const rate = createLearningRate({ ...base, schedule: 'optimal' });
		expect(rate.rate(101)).toBeCloseTo(1 / (alpha * 1100), 12);
	});

	it("optimal refuses α = 0 as sklearn does", () => {
		expect(() => createLearningRate({ ...base, alpha: 0, schedule: 'optimal' })).toThrow(/alpha must be > 0/);
	});

	it('invscaling: η_t = η0 / t^power_t', () => {
		expect(invscalingRate(0.1, 0.5, 4)).toBeCloseTo(0.05, 12);
		const rate = createLearningRate({ ...base, schedule: 'invscaling' });
		expect([1, 4, 16].map((t) => rate.rate(t))).toEqual([0.1, 0.05, 0.025]);
	});

	it('adaptive: η0 until nIterNoChange epochs fail to gain tol, then η/5', () => {
		const rate = createLearningRate({ ...base, schedule: 'adaptive' });
		expect(rate.endEpoch(1.0)).toBe(true); // best 1.0
		expect(rate.endEpoch(0.5)).toBe(true); // improved
		expect(rate.rate(3)).toBe(0.1);
		expect(rate.endEpoch(0.4995)).toBe(true); // gain 5e-4 < tol: 1 epoch without change
		expect(rate.rate(4)).toBe(0.1);
		expect(rate.endEpoch(0.6)).toBe(true); // 2 in a row → divide by 5
		expect(rate.rate(5)).toBeCloseTo(0.02, 15);
		expect(rate.endEpoch(0.3)).toBe(true); // improvement resets the count
		expect(rate.endEpoch(0.3)).toBe(true);
		expect(rate.rate(6)).toBeCloseTo(0.02, 15);
		expect(rate.endEpoch(0.3)).toBe(true);
		expect(rate.rate(7)).toBeCloseTo(0.004, 15);
	});

	it('adaptive stops once η is at most 1e-6 and still not improving', () => {
		const rate = createLearningRate({ ...base, eta0: 4e-6, nIterNoChange: 1, schedule: 'adaptive' });
		expect(rate.endEpoch(1)).toBe(true); // first epoch improves on +∞
		expect(rate.endEpoch(1)).toBe(true); // 4e-6 > 1e-6: divide, 8e-7
		expect(rate.rate(1)).toBeCloseTo(8e-7, 18);
		expect(rate.rate(1)).toBeLessThan(ADAPTIVE_MIN_RATE);
		expect(rate.endEpoch(1)).toBe(false);
	});

	it('refuses a NaN or non-positive η0 naming the schedule', () => {
		expect(() => createLearningRate({ ...base, eta0: NaN, schedule: 'constant' })).toThrow(
			"learning rate eta0 must be a finite number > 0 for the 'constant' schedule, got NaN"
		);
		expect(() => createLearningRate({ ...base, eta0: 0, schedule: 'invscaling' })).toThrow(/eta0/);
	});
});
