import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../../src/lib/data/feature-matrix';
import { createPathRecorder, gridPathFloats, pathCadence, pathLength, pathPlan, PATH_FLOATS, PATH_POINTS, tooWideForPath } from '../../../src/lib/ml/path';
import { createRandom } from '../../../src/lib/ml/rng';
import { trainBinarySgd } from '../../../src/lib/ml/sgd';

/** Feeds a recorder as a trainer does that calls it on its cadence only, then after the last step. */
function recordRun(totalSteps: number, everySteps: number, d = 1): Float32Array {
	const recorder = createPathRecorder(d, everySteps);
	const weights = new Float32Array(d);
	for (let step = 0; step <= totalSteps; step += everySteps) {
		weights.fill(step);
		recorder.onStep(step, weights, step / 2);
	}
	if (totalSteps % everySteps !== 0) recorder.onStep(totalSteps, weights.fill(totalSteps), totalSteps / 2);
	return recorder.finish({ weights: weights.fill(totalSteps), bias: totalSteps / 2 });
}

describe('pathPlan', () => {
	it('keeps PATH_POINTS points while they fit in PATH_FLOATS, fewer for wide models, none below three', () => {
		expect(pathPlan(2, 10)).toEqual({ everySteps: 1, maxPoints: PATH_POINTS });
		expect(pathPlan(1024, 600 * 220)!.maxPoints).toBe(PATH_POINTS);
		expect(pathPlan(5000, 1000)!.maxPoints).toBe(Math.floor(PATH_FLOATS / 5001));
		// 2^18 hashed buckets: the start, one point on the way and the end.
		expect(pathPlan(1 << 18, 1000)!.maxPoints).toBe(3);
		expect(pathPlan(1 << 19, 1000)).toBeNull();
	});

	it("a grid's configurations share its room: the example grids keep paths, wider ones say why not", () => {
		// Sentiment grid: 64 configurations over 1024 hashed buckets.
		expect(pathPlan(1024, 10 * 200, gridPathFloats(64))!.maxPoints).toBe(31);
		// Full vocabulary: 9 configurations over 2^18 buckets keep none (the cell replays the best ones alone).
		expect(pathPlan(1 << 18, 10 * 200, gridPathFloats(9))).toBeNull();
		expect(pathPlan(1 << 18, 10 * 200, gridPathFloats(2))!.maxPoints).toBe(3);
		expect(gridPathFloats(1)).toBe(PATH_FLOATS);
		// At 2^18 weights one point alone is 1 MiB: more than a share of 0.89 MiB, not "fewer than 3 points fit".
		expect(tooWideForPath(1 << 18, gridPathFloats(9), 9)).toBe("at 262,144 weights one point of a path takes 1 MiB, more than the 0.89 MiB each of this grid's 9 configurations may keep");
		expect(tooWideForPath(1 << 18, gridPathFloats(64), 64)).toBe("at 262,144 weights one point of a path takes 1 MiB, more than the 0.13 MiB each of this grid's 64 configurations may keep");
		expect(tooWideForPath(1 << 19)).toBe('at 524,288 weights the 3 points a plane needs take 6 MiB, more than the 4 MiB a path may keep');
	});

	it('bounds a long run: 600 epochs of 220 rows keep at most PATH_POINTS points, starting at 0 and ending at the last step', () => {
		const totalSteps = 600 * 220;
		const plan = pathPlan(1, totalSteps)!;
		const path = recordRun(totalSteps, plan.everySteps);
		expect(pathLength(path, 1)).toBeLessThanOrEqual(PATH_POINTS);
		expect(pathLength(path, 1)).toBeGreaterThan(PATH_POINTS - 3);
		expect([path[0], path[1]]).toEqual([0, 0]);
		expect([...path.slice(-2)]).toEqual([totalSteps, totalSteps / 2]);
	});

	it('pathCadence never gives more than maxPoints points, the last step included', () => {
		const random = createRandom(3);
		for (let trial = 0; trial < 2000; trial++) {
			const totalSteps = 1 + Math.floor(random.next() * (trial < 1000 ? 2000 : 1e7));
			const maxPoints = 3 + Math.floor(random.next() * 300);
			const every = pathCadence(totalSteps, maxPoints);
			const points = Math.floor(totalSteps / every) + 1 + (totalSteps % every === 0 ? 0 : 1);
			expect(points).toBeLessThanOrEqual(maxPoints);
		}
		for (const [totalSteps, maxPoints] of [[1, 3], [7, 3], [239, 240], [240, 240], [241, 240], [100_000, 17]] as const) {
			expect(pathLength(recordRun(totalSteps, pathCadence(totalSteps, maxPoints)), 1)).toBeLessThanOrEqual(maxPoints);
		}
	});
});

describe('createPathRecorder', () => {
	it('copies the weights it is given (the trainer reuses its array) and keeps d + 1 floats a point', () => {
		const recorder = createPathRecorder(3, 2);
		const live = Float32Array.of(1, 2, 3, 99);
		recorder.onStep(0, live, 0.5);
		live.set([4, 5, 6]);
		recorder.onStep(1, live, 0.25);
		recorder.onStep(2, live, 0.125);
		const path = recorder.finish();
		expect([...path]).toEqual([1, 2, 3, 0.5, 4, 5, 6, 0.125]);
	});

	it('grows past its first buffer and ends at the trained model of a real run', () => {
		const n = 40;
		const random = createRandom(5);
		const x = Float32Array.from({ length: n * 2 }, () => random.normal());
		const y = Int8Array.from({ length: n }, (_, i) => (x[2 * i]! > 0 ? 1 : -1));
		const recorder = createPathRecorder(2, 1);
		const options = { alpha: 0.01, schedule: 'constant' as const, eta0: 0.1, powerT: 0.5, epochs: 2, seed: 1, shuffle: true, fitIntercept: true, average: false, tol: 1e-3, nIterNoChange: 5, batchSize: 1 };
		const result = trainBinarySgd({ matrix: denseMatrix(x, 2), y }, { ...options, onStep: recorder.onStep });
		const path = recorder.finish(result);
		expect(pathLength(path, 2)).toBe(2 * n + 1);
		expect([...path.slice(-3)]).toEqual([result.weights[0], result.weights[1], result.bias]);
	});

	it('refuses a cadence that is not a positive integer', () => {
		expect(() => createPathRecorder(2, 0)).toThrow('everySteps must be an integer ≥ 1, got 0');
	});
});
