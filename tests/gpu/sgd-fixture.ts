/** Shared by the SGD kernel tests: a configuration, the 1e-4 comparison, and the CPU reference run. */
import { expect } from 'vitest';
import type { CsrMatrix, FeatureMatrix } from '../../src/lib/data/feature-matrix';
import type { GpuContext } from '../../src/lib/gpu/device';
import { trainSgdGrid, type GridConfig, type GridOptions, type GridOutcome } from '../../src/lib/gpu/sgd-grid';
import { createRandom } from '../../src/lib/ml/rng';
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

/**
 * Within 1e-4 relative, as a vector: every |actual − expected| ≤ 1e-4 · max|expected|. A weight
 * near 0 (a rarely seen bucket, or one that cancels out) carries the rounding noise of the large
 * ones: the CPU computes a step's sums in float64, the GPU in float32 and in another order.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
	expect(actual.length, label).toBe(expected.length);
	let scale = 0;
	for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
	for (let i = 0; i < expected.length; i++) {
		const tolerance = 1e-4 * Math.max(scale, 1e-6);
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

/**
 * Hashed-text-like rows: `minWords`–`maxWords` distinct buckets of `buckets`, small counts (or
 * l2-normalised values), the label from a hidden linear rule with 10% noise; some rows empty.
 */
export function documents(n: number, buckets: number, seed: number, options: { minWords?: number; maxWords?: number; normalise?: boolean } = {}): Problem & { matrix: CsrMatrix } {
	const random = createRandom(seed);
	const { minWords = 0, maxWords = 12, normalise = false } = options;
	const rule = Float32Array.from({ length: buckets }, () => random.normal());
	const indptr = new Uint32Array(n + 1);
	const indices: number[] = [];
	const values: number[] = [];
	const y = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		const words = new Set<number>();
		const target = minWords + random.int(maxWords - minWords + 1);
		while (words.size < target) words.add(random.int(buckets));
		const sorted = [...words].sort((a, b) => a - b);
		const counts = sorted.map(() => 1 + random.int(3));
		const norm = normalise ? Math.sqrt(counts.reduce((sum, count) => sum + count * count, 0)) || 1 : 1;
		let score = 0;
		sorted.forEach((j, at) => {
			indices.push(j);
			values.push(counts[at]! / norm);
			score += rule[j]! * counts[at]!;
		});
		indptr[i + 1] = indices.length;
		y[i] = (score > 0) !== random.next() < 0.1 ? 1 : -1;
	}
	return { matrix: { format: 'csr', rowCount: n, featureCount: buckets, indptr, indices: Uint32Array.from(indices), values: Float32Array.from(values) }, y };
}
