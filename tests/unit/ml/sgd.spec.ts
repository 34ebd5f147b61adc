import { denseMatrix, denseToCsr } from '../../../src/lib/data/feature-matrix';
import { describe, expect, it } from 'vitest';
import type { SgdHyperparameters } from '../../../src/lib/ml/model';
import { createRandom } from '../../../src/lib/ml/rng';
import { createEpochOrder, trainBinarySgd, type BinaryTrainingData } from '../../../src/lib/ml/sgd';
import { decisionValue } from '../../../src/lib/ml/hinge';

const options = (overrides: Partial<SgdHyperparameters> = {}) => {
	const { classWeight: _ignored, ...rest }: SgdHyperparameters = {
		alpha: 0.5,
		schedule: 'constant',
		eta0: 0.5,
		powerT: 0.5,
		epochs: 2,
		seed: 0,
		shuffle: false,
		fitIntercept: true,
		average: false,
		classWeight: 'none',
		tol: 1e-3,
		nIterNoChange: 5,
		batchSize: 1,
		...overrides
	};
	return rest;
};

/** x1 = (1, 2) labelled +1, x2 = (−1, 1) labelled −1. */
const twoPoints: BinaryTrainingData = {
	matrix: denseMatrix(new Float32Array([1, 2, -1, 1]), 2),
	y: new Int8Array([1, -1]),
};

/** Two Gaussian blobs around ±(centre, centre): linearly separable when centre is 3. */
function separableBlobs(n: number, seed: number, centre = 3): BinaryTrainingData {
	const random = createRandom(seed);
	const x = new Float32Array(n * 2);
	const y = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		y[i] = i % 2 === 0 ? 1 : -1;
		x[2 * i] = centre * y[i]! + 0.7 * random.normal();
		x[2 * i + 1] = centre * y[i]! + 0.7 * random.normal();
	}
	return { matrix: denseMatrix(x, 2), y };
}

