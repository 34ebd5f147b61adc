import { denseMatrix, denseToCsr } from '../../../src/lib/data/feature-matrix';
import { createRandom } from '../../../src/lib/ml/rng';
import { describe, expect, it } from 'vitest';
import { decisionValue, hingeLoss, hingeObjective, l2Penalty, oneVsRestObjectives } from '../../../src/lib/ml/hinge';

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

	describe('dense and CSR', () => {
		const random = createRandom(3);
		const n = 40;
		const d = 9;
		const values = Float32Array.from({ length: n * d }, () => (random.next() < 0.4 ? random.normal() * 3 : 0));
		const dense = denseMatrix(values, d);
		const csr = denseToCsr(dense);
		const w = Float32Array.from({ length: d }, () => random.normal());
		const labels = Int8Array.from({ length: n }, (_, i) => i % 3);
		const y = Int8Array.from(labels, (label) => (label === 1 ? 1 : -1));

		it('decision values and the objective are identical for a dense matrix and its CSR form', () => {
			for (let i = 0; i < n; i++) expect(Object.is(decisionValue(w, 0.25, csr, i), decisionValue(w, 0.25, dense, i))).toBe(true);
			const weights = new Float32Array(n).fill(2);
			expect(hingeObjective({ matrix: csr, y, weights: w, bias: 0.25, alpha: 0.1, sampleWeights: weights })).toBe(
				hingeObjective({ matrix: dense, y, weights: w, bias: 0.25, alpha: 0.1, sampleWeights: weights })
			);
		});

		it('oneVsRestObjectives equals hingeObjective of each class alone, in one pass', () => {
			const coef = Float32Array.from({ length: 3 * d }, () => random.normal());
			const biases = Float32Array.of(0.5, -0.25, 0);
			const classWeights = [{ positive: 2, negative: 1 }, { positive: 0.5, negative: 1 }, { positive: 1, negative: 1 }];
			for (const matrix of [dense, csr]) {
				const all = oneVsRestObjectives({ matrix, labels, weights: coef, biases, alpha: 0.1, classWeights, active: Uint8Array.of(1, 1, 0) });
				for (let k = 0; k < 2; k++) {
					const yk = Int8Array.from(labels, (label) => (label === k ? 1 : -1));
					const sampleWeights = Float32Array.from(yk, (sign) => (sign > 0 ? classWeights[k]!.positive : 1));
					expect(all[k]).toBe(hingeObjective({ matrix, y: yk, weights: coef.subarray(k * d, k * d + d), bias: biases[k]!, alpha: 0.1, sampleWeights }));
				}
				expect(all[2]).toBeNaN();
			}
		});
	});
});
