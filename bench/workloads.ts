/** The benchmark's workloads and the synthetic data they train on (seeded, so every run is the same). */
import type { GridConfig } from '../src/lib/gpu/sgd-grid';
import { createRandom } from '../src/lib/ml/rng';

export interface TrainWorkload {
	configurations: number;
	rows: number;
	features: number;
	epochs: number;
	/** Rows per SGD step, the same for every column of the row (> 1, so TF.js can batch). */
	batchSize: number;
}

export interface SurfaceWorkload {
	resolution: number;
	rows: number;
}

/** Mini-batch size of every training workload: TF.js needs batches to be a fair peer at all. */
export const BENCH_BATCH = 32;

/** The full set: K ∈ {1, 16, 256, 1024}, N ∈ {10⁴, 10⁵}, D ∈ {2, 32, 256}, 10 epochs. */
export function fullWorkloads(): TrainWorkload[] {
	const list: TrainWorkload[] = [];
	for (const rows of [10_000, 100_000]) for (const features of [2, 32, 256]) for (const configurations of [1, 16, 256, 1024]) list.push({ configurations, rows, features, epochs: 10, batchSize: BENCH_BATCH });
	return list;
}

/** A reduced set that finishes in minutes on a software GPU (SwiftShader). */
export function quickWorkloads(): TrainWorkload[] {
	return [
		{ configurations: 1, rows: 10_000, features: 2, epochs: 10, batchSize: BENCH_BATCH },
		{ configurations: 16, rows: 10_000, features: 2, epochs: 10, batchSize: BENCH_BATCH },
		{ configurations: 256, rows: 10_000, features: 2, epochs: 10, batchSize: BENCH_BATCH },
		{ configurations: 16, rows: 10_000, features: 32, epochs: 10, batchSize: BENCH_BATCH }
	];
}

/** The surfaces are over N = 10⁴; the quick set uses 10³ rows (SwiftShader needs minutes for 512² × 10⁴). */
export function surfaceWorkloads(full: boolean): SurfaceWorkload[] {
	const rows = full ? 10_000 : 1_000;
	return [
		{ resolution: 256, rows },
		{ resolution: 512, rows }
	];
}

/** Two overlapping Gaussian clouds in D dimensions, labels ±1. */
export function benchData(rows: number, features: number, seed = 42): { x: Float32Array; y: Int8Array; featureCount: number } {
	const random = createRandom(seed);
	const x = new Float32Array(rows * features);
	const y = new Int8Array(rows);
	for (let i = 0; i < rows; i++) {
		y[i] = random.next() < 0.5 ? 1 : -1;
		for (let j = 0; j < features; j++) x[i * features + j] = random.normal() + (j < 2 ? 0.8 * y[i]! : 0);
	}
	return { x, y, featureCount: features };
}

/**
 * K configurations: learning rates × alphas, constant schedule, one shuffle seed for the grid
 * (so every configuration sees the same per-epoch row order, which the K×D TF.js formulation
 * needs: one mini-batch of rows serves every configuration).
 */
export function benchConfigs(count: number, epochs: number, batchSize = BENCH_BATCH): GridConfig[] {
	return Array.from({ length: count }, (_, k) => ({
		alpha: [1e-4, 1e-3, 1e-2][k % 3]!,
		schedule: 'constant' as const,
		eta0: [0.001, 0.003, 0.01, 0.03, 0.1][Math.floor(k / 3) % 5]!,
		powerT: 0.5,
		epochs,
		seed: 7,
		shuffle: true,
		fitIntercept: true,
		average: false,
		tol: 1e-3,
		nIterNoChange: 5,
		batchSize
	}));
}

/** Train accuracy of a binary linear model, in percent. */
export function accuracy(data: { x: Float32Array; y: Int8Array; featureCount: number }, weights: Float32Array, bias: number): number {
	const d = data.featureCount;
	let correct = 0;
	for (let i = 0; i < data.y.length; i++) {
		let sum = bias;
		for (let j = 0; j < d; j++) sum += weights[j]! * data.x[i * d + j]!;
		if ((sum > 0 ? 1 : -1) === data.y[i]) correct++;
	}
	return (100 * correct) / data.y.length;
}
