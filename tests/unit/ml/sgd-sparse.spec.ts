import { describe, expect, it } from 'vitest';
import { denseMatrix, denseToCsr, type DenseMatrix } from '../../../src/lib/data/feature-matrix';
import type { LearningRateSchedule } from '../../../src/lib/ml/model';
import { createRandom } from '../../../src/lib/ml/rng';
import { trainBinarySgd, type SgdOptions } from '../../../src/lib/ml/sgd';

const base: SgdOptions = {
	alpha: 0.01,
	schedule: 'constant',
	eta0: 0.05,
	powerT: 0.5,
	epochs: 4,
	seed: 3,
	shuffle: true,
	fitIntercept: false,
	average: false,
	tol: 1e-3,
	nIterNoChange: 2,
	batchSize: 1
};

/** Counts-like rows: ~25 % non-zero, some negative, labelled by a noisy linear rule. */
function sparseRows(n: number, d: number, seed: number): { matrix: DenseMatrix; y: Int8Array } {
	const random = createRandom(seed);
	const values = new Float32Array(n * d);
	const y = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		let score = 0;
		for (let j = 0; j < d; j++) {
			if (random.next() < 0.25) values[i * d + j] = Math.round(random.normal() * 30) / 10;
			score += (j % 3 === 0 ? 1 : -0.5) * values[i * d + j]!;
		}
		y[i] = score + 0.5 * random.normal() > 0 ? 1 : -1;
	}
	return { matrix: denseMatrix(values, d), y };
}

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

describe('sparse SGD equals dense SGD on the same data', () => {
	const { matrix, y } = sparseRows(80, 24, 5);
	const csr = denseToCsr(matrix);
	const schedules: [LearningRateSchedule, Partial<SgdOptions>][] = [
		['constant', {}],
		['optimal', { alpha: 0.001 }],
		['invscaling', { eta0: 0.3 }],
		['adaptive', { eta0: 0.1, epochs: 12 }]
	];
	for (const [schedule, overrides] of schedules) {
		for (const average of [false, true]) {
			for (const batchSize of [1, 5]) {
				it(`${schedule}, average ${average}, batch ${batchSize}, no intercept: bit for bit`, () => {
					const options = { ...base, ...overrides, schedule, average, batchSize };
					const dense = trainBinarySgd({ matrix, y }, options);
					const sparse = trainBinarySgd({ matrix: csr, y }, options);
					expect(bits(sparse.weights)).toEqual(bits(dense.weights));
					expect(sparse.bias).toBe(0);
					expect(sparse.objectives).toEqual(dense.objectives);
					expect(sparse.updates).toBe(dense.updates);
				});
			}
		}
	}

	it("with an intercept, CSR moves it by 0.01 of the update (sklearn's SPARSE_INTERCEPT_DECAY), dense by all of it", () => {
		const one = denseMatrix(Float32Array.of(1, 0, 2), 3);
		const options = { ...base, fitIntercept: true, epochs: 1, eta0: 0.5, shuffle: false };
		expect(trainBinarySgd({ matrix: one, y: Int8Array.of(1) }, options).bias).toBe(0.5);
		expect(trainBinarySgd({ matrix: denseToCsr(one), y: Int8Array.of(1) }, options).bias).toBe(Math.fround(0.5 * Math.fround(0.01)));
		const dense = trainBinarySgd({ matrix, y }, { ...base, fitIntercept: true });
		const sparse = trainBinarySgd({ matrix: csr, y }, { ...base, fitIntercept: true });
		expect(Math.abs(sparse.bias)).toBeLessThan(Math.abs(dense.bias));
	});

	it('a wide CSR matrix trains without touching the untouched features', () => {
		// 2^20 features, 3 non-zeros a row: every weight outside the rows' columns stays exactly 0.
		const d = 1 << 20;
		const wide = { format: 'csr' as const, rowCount: 4, featureCount: d, indptr: Uint32Array.of(0, 3, 6, 9, 12), indices: Uint32Array.of(1, 500, d - 1, 2, 600, d - 2, 1, 700, d - 3, 3, 800, d - 4), values: Float32Array.of(1, 2, 1, -1, 1, 2, 1, 1, 1, -2, 1, 1) };
		const result = trainBinarySgd({ matrix: wide, y: Int8Array.of(1, -1, 1, -1) }, { ...base, schedule: 'optimal', alpha: 0.001, epochs: 5, average: true });
		const touched = new Set([1, 500, d - 1, 2, 600, d - 2, 700, d - 3, 3, 800, d - 4]);
		let strays = 0;
		for (let j = 0; j < d; j++) if (result.weights[j] !== 0 && !touched.has(j)) strays += 1;
		expect(strays).toBe(0);
		expect(result.weights[1]).toBeGreaterThan(0);
	});
});

describe('onStep and onStepEvery', () => {
	const { matrix, y } = sparseRows(30, 6, 9);

	it('calls the hook at step 0, every k-th step and the last step, with the weights a shorter run returns', () => {
		for (const average of [false, true]) {
			const options = { ...base, average, alpha: 0.05, epochs: 3 };
			const seen = new Map<number, number[]>();
			const full = trainBinarySgd({ matrix, y }, { ...options, onStepEvery: 7, onStep: (step, w, b) => seen.set(step, [...w, b]) });
			expect([...seen.keys()]).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 90]);
			// The whole run is unchanged by the hook, and its last call is the model returned.
			const plain = trainBinarySgd({ matrix, y }, options);
			expect(bits(full.weights)).toEqual(bits(plain.weights));
			expect(seen.get(90)).toEqual([...plain.weights, plain.bias]);
			// Step 30 ends epoch 1: with every = 1 its weights are those of a one-epoch run.
			const steps = new Map<number, number[]>();
			trainBinarySgd({ matrix, y }, { ...options, onStep: (step, w, b) => steps.set(step, [...w, b]) });
			const oneEpoch = trainBinarySgd({ matrix, y }, { ...options, epochs: 1 });
			expect(steps.get(30)).toEqual([...oneEpoch.weights, oneEpoch.bias]);
			expect(steps.get(14)).toEqual(seen.get(14));
		}
	});

	it('refuses a step interval that is not a positive integer', () => {
		expect(() => trainBinarySgd({ matrix, y }, { ...base, onStep: () => {}, onStepEvery: 0 })).toThrow('onStepEvery must be an integer ≥ 1, got 0');
	});
});
