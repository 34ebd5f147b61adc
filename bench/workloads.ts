/** The benchmark's workloads and the synthetic data they train on (seeded, so every run is the same). */
import type { BenchConfig, BenchData, BenchModel } from './adapter';
import { createRandom } from '../src/lib/ml/rng';

/** Mini-batch grids: GPU against the CPU reference and TF.js (which needs batches to be fair). */
export interface GridWorkload {
	configurations: number;
	rows: number;
	features: number;
	epochs: number;
	/** Rows per SGD step, the same for every column of the row (> 1, so TF.js can batch). */
	batchSize: number;
}

/** Plain SGD (one row per step, scikit-learn's algorithm) on dense Gaussian rows, against scikit-learn. */
export interface DenseWorkload {
	configurations: number;
	rows: number;
	features: number;
	epochs: number;
}

/** Hashed text: vectorize, then plain-SGD fits of each K in `fits`, against scikit-learn. */
export interface TextWorkload {
	corpus: 'generated' | 'reviews';
	/** Documents of the generated corpus (the reviews file has its own 400). */
	documents: number;
	buckets: number;
	fits: number[];
	epochs: number;
}

export interface SurfaceWorkload {
	resolution: number;
	rows: number;
}

export interface WorkloadSet {
	grids: GridWorkload[];
	dense: DenseWorkload[];
	text: TextWorkload[];
	surfaces: SurfaceWorkload[];
}

/** Mini-batch size of every grid workload: TF.js needs batches to be a fair peer at all. */
export const BENCH_BATCH = 32;
export const TEXT_BUCKETS = 2 ** 18;

/**
 * `--full`: the grid set (K ∈ {1, 16, 256, 1024}, N ∈ {10⁴, 10⁵}, D ∈ {2, 32, 256}),
 * plain SGD at K = 16 and 256 on 10⁵ × 32, the 10⁵-document corpus up to K = 256, surfaces
 * over 10⁴ rows.
 */
export function fullWorkloads(): WorkloadSet {
	const grids: GridWorkload[] = [];
	for (const rows of [10_000, 100_000]) for (const features of [2, 32, 256]) for (const configurations of [1, 16, 256, 1024]) grids.push({ configurations, rows, features, epochs: 10, batchSize: BENCH_BATCH });
	return {
		grids,
		dense: [16, 256].map((configurations) => ({ configurations, rows: 100_000, features: 32, epochs: 10 })),
		text: [
			{ corpus: 'generated', documents: 100_000, buckets: TEXT_BUCKETS, fits: [1, 16, 64, 256], epochs: 10 },
			{ corpus: 'reviews', documents: 0, buckets: TEXT_BUCKETS, fits: [16], epochs: 10 }
		],
		surfaces: [256, 512].map((resolution) => ({ resolution, rows: 10_000 }))
	};
}

/**
 * The default set, a few minutes on a 2-core machine with a software GPU: four small grids,
 * plain SGD at K = 16 on 10⁵ × 32, a generated corpus of `documents` at 2^18 buckets with
 * K = 1, 16, 64, the reviews, surfaces over 10³ rows (SwiftShader needs minutes for 512² × 10⁴).
 */
export function quickWorkloads(documents: number): WorkloadSet {
	return {
		grids: [
			{ configurations: 1, rows: 10_000, features: 2, epochs: 10, batchSize: BENCH_BATCH },
			{ configurations: 16, rows: 10_000, features: 2, epochs: 10, batchSize: BENCH_BATCH },
			{ configurations: 256, rows: 10_000, features: 2, epochs: 10, batchSize: BENCH_BATCH },
			{ configurations: 16, rows: 10_000, features: 32, epochs: 10, batchSize: BENCH_BATCH }
		],
		dense: [{ configurations: 16, rows: 100_000, features: 32, epochs: 10 }],
		text: [
			{ corpus: 'generated', documents, buckets: TEXT_BUCKETS, fits: [1, 16, 64], epochs: 10 },
			{ corpus: 'reviews', documents: 0, buckets: TEXT_BUCKETS, fits: [16], epochs: 10 }
		],
		surfaces: [256, 512].map((resolution) => ({ resolution, rows: 1_000 }))
	};
}

/**
 * `--targets`: the GPU targets only, for a GPU server's short lease — K=1024 × 10⁵ × 32
 * × 10 epochs (the grid, mini-batch) and K=256 on the 10⁵-document corpus at 2^18 buckets.
 */
