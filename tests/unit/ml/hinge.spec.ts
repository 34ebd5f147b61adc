import { denseMatrix } from '../../../src/lib/data/feature-matrix';
import { describe, expect, it } from 'vitest';
import { decisionValue, hingeLoss, hingeObjective, l2Penalty } from '../../../src/lib/ml/hinge';

describe('hinge', () => {
	const x = new Float32Array([1, 2, -1, 1]);
	const y = new Int8Array([1, -1]);
	const weights = new Float32Array([0.875, 0.25]);

	it('decisionValue(w, b, matrix, row) is w·x_row + b', () => {
		expect(decisionValue(weights, 0.5, denseMatrix(x, 2), 0)).toBe(0.875 + 0.5 + 0.5);
		expect(decisionValue(weights, 0.5, denseMatrix(x, 2), 1)).toBe(-0.875 + 0.25 + 0.5);
	});

	it('decisionValue rounds each product and sum to float32', () => {
		const w = new Float32Array([0.1, 0.2]);
		const row = new Float32Array([0.3, 0.7]);
		const f = Math.fround;
		expect(decisionValue(w, 0, denseMatrix(row, 2), 0)).toBe(f(f(f(w[0]! * row[0]!)) + f(w[1]! * row[1]!)));
	});

	it('hingeLoss(margin) is max(0, 1 − margin)', () => {
		expect(hingeLoss(-1)).toBe(2);
		expect(hingeLoss(0.25)).toBe(0.75);
		expect(hingeLoss(1)).toBe(0);
		expect(hingeLoss(3)).toBe(0);
	});

	it('hingeObjective is the mean hinge plus (α/2)‖w‖², the intercept not penalised', () => {
		// margins: +1·(0.875 + 0.5) = 1.375 → 0; −1·(−0.875 + 0.25) = 0.625 → 0.375. Mean 0.1875.
		// penalty: 0.25 · (0.765625 + 0.0625) = 0.20703125
		expect(hingeObjective({ matrix: denseMatrix(x, 2), y, weights, bias: 0, alpha: 0.5 })).toBe(0.39453125);
		expect(l2Penalty(weights, 0.5)).toBe(0.20703125);
	});

	it('hingeObjective weighs each row by its sample weight, still dividing by n', () => {
		const sampleWeights = new Float32Array([1, 4]);
		expect(hingeObjective({ matrix: denseMatrix(x, 2), y, weights, bias: 0, alpha: 0, sampleWeights })).toBe((0 + 4 * 0.375) / 2);
	});
});
