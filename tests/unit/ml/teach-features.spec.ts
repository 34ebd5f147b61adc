import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../../src/lib/data/feature-matrix';
import { expandFeatures, featureScore } from '../../../src/lib/ml/teach-features';
import { linearMetrics } from '../../../src/lib/ml/teach-metrics';
import { sgdTrajectory } from '../../../src/lib/ml/trajectory';

describe('expandFeatures', () => {
	it('computes each feature in the order asked, worked by hand', () => {
		const x = expandFeatures(Float32Array.of(2, -1), Float32Array.of(3, 0.5), ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']);
		expect([...x.slice(0, 5)]).toEqual([2, 3, 4, 9, 6]);
		expect(x[5]).toBeCloseTo(Math.sin(2), 6);
		expect(x[6]).toBeCloseTo(Math.sin(3), 6);
		expect([...x.slice(7, 12)]).toEqual([-1, 0.5, 1, 0.25, -0.5]);
	});

	it('refuses ragged columns and an empty choice', () => {
		expect(() => expandFeatures(Float32Array.of(1), Float32Array.of(1, 2), ['x1'])).toThrow(/x1 has 1/);
		expect(() => expandFeatures(Float32Array.of(1), Float32Array.of(1), [])).toThrow(/at least one/);
	});

	it('the score reads d weights then the bias', () => {
		// w = (1, 2) over (x1², x1·x2), b = −1 at (2, 3): 4 + 12 − 1 = 15.
		expect(featureScore(['x1sq', 'x1x2'], Float32Array.of(9, 1, 2, -1), 1, 2, 3)).toBe(15);
	});
});

describe('a linear model over derived features', () => {
	// XOR in the four quadrants: the class is the sign of x1·x2.
	const x1 = Float32Array.of(1, -1, 1, -1, 0.5, -0.5, 0.5, -0.5);
	const x2 = Float32Array.of(1, -1, -1, 1, 0.5, -0.5, -0.5, 0.5);
	const y = Int8Array.from(x1, (value, i) => (value * x2[i]! > 0 ? 1 : -1));
	const options = {
		alpha: 0.001, schedule: 'constant' as const, eta0: 0.1, powerT: 0.5, epochs: 30, seed: 1, shuffle: true,
		fitIntercept: false, average: false, tol: 1e-3, nIterNoChange: 1000, batchSize: 1
	};

	it('cannot separate XOR from x1 and x2, and does with x1·x2', () => {
		for (const [features, solved] of [[['x1', 'x2'], false], [['x1', 'x2', 'x1x2'], true]] as const) {
			const x = expandFeatures(x1, x2, features);
			const run = sgdTrajectory({ matrix: denseMatrix(x, features.length), y }, options);
			const width = features.length + 1;
			const accuracy = linearMetrics({ x, y }, run.path, features.length, run.path.length - width).accuracy;
			if (solved) expect(accuracy).toBe(1);
			else expect(accuracy).toBeLessThan(1);
		}
	});
});