describe('trainBinarySgd', () => {
	it('matches two epochs of plain SGD computed by hand (constant η = 0.5, α = 1, no shuffle)', () => {
		// Weights are wscale·v; each step: margin with the old weights; wscale *= 1 − ηα = 0.5;
		// if margin ≤ 1: v += (η y / wscale) x, b += η y. (Powers of two, so float32 is exact.)
		// t=1, x1: margin 0 → wscale 0.5, v = (1, 2), b = 0.5: w = (0.5, 1)
		// t=2, x2: p = 0.5·(−1 + 2) + 0.5 = 1, margin −1 → wscale 0.25, v = (1, 2) − 2·(−1, 1) = (3, 0), b = 0: w = (0.75, 0)
		//   exact objective: margins 0.75 and 0.75 → mean hinge 0.25; (1/2)·0.5625 → 0.53125
		//   running estimate (the margins as visited, 0 and −1): mean hinge 1.5 + 0.28125 → 1.78125
		// t=3, x1: margin 0.75 → wscale 0.125, v = (3, 0) + 4·(1, 2) = (7, 8), b = 0.5: w = (0.875, 1)
		// t=4, x2: p = 0.125·1 + 0.5, margin −0.625 → wscale 0.0625, v = (7, 8) − 8·(−1, 1) = (15, 0), b = 0
		//   w = (0.9375, 0); the last epoch's objective is exact: margins 0.9375 → mean hinge 0.0625;
		//   (1/2)·0.87890625 → 0.501953125
		const epochs: [number, number][] = [];
		const steps: number[][] = [];
		const result = trainBinarySgd(twoPoints, {
			...options({ alpha: 1 }),
			onEpoch: (epoch, objective) => epochs.push([epoch, objective]),
			onStep: (step, weights, bias) => steps.push([step, ...weights, bias])
		});
		expect(Array.from(result.weights)).toEqual([0.9375, 0]);
		expect(result.bias).toBe(0);
		expect(result.updates).toBe(4);
		expect(result.objectives).toEqual([1.78125, 0.501953125]);
		expect(epochs).toEqual([
			[1, 1.78125],
			[2, 0.501953125]
		]);
		expect(trainBinarySgd(twoPoints, { ...options({ alpha: 1 }), exactObjectives: true }).objectives).toEqual([0.53125, 0.501953125]);
		// onStep sees the true weights wscale·v, not v.
		expect(steps).toEqual([
			[0, 0, 0, 0],
			[1, 0.5, 1, 0.5],
			[2, 0.75, 0, 0],
			[3, 0.875, 1, 0.5],
			[4, 0.9375, 0, 0]
		]);
	});

	it('updates when the margin is exactly 1 (sklearn: z <= threshold): the issue\'s count data gives w = 1.5', () => {
		// 20 rows alternating x = 1 (y = +1) and x = 0 (y = −1); α = 0, η = 0.5, 3 epochs, no intercept.
		// Margins of the x = 1 rows: 0, 0.5, 1 (still updated) → w = 1.5; with "< 1" it stopped at 1.0.
		const x = Float32Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : 0));
		const y = Int8Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : -1));
		const dense = denseMatrix(x, 1);
		const settings = options({ alpha: 0, eta0: 0.5, epochs: 3, fitIntercept: false });
		expect(Array.from(trainBinarySgd({ matrix: dense, y }, settings).weights)).toEqual([1.5]);
		expect(Array.from(trainBinarySgd({ matrix: denseToCsr(dense), y }, settings).weights)).toEqual([1.5]);
	});

	it('mini-batch: margins with the weights before the step, one shrink, the mean subgradient; t counts steps', () => {
		// η = 0.5, α = 1: each step halves wscale; the update of each row is ±η/2 = ±0.25.
		// Epoch 1, one step over {x1, x2}: both margins 0 → wscale 0.5, v = 0.5·x1 − 0.5·x2 = (1, 0.5):
		//   w = (0.5, 0.25), b = 0.25 − 0.25 = 0
		// Epoch 2: margins 0.5 + 0.5 = 1 (≤ 1, so it updates) and −(−0.5 + 0.25) = 0.25
		//   → wscale 0.25, v = (1, 0.5) + x1 − x2 = (3, 1.5): w = (0.75, 0.375), b = 0
		//   (updating only when the margin is < 1 would give w = (0.5, −0.125))
		const result = trainBinarySgd(twoPoints, options({ batchSize: 2, alpha: 1 }));
		expect(Array.from(result.weights)).toEqual([0.75, 0.375]);
		expect(result.bias).toBe(0);
		expect(result.updates).toBe(2);
	});

	it('mini-batch: the last, shorter batch of an epoch is one more step', () => {
		const data = separableBlobs(5, 1);
		expect(trainBinarySgd(data, options({ batchSize: 2, epochs: 3, alpha: 0.001 })).updates).toBe(9);
	});

	it('averaged SGD returns the mean of the iterates after every step (kept lazily, as sklearn)', () => {
		// The iterates of the hand-computed run: (0.5, 1), (0.75, 0), (0.875, 1), (0.9375, 0); intercepts 0.5, 0, 0.5, 0.
		const steps: number[][] = [];
		const result = trainBinarySgd(twoPoints, { ...options({ alpha: 1, average: true }), onStep: (step, w, b) => steps.push([step, ...w, b]) });
		expect(result.weights[0]).toBeCloseTo(3.0625 / 4, 6);
		expect(result.weights[1]).toBeCloseTo(2 / 4, 6);
		expect(result.bias).toBe(0.25);
		// The hook sees the running mean: after two steps ((0.5 + 0.75) / 2, (1 + 0) / 2).
		expect(steps[2]![1]).toBeCloseTo(0.625, 6);
		expect(steps[2]![2]).toBeCloseTo(0.5, 6);
	});

	it('class weights scale the update of their class (sklearn weight_pos / weight_neg)', () => {
		const one: BinaryTrainingData = { matrix: denseMatrix(new Float32Array([1, 2]), 2), y: new Int8Array([1]) };
		const result = trainBinarySgd(one, { ...options({ epochs: 1, alpha: 0 }), positiveWeight: 2, negativeWeight: 7 });
		expect(Array.from(result.weights)).toEqual([1, 2]);
		expect(result.bias).toBe(1);
	});

	it('fitIntercept false keeps b at 0', () => {
		expect(trainBinarySgd(twoPoints, options({ fitIntercept: false })).bias).toBe(0);
	});

	it('reaches 100% training accuracy on linearly separable data', () => {
		const data = separableBlobs(200, 3);
		const result = trainBinarySgd(data, options({ schedule: 'optimal', alpha: 0.0001, epochs: 10, shuffle: true, seed: 4 }));
		let correct = 0;
		for (let i = 0; i < data.y.length; i++) {
			if (Math.sign(decisionValue(result.weights, result.bias, data.matrix, i)) === data.y[i]) correct++;
		}
		expect(correct).toBe(200);
		expect(result.objectives).toHaveLength(10);
	});

	it('is deterministic: the same seed gives identical bits, another seed another order', () => {
		const data = separableBlobs(50, 5, 0.3); // overlapping, so every epoch keeps updating
		const run = (seed: number) => trainBinarySgd(data, options({ schedule: 'optimal', alpha: 0.01, epochs: 3, shuffle: true, seed }));
		const first = run(11);
		const again = run(11);
		expect(Buffer.from(again.weights.buffer).equals(Buffer.from(first.weights.buffer))).toBe(true);
		expect(Object.is(again.bias, first.bias)).toBe(true);
		expect(again.objectives).toEqual(first.objectives);
		expect(Array.from(run(12).weights)).not.toEqual(Array.from(first.weights));
	});

	it('createEpochOrder: a fresh seeded permutation each epoch, or the data order without shuffling', () => {
		const orders = createEpochOrder(8, 1, true);
		const epoch1 = Array.from(orders());
		const epoch2 = Array.from(orders());
		expect([...epoch1].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(epoch2).not.toEqual(epoch1);
		expect(Array.from(createEpochOrder(8, 1, true)())).toEqual(epoch1);
		expect(Array.from(createEpochOrder(8, 2, true)())).not.toEqual(epoch1);
		expect(Array.from(createEpochOrder(4, 1, false)())).toEqual([0, 1, 2, 3]);
	});

	it('adaptive divides η by 5 on plateaus and stops below 1e-6 before the last epoch', () => {
		// tol so large that no epoch after the first counts as progress: 1e-5 → 2e-6 → 4e-7 → stop.
		const result = trainBinarySgd(twoPoints, options({ schedule: 'adaptive', eta0: 1e-5, tol: 1e9, nIterNoChange: 1, epochs: 100 }));
		expect(result.objectives).toHaveLength(4);
		expect(result.lastRate).toBeCloseTo(4e-7, 15);
	});

	it('fails with sklearn\'s overflow message, naming the epoch, when a huge learning rate overflows', () => {
		const data = separableBlobs(10, 6);
		expect(() => trainBinarySgd(data, options({ eta0: 1e38, alpha: 0.0001 }))).toThrow(
			/^Floating-point under-\/overflow occurred at epoch #1: .* became (NaN|-?Infinity|-?\d\.\de\+\d+, beyond float32's range)\. Scaling the input data might help: add a scale cell before training \(or lower the learning rate, η = 1e\+38\)\.$/
		);
	});

	it('refuses features so large that the margins overflow float32 (the issue\'s 1e21 columns)', () => {
		const x = Float32Array.from({ length: 20 }, (_, k) => (k % 2 === 0 ? 1 : -1) * 1e21 * (1 + (k % 3)));
		const y = Int8Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 1 : -1));
		expect(() => trainBinarySgd({ matrix: denseMatrix(x, 2), y }, options({ schedule: 'optimal', alpha: 0.0001 }))).toThrow(
			/^Floating-point under-\/overflow occurred at epoch #1: the margin of training data row \d+ became -?\d\.\de\+\d+, beyond float32's range\. Scaling the input data might help: add a scale cell/
		);
	});

	it('refuses a NaN learning rate before training', () => {
		expect(() => trainBinarySgd(twoPoints, options({ eta0: NaN }))).toThrow(/learning rate eta0 must be a finite number > 0.*got NaN/);
	});

	it('refuses labels other than ±1 and a matrix of the wrong size', () => {
		expect(() => trainBinarySgd({ ...twoPoints, y: new Int8Array([1, 0]) }, options())).toThrow('the label of training data row 2 is 0, expected +1 or −1');
		expect(() => trainBinarySgd({ ...twoPoints, y: new Int8Array([1, -1, 1]) }, options())).toThrow(/2 rows of features for 3 labels/);
	});
});
