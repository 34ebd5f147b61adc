import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../../src/lib/data/feature-matrix';
import { planCuts } from '../../../src/lib/gpu/sgd-path';
import { trainBinarySgd } from '../../../src/lib/ml/sgd';

/** The steps at which trainBinarySgd calls onStep (the start, every k-th, the last). */
function cpuSteps(n: number, batch: number, every: number, epochs: number): number[] {
	const steps: number[] = [];
	const x = Float32Array.from({ length: n * 2 }, (_, i) => ((i * 7) % 5) - 2);
	const y = Int8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : -1));
	trainBinarySgd(
		{ matrix: denseMatrix(x, 2), y },
		{ alpha: 0.01, schedule: 'constant', eta0: 0.01, powerT: 0.5, epochs, seed: 1, shuffle: true, fitIntercept: true, average: false, tol: 1e-3, nIterNoChange: 5, batchSize: batch, onStep: (step) => steps.push(step), onStepEvery: every }
	);
	return steps;
}

describe('planCuts: the GPU path is cut where the CPU trainer records its points', () => {
	for (const [n, batch, every, epochs] of [
		[10, 1, 1, 3],
		[10, 3, 2, 4],
		[25, 4, 5, 7],
		[7, 8, 3, 5]
	] as const) {
		it(`n = ${n}, batches of ${batch}, every ${every} steps, ${epochs} epochs`, () => {
			const { cuts, tags } = planCuts(n, batch, every, epochs);
			const recorded = tags.filter((tag) => tag.cadence).map((tag) => tag.step);
			const last = tags[tags.length - 1]!;
			// The CPU's last call is the final model, on the cadence or not.
			expect([...recorded, ...(last.cadence ? [] : [last.step])]).toEqual(cpuSteps(n, batch, every, epochs));
			// Every epoch ends with a cut at n, and cuts fall on whole batches.
			cuts.forEach((epochCuts) => {
				expect(epochCuts[epochCuts.length - 1]).toBe(n);
				epochCuts.forEach((at) => expect(at === n || at % batch === 0).toBe(true));
			});
			expect(tags).toHaveLength(1 + cuts.reduce((sum, at) => sum + at.length, 0));
		});
	}

	it('refuses a cadence that is not a whole number of steps', () => {
		expect(() => planCuts(10, 1, 0, 1)).toThrow(/every/);
	});
});