export function targetWorkloads(): WorkloadSet {
	return {
		grids: [{ configurations: 1024, rows: 100_000, features: 32, epochs: 10, batchSize: BENCH_BATCH }],
		dense: [],
		text: [{ corpus: 'generated', documents: 100_000, buckets: TEXT_BUCKETS, fits: [256], epochs: 10 }],
		surfaces: []
	};
}

/** Two overlapping Gaussian clouds in D dimensions, labels ±1, as a dense matrix. */
export function benchData(rows: number, features: number, seed = 42): BenchData {
	const random = createRandom(seed);
	const values = new Float32Array(rows * features);
	const y = new Int8Array(rows);
	for (let i = 0; i < rows; i++) {
		y[i] = random.next() < 0.5 ? 1 : -1;
		for (let j = 0; j < features; j++) values[i * features + j] = random.normal() + (j < 2 ? 0.8 * y[i]! : 0);
	}
	return { matrix: { format: 'dense', rowCount: rows, featureCount: features, values }, y };
}

/** The row-major values of dense data (the surfaces and TF.js take dense rows only). */
export function denseValues(data: BenchData): Float32Array {
	if (data.matrix.format !== 'dense') throw new Error('expected dense rows');
	return data.matrix.values;
}

/** The (learning rate, alpha) pairs a grid cycles through, and whether it averages. */
export interface ConfigGrid {
	rates: number[];
	alphas: number[];
	average: boolean;
}

/** Mini-batch grids (η is shared by the |B| rows of a step): plain SGD, as TF.js expresses. */
export const MINI_BATCH_GRID: ConfigGrid = { rates: [0.001, 0.003, 0.01, 0.03, 0.1], alphas: [1e-4, 1e-3, 1e-2], average: false };

/**
 * Plain SGD on the Gaussian rows: rates up to 0.01, where the last iterate's accuracy is steady
 * from one epoch to the next (at 0.03–0.1 it swings by ~1 point, so two correct float
 * implementations land more than 0.5 point apart and no time could count).
 */
export const PLAIN_GRID: ConfigGrid = { rates: [1e-4, 3e-4, 0.001, 0.003, 0.01], alphas: [1e-4, 1e-3, 1e-2], average: false };

/**
 * Hashed counts: the last iterate of constant-rate SGD swings by several points per epoch on
 * this noisy text at every rate that learns in 10 epochs, so the text grids average (sklearn's
 * average=True), whose model moves smoothly; small alphas, as for text.
 */
export const TEXT_GRID: ConfigGrid = { rates: [0.001, 0.003, 0.01, 0.03, 0.1], alphas: [1e-6, 1e-5, 1e-4], average: true };

/**
 * K configurations: the grid's rates × alphas, constant schedule, one shuffle seed for all (so
 * every configuration sees the same per-epoch row order: the K×D TF.js formulation needs one
 * mini-batch of rows to serve every configuration, and scikit-learn replays that order).
 * Past rates × alphas the pairs repeat: the work per configuration is the same.
 */
export function benchConfigs(count: number, epochs: number, batchSize = BENCH_BATCH, grid: ConfigGrid = MINI_BATCH_GRID): BenchConfig[] {
	const { rates, alphas } = grid;
	return Array.from({ length: count }, (_, k) => ({
		alpha: alphas[k % alphas.length]!,
		schedule: 'constant' as const,
		eta0: rates[Math.floor(k / alphas.length) % rates.length]!,
		powerT: 0.5,
		epochs,
		seed: 7,
		shuffle: true,
		fitIntercept: true,
		average: grid.average,
		tol: 1e-3,
		nIterNoChange: 5,
		batchSize
	}));
}

/** Train accuracy of a binary linear model, in percent (dense or CSR rows; score > 0 is +1). */
export function accuracy(data: BenchData, model: BenchModel): number {
	const { matrix, y } = data;
	const { weights, bias } = model;
	let correct = 0;
	for (let i = 0; i < y.length; i++) {
		let sum = bias;
		if (matrix.format === 'dense') {
			const d = matrix.featureCount;
			for (let j = 0; j < d; j++) sum += weights[j]! * matrix.values[i * d + j]!;
		} else {
			for (let k = matrix.indptr[i]!; k < matrix.indptr[i + 1]!; k++) sum += weights[matrix.indices[k]!]! * matrix.values[k]!;
		}
		if ((sum > 0 ? 1 : -1) === y[i]) correct++;
	}
	return (100 * correct) / y.length;
}

/** The largest |a_k − b_k| over two lists of accuracies (points). */
export function maxGap(left: readonly number[], right: readonly number[]): number {
	let gap = 0;
	left.forEach((value, k) => (gap = Math.max(gap, Math.abs(value - right[k]!))));
	return gap;
}
