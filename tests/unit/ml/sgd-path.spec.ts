import { denseMatrix } from '../../../src/lib/data/feature-matrix';
import { describe, expect, it } from 'vitest';
import { createPathRecorder, pathCadence, pathLength } from '../../../src/lib/ml/path';
import { createRandom } from '../../../src/lib/ml/rng';
import { trainBinarySgd, type BinaryTrainingData, type SgdOptions } from '../../../src/lib/ml/sgd';

const base: SgdOptions = {
	alpha: 0.01,
	schedule: 'constant',
	eta0: 0.1,
	powerT: 0.5,
	epochs: 3,
	seed: 4,
	shuffle: true,
	fitIntercept: true,
	average: false,
	tol: 1e-3,
	nIterNoChange: 5,
	batchSize: 1
};

function blobs(n: number): BinaryTrainingData {
	const random = createRandom(7);
	const x = new Float32Array(n * 2);
	const y = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		y[i] = i % 2 === 0 ? 1 : -1;
		x[2 * i] = y[i]! + random.normal();
		x[2 * i + 1] = y[i]! + random.normal();
	}
	return { matrix: denseMatrix(x, 2), y };
}

describe('trainBinarySgd trajectory options', () => {
	it('onStep sees the start and every step without changing the model', () => {
		for (const average of [false, true]) {
			const plain = trainBinarySgd(blobs(50), { ...base, average });
			const steps: number[] = [];
			const watched = trainBinarySgd(blobs(50), { ...base, average, onStep: (step) => steps.push(step) });
			expect(watched.weights).toEqual(plain.weights);
			expect(watched.bias).toBe(plain.bias);
			expect(watched.objectives).toEqual(plain.objectives);
			expect(steps).toEqual(Array.from({ length: 151 }, (_, i) => i));
		}
	});

	it('starts from the given weights and bias, and zeros by default', () => {
		const starts: number[][] = [];
		trainBinarySgd(blobs(10), {
			...base,
			epochs: 1,
			initialWeights: Float32Array.of(4, -3),
			initialBias: 0.5,
			onStep: (step, weights, bias) => {
				if (step === 0) starts.push([...weights, bias]);
			}
		});
		trainBinarySgd(blobs(10), { ...base, epochs: 1, onStep: (step, weights, bias) => step === 0 && starts.push([...weights, bias]) });
		expect(starts).toEqual([[4, -3, 0.5], [0, 0, 0]]);
	});

	it('a different start point gives a different model; a wrong length is refused', () => {
		const zero = trainBinarySgd(blobs(20), { ...base, epochs: 1, eta0: 0.001 });
		const far = trainBinarySgd(blobs(20), { ...base, epochs: 1, eta0: 0.001, initialWeights: Float32Array.of(5, 5) });
		expect(far.weights[0]).toBeGreaterThan(zero.weights[0]! + 4);
		expect(() => trainBinarySgd(blobs(20), { ...base, initialWeights: Float32Array.of(1) })).toThrow(/initialWeights has 1 values, expected 2/);
	});
});

describe('createPathRecorder', () => {
	it('keeps the start, every k-th step and the last step, ending at the trained model', () => {
		const data = blobs(10);
		const recorder = createPathRecorder(2, 4);
		const result = trainBinarySgd(data, { ...base, epochs: 1, onStep: recorder.onStep });
		const path = recorder.finish(result);
		// steps 0, 4, 8 and the last (10)
		expect(pathLength(path, 2)).toBe(4);
		expect([...path.slice(0, 3)]).toEqual([0, 0, 0]);
		expect([...path.slice(-3)]).toEqual([result.weights[0], result.weights[1], result.bias]);
	});

	it('pathCadence keeps about the wanted number of points', () => {
		expect(pathCadence(100, 240)).toBe(1);
		expect(Math.ceil(10_000 / pathCadence(10_000, 240)) + 1).toBeLessThanOrEqual(241);
	});
});
