/** Shared by the SGD kernel tests: a configuration, the 1e-4 comparison, and the CPU reference run. */
import { expect } from 'vitest';
import type { FeatureMatrix } from '../../src/lib/data/feature-matrix';
import type { GpuContext } from '../../src/lib/gpu/device';
import { trainSgdGrid, type GridConfig, type GridOptions, type GridOutcome } from '../../src/lib/gpu/sgd-grid';
import { trainBinarySgd } from '../../src/lib/ml/sgd';

export interface Problem {
	matrix: FeatureMatrix;
	y: Int8Array;
}

export function config(overrides: Partial<GridConfig> = {}): GridConfig {
	return {
		alpha: 1e-3,
		schedule: 'optimal',
		eta0: 0.01,
		powerT: 0.5,
		epochs: 4,
		seed: 1,
		shuffle: true,
		fitIntercept: true,
		average: false,
		tol: 1e-3,
		nIterNoChange: 2,
		batchSize: 1,
		...overrides
	};
}

/** Within 1e-4 of the expected value, relative to it or to 1% of the largest expected value. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
	expect(actual.length, label).toBe(expected.length);
	let scale = 0;
	for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
	for (let i = 0; i < expected.length; i++) {
		const tolerance = 1e-4 * Math.max(Math.abs(expected[i]!), scale * 1e-2, 1e-6);
		expect(Math.abs(actual[i]! - expected[i]!), `${label}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance);
	}
}

/** Trains the grid on the GPU and each configuration alone with trainBinarySgd; they must agree. */
export async function compareWithCpu(gpu: GpuContext, data: Problem, configs: GridConfig[], options: GridOptions = {}): Promise<GridOutcome[]> {
	const outcomes = await trainSgdGrid(gpu, data, configs, options);
	configs.forEach((item, k) => {
		const reference = trainBinarySgd(data, item);
		const outcome = outcomes[k]!;
		if (!outcome.ok) throw new Error(`configuration ${k}: ${outcome.error}`);
		const label = `${item.schedule} α ${item.alpha} batch ${item.batchSize} average ${item.average} seed ${item.seed}`;
		expectClose(outcome.fit.weights, reference.weights, `${label} weights`);
		expectClose([outcome.fit.bias], [reference.bias], `${label} bias`);
		expectClose(outcome.fit.objectives, reference.objectives, `${label} objectives`);
	});
	return outcomes;
}

/** Every bit of every outcome, to compare two runs. */
export function outcomeBits(outcomes: GridOutcome[]): (number | string)[] {
	return outcomes.flatMap((item): (number | string)[] =>
		item.ok ? [...new Uint32Array(item.fit.weights.buffer), ...item.fit.objectives, item.fit.bias] : [item.error]
	);
}
