/**
 * The ONE place the benchmark calls Descent's engine: the CPU trainer (ml/sgd.ts), the hashing
 * vectorizer (ml/vectorize.ts), the GPU grid (gpu/sgd-grid.ts) and the loss surfaces. Every
 * other bench file goes through these functions, so when those APIs change (issue 11: the
 * trainer's WeightVector rewrite, vectorize's options and `hashText`, the GPU's CSR path) the
 * signatures are reconciled here and nowhere else. Runs in Node, in worker threads and in the
 * benchmark page alike (no Node or DOM imports).
 */
import type { CsrMatrix, FeatureMatrix } from '../src/lib/data/feature-matrix';
import type { GpuContext } from '../src/lib/gpu/device';
import { lossSurfaceGpu } from '../src/lib/gpu/loss-surface';
import { trainSgdGrid, type GridConfig } from '../src/lib/gpu/sgd-grid';
import { lossSurfaceCpu, type SurfacePlane } from '../src/lib/ml/loss-surface';
import { createEpochOrder, trainBinarySgd } from '../src/lib/ml/sgd';
import { hashVectorize, hashVectorizeStep } from '../src/lib/ml/vectorize';

/** The hyperparameters of one configuration (sklearn's names where it has them). */
export type BenchConfig = GridConfig;

/** Rows to train on: dense or CSR features and ±1 labels. */
export interface BenchData {
	matrix: FeatureMatrix;
	y: Int8Array;
}

export interface BenchModel {
	weights: Float32Array;
	bias: number;
}

/**
 * Thrown from a GPU grid past its deadline, at an epoch boundary (the grid's only hook): the
 * column then reports "more than the cap". (The CPU columns are stopped by terminating their
 * threads instead: cpu-node.ts.)
 */
export class PastDeadline extends Error {
	constructor(readonly epochsDone: number) {
		super(`past the time cap after ${epochsDone} epochs`);
	}
}

/**
 * The settings both vectorizers get, scikit-learn's names and values: word unigrams,
 * lower-casing, counts (`alternate_sign=False, norm=None`), so the bench compares the same
 * counts in the same buckets and trains on the same rows.
 */
export interface VectorizeSettings {
	n_features: number;
	lowercase: boolean;
	alternate_sign: false;
	norm: null;
	ngram_range: [1, 1];
}

export function vectorizeSettings(buckets: number): VectorizeSettings {
	return { n_features: buckets, lowercase: true, alternate_sign: false, norm: null, ngram_range: [1, 1] };
}

/**
 * The row order of each epoch that the trainers use for (n, seed, shuffle): a function giving
 * the next epoch's order on each call. The peers (TF.js, scikit-learn) replay these orders.
 */
export function epochOrderStream(n: number, seed: number, shuffle: boolean): () => Uint32Array {
	return createEpochOrder(n, seed, shuffle);
}

/** The first `epochs` orders, epoch-major: [epoch · n + position] is a row index. */
export function epochOrders(n: number, seed: number, shuffle: boolean, epochs: number): Uint32Array {
	const next = createEpochOrder(n, seed, shuffle);
	const orders = new Uint32Array(epochs * n);
	for (let epoch = 0; epoch < epochs; epoch++) orders.set(next(), epoch * n);
	return orders;
}

/** Hashes `texts` into a CSR matrix of `settings.n_features` columns (ascending per row). */
export function vectorizeTexts(texts: readonly string[], settings: VectorizeSettings): CsrMatrix {
	const step = hashVectorizeStep('text', {
		buckets: settings.n_features,
		ngramMin: settings.ngram_range[0],
		ngramMax: settings.ngram_range[1],
		lowercase: settings.lowercase,
		alternateSign: settings.alternate_sign,
		norm: settings.norm ?? 'none'
	});
	const column = hashVectorize(texts, step);
	return { format: 'csr', rowCount: texts.length, featureCount: column.width, indptr: column.indptr, indices: column.indices, values: column.values };
}

/**
 * One configuration on the CPU reference trainer, this thread. `onEpoch(epoch)` after each epoch
 * (the bench's CPU threads report their progress with it).
 */
export function trainCpu(data: BenchData, config: BenchConfig, onEpoch?: (epoch: number) => void): BenchModel {
	const result = trainBinarySgd({ matrix: data.matrix, y: data.y }, { ...config, ...(onEpoch ? { onEpoch } : {}) });
	return { weights: result.weights, bias: result.bias };
}

/** Why this build's GPU grid cannot train `data`, or null when it can (dense and CSR both train). */
export function gpuCannotTrain(_data: BenchData): string | null {
	return null;
}

/**
 * K configurations at once on the GPU grid. Throws PastDeadline after the first epoch that ends
 * past `deadline`, and the grid's own error when a configuration fails.
 */
export async function trainGpu(gpu: GpuContext, data: BenchData, configs: readonly BenchConfig[], deadline = Infinity): Promise<BenchModel[]> {
	const maxEpochs = Math.max(...configs.map((config) => config.epochs));
	const options = Number.isFinite(deadline)
		? {
				onEpoch: (epoch: number) => {
					if (epoch < maxEpochs && performance.now() > deadline) throw new PastDeadline(epoch);
				}
			}
		: {};
	const outcomes = await trainSgdGrid(gpu, { matrix: data.matrix, y: data.y }, configs, options);
	return outcomes.map((outcome, k) => {
		if (!outcome.ok) throw new Error(`GPU configuration ${k + 1}: ${outcome.error}`);
		return { weights: outcome.fit.weights, bias: outcome.fit.bias };
	});
}

/** The hinge objective over a plane of weights, on the CPU (dense rows). */
export function surfaceCpu(x: Float32Array, y: Int8Array, featureCount: number, alpha: number, plane: SurfacePlane): Float32Array {
	return lossSurfaceCpu(x, y, featureCount, alpha, plane);
}

/** The same on the GPU. */
export function surfaceGpu(gpu: GpuContext, x: Float32Array, y: Int8Array, featureCount: number, alpha: number, plane: SurfacePlane): Promise<Float32Array> {
	return lossSurfaceGpu(gpu, x, y, featureCount, alpha, plane);
}
