import { describe, expect, it } from 'vitest';
import { denseMatrix, denseToCsr, type FeatureMatrix } from '../../../src/lib/data/feature-matrix';
import { createRandom } from '../../../src/lib/ml/rng';
import { trainBinarySgd, type SgdOptions } from '../../../src/lib/ml/sgd';
import { trainOneVsRestSgd, type OneVsRestProblem } from '../../../src/lib/ml/sgd-ovr';

const base: Omit<SgdOptions, 'onEpoch'> = {
	alpha: 0.001,
	schedule: 'optimal',
	eta0: 0.05,
	powerT: 0.5,
	epochs: 5,
	seed: 2,
	shuffle: true,
	fitIntercept: true,
	average: false,
	tol: 1e-3,
	nIterNoChange: 2,
	batchSize: 1
};

/** Four overlapping classes in 6 features, a third of the values zero. */
function classes(n: number, seed: number): { matrix: FeatureMatrix; labels: Int8Array } {
	const random = createRandom(seed);
	const d = 6;
	const values = new Float32Array(n * d);
	const labels = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		labels[i] = i % 4;
		for (let j = 0; j < d; j++) {
			if (random.next() < 0.33) continue;
			values[i * d + j] = (j % 4 === labels[i] ? 1.5 : 0) + random.normal();
		}
	}
	return { matrix: denseMatrix(values, d), labels };
}

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

/** K separate binary runs, as sklearn's OvR does them. */
function separately(matrix: FeatureMatrix, labels: Int8Array, problems: OneVsRestProblem[], options: Omit<SgdOptions, 'onEpoch'>) {
	return problems.map((problem, k) =>
		trainBinarySgd({ matrix, y: Int8Array.from(labels, (label) => (label === k ? 1 : -1)) }, { ...options, ...problem })
	);
}

describe('trainOneVsRestSgd: K problems in shared row passes', () => {
	const { matrix, labels } = classes(120, 4);
	const unweighted = [0, 1, 2, 3].map(() => ({ positiveWeight: 1, negativeWeight: 1 }));
	const balanced = [0.8, 1.1, 1.3, 0.9].map((positiveWeight) => ({ positiveWeight, negativeWeight: 1 }));
	const settings: [string, Partial<Omit<SgdOptions, 'onEpoch'>>, OneVsRestProblem[]][] = [
		['optimal', {}, unweighted],
		['constant, averaged, class weights', { schedule: 'constant', average: true }, balanced],
		['invscaling, batches of 7', { schedule: 'invscaling', eta0: 0.5, batchSize: 7 }, unweighted],
		['constant, η·α large enough to fold wscale', { schedule: 'constant', eta0: 0.9, alpha: 1, epochs: 2 }, unweighted],
		['averaged, folding wscale', { schedule: 'constant', eta0: 0.5, alpha: 0.5, average: true, epochs: 3 }, balanced],
		['no intercept, no shuffle', { fitIntercept: false, shuffle: false }, unweighted]
	];
	for (const format of ['dense', 'csr'] as const) {
		const data = format === 'csr' ? denseToCsr(matrix as never) : matrix;
		for (const [name, overrides, problems] of settings) {
			it(`${format}, ${name}: equal to training each class alone, bit for bit`, () => {
				const options = { ...base, ...overrides };
				const shared = trainOneVsRestSgd(data, labels, problems, options);
				const alone = separately(data, labels, problems, options);
				const d = data.featureCount;
				alone.forEach((result, k) => {
					expect(bits(shared.coef.subarray(k * d, (k + 1) * d)), `class ${k}`).toEqual(bits(result.weights));
					expect(shared.intercept[k]).toBe(result.bias);
					expect(shared.objectives[k]).toEqual(result.objectives);
					expect(shared.updates[k]).toBe(result.updates);
				});
			});
		}
	}

	it('adaptive: a class that stops early is frozen while the others go on, as when trained alone', () => {
		const options = { ...base, schedule: 'adaptive' as const, eta0: 0.01, tol: 0.01, nIterNoChange: 1, epochs: 40 };
		const shared = trainOneVsRestSgd(matrix, labels, unweighted, options);
		const alone = separately(matrix, labels, unweighted, options);
		const lengths = alone.map((result) => result.objectives.length);
		expect(new Set(lengths).size, `epochs per class ${lengths}`).toBeGreaterThan(1);
		expect(shared.objectives.map((curve) => curve.length)).toEqual(lengths);
		alone.forEach((result, k) => expect(bits(shared.coef.subarray(k * 6, k * 6 + 6))).toEqual(bits(result.weights)));
	});

	it('reports each class after each epoch, epoch by epoch', () => {
		const reports: [number, number][] = [];
		trainOneVsRestSgd(matrix, labels, unweighted.slice(0, 3), { ...base, epochs: 2, onEpoch: (k, epoch) => reports.push([k, epoch]) });
		expect(reports).toEqual([[0, 1], [1, 1], [2, 1], [0, 2], [1, 2], [2, 2]]);
	});

	it('overflow names the class problem and the epoch', () => {
		const huge = denseMatrix(Float32Array.from({ length: 24 }, (_, k) => ((k * 7) % 5 - 2) * 1e21), 2);
		expect(() => trainOneVsRestSgd(huge, Int8Array.from({ length: 12 }, (_, i) => i % 3), unweighted.slice(0, 3), base, ['a', 'b', 'c'])).toThrow(
			/^Floating-point under-\/overflow occurred at epoch #1: class '[abc]' vs rest: the margin of training data row \d+ became/
		);
	});
});
