import { describe, expect, it } from 'vitest';
import { momentumTrajectory, type MomentumOptions } from '../../../src/lib/ml/momentum';

// Two rows, (1, 0) → +1 and (0, 1) → −1, in one batch: every step sees both, in any order.
const data = { x: Float32Array.of(1, 0, 0, 1), y: Int8Array.of(1, -1), featureCount: 2 };
const base: MomentumOptions = { eta: 1.5, momentum: 0.9, nesterov: false, alpha: 0, epochs: 2, batchSize: 2, fitIntercept: false, shuffle: false, seed: 1 };
const point = (path: Float32Array, k: number) => [...path.slice(3 * k, 3 * k + 3)];

describe('momentumTrajectory, steps worked by hand', () => {
	it('heavy ball: the velocity adds up while the hinge is active', () => {
		// Step 1 at w = 0: both margins 0 < 1, g = −½((1,0) − (0,1)) = (−0.5, 0.5); v = −1.5 g = (0.75, −0.75).
		// Step 2 at w = (0.75, −0.75): margins 0.75 < 1, g the same; v = 0.9 v + (0.75, −0.75) = (1.425, −1.425);
		// w = (2.175, −2.175).
		const run = momentumTrajectory(data, base);
		expect(run.diverged).toBeNull();
		expect(point(run.path, 0)).toEqual([0, 0, 0]);
		expect(point(run.path, 1)).toEqual([0.75, -0.75, 0]);
		expect(point(run.path, 2)[0]).toBeCloseTo(2.175, 6);
		expect(point(run.path, 2)[1]).toBeCloseTo(-2.175, 6);
	});

	it('Nesterov looks ahead: past the margins there is no pull, and only the velocity decays', () => {
		// Step 2: look-ahead w + 0.9 v = (1.425, −1.425): margins 1.425 ≥ 1, g = 0; v = 0.9 v = (0.675, −0.675);
		// w = (1.425, −1.425).
		const run = momentumTrajectory(data, { ...base, nesterov: true });
		expect(point(run.path, 1)).toEqual([0.75, -0.75, 0]);
		expect(point(run.path, 2)[0]).toBeCloseTo(1.425, 6);
		expect(point(run.path, 2)[1]).toBeCloseTo(-1.425, 6);
	});

	it('μ = 0 is plain SGD with the L2 term and an unpenalised intercept', () => {
		// w = (1, 0), α = 0.1, η = 0.5: row 1 has margin 1 (no hinge), row 2 margin 0:
		// g = (0.1, 0) − ½(−1)(0, 1) = (0.1, 0.5), g_b = −½(−1) = 0.5; w = (0.95, −0.25), b = −0.25.
		const run = momentumTrajectory(data, { ...base, eta: 0.5, momentum: 0, alpha: 0.1, epochs: 1, fitIntercept: true, initialWeights: Float32Array.of(1, 0) });
		const [w1, w2, b] = point(run.path, 1);
		expect(w1).toBeCloseTo(0.95, 6);
		expect(w2).toBeCloseTo(-0.25, 6);
		expect(b).toBeCloseTo(-0.25, 6);
		expect(run.objectives).toHaveLength(1);
	});

	it('a step size that blows up ends the path at its last finite point and says why', () => {
		const run = momentumTrajectory(data, { ...base, eta: 1e38, alpha: 1, momentum: 0.99, epochs: 20 });
		expect(run.diverged).toMatch(/became .* at epoch/);
		expect(run.path.every(Number.isFinite)).toBe(true);
	});

	it('refuses μ outside [0, 1) and η ≤ 0', () => {
		expect(() => momentumTrajectory(data, { ...base, momentum: 1 })).toThrow(/μ/);
		expect(() => momentumTrajectory(data, { ...base, eta: 0 })).toThrow(/η/);
	});
});
