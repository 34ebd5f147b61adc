import { describe, expect, it } from 'vitest';
import { linearMetrics, metricCurves, pointAtEpoch } from '../../../src/lib/ml/teach-metrics';

// Four rows in 2-D: (1, 0) +1, (−1, 0) −1, (0, 2) +1, (0, −2) −1.
const rows = { x: Float32Array.of(1, 0, -1, 0, 0, 2, 0, -2), y: Int8Array.of(1, -1, 1, -1) };

describe('linearMetrics', () => {
	it('is the mean hinge loss and the accuracy, worked by hand', () => {
		// w = (1, 0), b = 0: scores 1, −1, 0, 0 → margins 1, 1, 0, 0 → hinge 0, 0, 1, 1 → mean 0.5.
		// Predictions (+1 when score > 0): +1, −1, −1, −1 → right on rows 1, 2, 4 → 3/4.
		const metrics = linearMetrics(rows, Float32Array.of(1, 0, 0), 2);
		expect(metrics.loss).toBeCloseTo(0.5, 12);
		expect(metrics.accuracy).toBe(0.75);
	});

	it('reads the bias after the weights, at an offset into a path', () => {
		// Second point: w = (0, 0), b = 0.5: margins 0.5, −0.5, 0.5, −0.5 → hinge 0.5, 1.5, 0.5, 1.5 → 1.
		const path = Float32Array.of(9, 9, 9, 0, 0, 0.5);
		const metrics = linearMetrics(rows, path, 2, 3);
		expect(metrics.loss).toBeCloseTo(1, 12);
		expect(metrics.accuracy).toBe(0.5);
	});

	it('an empty set has no numbers, and a ragged one is refused', () => {
		expect(linearMetrics({ x: new Float32Array(0), y: new Int8Array(0) }, Float32Array.of(1, 1, 0), 2).loss).toBeNaN();
		expect(() => linearMetrics({ x: Float32Array.of(1, 2, 3), y: Int8Array.of(1, -1) }, Float32Array.of(1, 1, 0), 2)).toThrow(/not 2 rows/);
	});
});

describe('metricCurves', () => {
	// Three points, one per epoch of 4 steps recorded every 4 steps: w moves (0,0) → (1,0) → (1,1).
	const path = Float32Array.of(0, 0, 0, 1, 0, 0, 1, 1, 0);
	const timing = { stepsPerPoint: 4, stepsPerEpoch: 4 };

	it('has a point at the start and at the end of each epoch', () => {
		const curves = metricCurves(path, 2, timing, rows, rows);
		expect(curves.epochs).toEqual([0, 1, 2]);
		// At w = 0 every margin is 0: loss 1; no score is > 0: the two −1 rows are right.
		expect(curves.train[0]).toEqual({ loss: 1, accuracy: 0.5 });
		expect(curves.train[1]!.loss).toBeCloseTo(0.5, 12);
		// w = (1, 1): margins 1, 1, 2, 2 → loss 0, all right.
		expect(curves.test[2]).toEqual({ loss: 0, accuracy: 1 });
	});

	it('a path that stopped between epochs ends at its last point', () => {
		// Recorded every 2 steps, 4 steps an epoch: 4 points reach step 6 = epoch 1.5.
		const curves = metricCurves(Float32Array.of(0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0), 2, { stepsPerPoint: 2, stepsPerEpoch: 4 }, rows, rows);
		expect(curves.epochs).toEqual([0, 1, 1.5]);
		expect(curves.train[2]).toEqual({ loss: 0, accuracy: 1 });
		expect(pointAtEpoch(1, { stepsPerPoint: 2, stepsPerEpoch: 4 })).toBe(2);
	});

	it('an empty path has empty curves', () => {
		expect(metricCurves(new Float32Array(0), 2, timing, rows, rows).epochs).toEqual([]);
	});
});
