/**
 * The TensorFlow.js WebGPU peer: the same mini-batch hinge SGD a user might write with TF.js
 * instead of Descent's kernel. All K configurations train at once as one K×D weight matrix
 * (plus K biases), which is the fair formulation: per batch B of the shared row order,
 *   scores = X_B · Wᵀ + b,  mask = [y ∘ scores < 1],  G = (mask ∘ y)ᵀ X_B,
 *   W ← W − η ∘ (α W − G / |B|)  = W ∘ max(0, 1 − ηα) + (η / |B|) ∘ G,
 *   b ← b + (η / |B|) ∘ Σ_B (mask ∘ y),
 * with η and α per configuration (constant schedule), the rows of each epoch in the order of
 * the trainers' `epochOrderStream` (one seed shared by the grid, so one X_B serves every configuration), and
 * the margins taken before the step, as in src/lib/ml/sgd.ts. Nothing is read back per step:
 * one tiny read per epoch only, so the time cap can be checked against finished work.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { epochOrderStream, type BenchConfig, type BenchData } from './adapter';

export type PeerOutcome =
	| { done: true; ms: number; models: { weights: Float32Array; bias: number }[] }
	/** Stopped at the time cap after `epochs` finished epochs: the time is "more than limitMs". */
	| { done: false; ms: number; epochs: number };

/** Selects TF.js's WebGPU backend; throws (with TF.js's reason) where it cannot start. */
export async function startTfjsWebgpu(): Promise<string> {
	const ok = await tf.setBackend('webgpu');
	if (!ok || tf.getBackend() !== 'webgpu') throw new Error(`TF.js could not start its WebGPU backend (backend is ${tf.getBackend()})`);
	await tf.ready();
	return `TF.js ${tf.version_core} webgpu`;
}

/** The grid must be one the K×D formulation expresses: shared order, constant schedule, plain weights. */
function checkGrid(configs: readonly BenchConfig[]): BenchConfig {
	const first = configs[0];
	if (!first) throw new Error('tfjs-peer: no configurations');
	configs.forEach((config, k) => {
		const place = `tfjs-peer: configuration ${k}`;
		if (config.schedule !== 'constant') throw new Error(`${place}: schedule ${config.schedule}, only constant is expressed`);
		if (config.seed !== first.seed || config.shuffle !== first.shuffle) throw new Error(`${place}: its row order differs from configuration 0`);
		if (config.epochs !== first.epochs || config.batchSize !== first.batchSize) throw new Error(`${place}: epochs or batch size differ from configuration 0`);
		if (config.average || !config.fitIntercept || (config.positiveWeight ?? 1) !== 1 || (config.negativeWeight ?? 1) !== 1) {
			throw new Error(`${place}: averaging, no intercept and class weights are not expressed`);
		}
	});
	return first;
}

/**
 * Trains the grid and reads the models back; the time covers the upload of the data, the
 * training and the read-back, as the kernel's time does. `steps` limits the steps (warm-up).
 */
export async function trainHingeGridTfjs(data: BenchData, configs: readonly BenchConfig[], limitMs: number, steps = Infinity): Promise<PeerOutcome> {
	const first = checkGrid(configs);
	const { matrix } = data;
	if (matrix.format !== 'dense') throw new Error('tfjs-peer: dense rows only');
	const started = performance.now();
	const n = data.y.length;
	const d = matrix.featureCount;
	const K = configs.length;
	const batch = first.batchSize;
	const nextOrder = epochOrderStream(n, first.seed, first.shuffle);
	const eta = Float32Array.from(configs, (config) => config.eta0);
	const shrinkValues = Float32Array.from(configs, (config) => Math.max(0, Math.fround(1 - Math.fround(config.eta0 * config.alpha))));
	const x = tf.tensor2d(matrix.values, [n, d]);
	const y = tf.tensor2d(Float32Array.from(data.y), [n, 1]);
	const shrink = tf.tensor2d(shrinkValues, [K, 1]);
	// η/|B| for the full batches and for the epoch's last, shorter one.
	const lastSize = n % batch || batch;
	const stepFull = tf.tensor2d(eta.map((value) => Math.fround(value / batch)), [K, 1]);
	const stepLast = tf.tensor2d(eta.map((value) => Math.fround(value / lastSize)), [K, 1]);
	const stepFullRow = tf.reshape(stepFull, [1, K]);
	const stepLastRow = tf.reshape(stepLast, [1, K]);
	let w: tf.Tensor2D = tf.zeros([K, d]);
	let b: tf.Tensor2D = tf.zeros([1, K]);
	let taken = 0;
	let epochs = 0;
	try {
		for (let epoch = 1; epoch <= first.epochs && taken < steps; epoch++) {
			const order = tf.tensor1d(Int32Array.from(nextOrder()), 'int32');
			for (let start = 0; start < n && taken < steps; start += batch, taken++) {
				const size = Math.min(batch, n - start);
				const [nextW, nextB] = tf.tidy(() => {
					const rows = tf.slice(order, start, size);
					const xb = tf.gather(x, rows);
					const yb = tf.gather(y, rows);
					const margins = tf.mul(tf.add(tf.matMul(xb, w, false, true), b), yb);
					const coef = tf.mul(tf.cast(tf.less(margins, 1), 'float32'), yb);
					const step = size === batch ? stepFull : stepLast;
					const grown = tf.mul(step, tf.matMul(coef, xb, true, false));
					const bias = tf.add(b, tf.mul(size === batch ? stepFullRow : stepLastRow, tf.sum(coef, 0, true)));
					return [tf.add(tf.mul(w, shrink), grown) as tf.Tensor2D, bias as tf.Tensor2D];
				});
				w.dispose();
				b.dispose();
				w = nextW;
				b = nextB;
			}
			order.dispose();
			// One small read per epoch: the elapsed time then counts finished GPU work.
			await b.data();
			epochs = epoch;
			if (performance.now() - started > limitMs && epoch < first.epochs) return { done: false, ms: performance.now() - started, epochs };
		}
		const weights = (await w.data()) as Float32Array;
		const biases = (await b.data()) as Float32Array;
		const models = configs.map((_, k) => ({ weights: weights.slice(k * d, (k + 1) * d), bias: biases[k]! }));
		return { done: true, ms: performance.now() - started, models };
	} finally {
		tf.dispose([x, y, shrink, stepFull, stepLast, stepFullRow, stepLastRow, w, b]);
	}
}
