/**
 * The CPU reference of binary linear-SVM training: SGD on the hinge loss with an L2 penalty,
 * exactly as scikit-learn's `_plain_sgd` (sklearn/linear_model/_sgd_fast.pyx.tp) with its
 * `WeightVector` (sklearn/utils/_weight_vector.pyx.tp). A step costs O(non-zeros of its rows):
 * the L2 shrink is one multiply of a scale, and the zeros of a dense row change nothing (its dot
 * product adds exact zeros, its update skips them), so a dense matrix and its CSR form give the
 * same bits (with the intercept off; CSR decays it, as sklearn). The loops: sgd-steps.ts (plain
 * SGD; in WebAssembly for CSR and dense rows alike, csr-kernel.ts and dense-kernel.ts, same bits),
 * sgd-batch-steps.ts (mini-batches), sgd-ovr.ts (one-vs-rest, all classes per row pass).
 *
 * Precision: every stored value (v_j, aw_j, wscale, b, a, B, b̂) is float32, rounded once where
 * it is stored (f32(), or a store into a Float32Array); what a step computes on the way (η, dot
 * products, margins, updates) is float64, as sklearn computes it. The WGSL kernel stores the
 * same values in float32 and computes in float32, and agrees to 1e-4 relative; nothing here
 * depends on the order of a sum beyond that (sums run in ascending feature order).
 *
 * State: v[d] (the start point, zeros by default), wscale = 1, b (the start bias); with
 * averaging also aw[d] = 0, a = 0, B = 1, b̂ = 0. The weights are w = wscale·v.
 * decay = 1 for dense data, 0.01 for CSR (sklearn's SPARSE_INTERCEPT_DECAY).
 *
 * One step at counter t (t = 1 first, counting across epochs) over a batch of m rows (m = 1
 * unless batchSize > 1; the last batch of an epoch may be shorter):
 *   1. η = rate(t). For each row i of the batch, with the state before this step:
 *        s = Σ v_j · x_ij over its non-zeros; margin_i = y_i · (wscale · s + b).
 *      A margin beyond float32's range (or NaN) stops training (see below). The epoch's loss
 *      (sklearn's sumloss) adds max(0, 1 − margin_i).
 *   2. L2 shrink, when α ≠ 0: wscale = f32(wscale · max(0, 1 − η·α)).
 *      If wscale < 1e-9 (sklearn's reset_wscale; with averaging < 1e-2, see weight-vector.ts):
 *      with averaging first aw_j = f32((aw_j + a·v_j) / B), a = 0, B = 1;
 *      then v_j = f32(v_j · wscale), wscale = 1.
 *   3. For each row i of the batch, in order, whose margin_i ≤ 1 (sklearn's Hinge.dloss:
 *      z <= threshold): u = y_i · (η / m) · cw_i (cw = the class weight of y_i); when u ≠ 0:
 *      c = u / wscale; for each non-zero x_ij: δ = x_ij · c; v_j = f32(v_j + δ); with
 *      averaging aw_j = f32(aw_j − a · δ); and when fitting the intercept b = f32(b + u · decay).
 *   4. With averaging (sklearn's add_average, average=True): μ = 1/t;
 *      if t > 1: B = f32(B / (1 − μ)); a = f32(a + μ · B · wscale); b̂ = f32(b̂ + (b − b̂) / t).
 *      Then t += 1.
 * The model (returned, reported to hooks, scored for the objective) is w_j = f32(wscale · v_j)
 * with b, or with averaging ŵ_j = f32((aw_j + a · v_j) / B) with b̂.
 *
 * After each epoch: the model must be finite; the adaptive schedule is told the epoch's sumloss
 * (sklearn's rule: no improvement when sumloss > best − tol·n); the objective is recorded and
 * must be finite. After the last epoch it is the exact full-data objective (hinge.ts) of the
 * model; after the others the running estimate (the epoch's class-weighted hinge losses as
 * visited, Σ cw_i · max(0, 1 − margin_i) / n, plus (α/2)‖w‖² of the model), unless
 * exactObjectives asks for the exact one every epoch. A margin, weight, intercept or objective
 * that overflows throws sklearn's "Floating-point under-/overflow occurred at epoch #N", naming it.
 */
import type { FeatureMatrix } from '../data/feature-matrix';
import { hingeObjective, l2Penalty } from './hinge';
import type { SgdHyperparameters } from './model';
import { createRandom, permutation } from './rng';
import { createLearningRate } from './schedules';
import { assertFiniteModel, marginOverflow, overflowError, SPARSE_INTERCEPT_DECAY, validateSgdInput } from './sgd-checks';
import { csrBatchSteps, denseBatchSteps } from './sgd-batch-steps';
import { csrSteps, denseSteps, type StepRun } from './sgd-steps';
import { acquireCsrKernel } from './csr-kernel';
import { acquireDenseKernel } from './dense-kernel';
import { createWeightVector, materialise } from './weight-vector';

export interface BinaryTrainingData {
	/** n rows, dense or CSR. */
	matrix: FeatureMatrix;
	/** +1 or −1 per row. */
	y: Int8Array;
}

export type SgdOptions = Omit<SgdHyperparameters, 'classWeight'> & {
	/** sklearn's weight_pos / weight_neg: multiply the update of a +1 / −1 row (default 1). */
	positiveWeight?: number;
	negativeWeight?: number;
	/**
	 * Called after each epoch with its objective (see SgdResult.objectives) and whether that is
	 * the exact objective (the last epoch, or exactObjectives) or the running estimate. (`exact`
	 * is always given; it is optional in the type so that wrappers passing two arguments fit.)
	 */
	onEpoch?: (epoch: number, objective: number, exact?: boolean) => void;
	/** Compute the exact objective after every epoch (one more pass over the data each), not only the last. */
	exactObjectives?: boolean;
	/** The start point (default zeros): the teaching page starts SGD where the user clicked. */
	initialWeights?: Float32Array;
	initialBias?: number;
	/**
	 * Called with the start point (step 0), after every `onStepEvery`-th step, and after the last
	 * step, with the model as it would be returned then (the averaged one when averaging). The
	 * array is live and reused: copy what you keep. Only reads: the run is bit-identical with or
	 * without it. Each call costs O(d) to form the weights, so a path over many features should
	 * ask for every k-th step only.
	 */
	onStep?: (step: number, weights: Float32Array, bias: number) => void;
	/** Steps between onStep calls (default 1). */
	onStepEvery?: number;
};

export interface SgdResult {
	weights: Float32Array;
	bias: number;
	/**
	 * The objective after each epoch run (fewer than `epochs` when adaptive stopped early). The
	 * last is exact: hingeObjective of the returned model. Earlier ones (unless exactObjectives)
	 * are sklearn's running estimate, the mean class-weighted hinge loss of the epoch's rows as
	 * they were visited, plus (α/2)‖w‖² of the model after the epoch: an exact pass per epoch
	 * would cost as much as the training itself.
	 */
	objectives: number[];
	/** Steps taken (t − 1 at the end). */
	updates: number;
	/** η of the last step. */
	lastRate: number;
}

/**
 * The row order of each successive epoch: one seeded stream for the whole run, so the orders
 * depend only on (n, seed). Without shuffling every epoch keeps the data's order.
 */
export function createEpochOrder(n: number, seed: number, shuffle: boolean): () => Uint32Array {
	const random = createRandom(seed);
	const identity = new Uint32Array(n);
	for (let i = 0; i < n; i++) identity[i] = i;
	return () => (shuffle ? permutation(n, random) : identity);
}

/**
 * Trains one binary problem (labels ±1) by the steps above. Throws on bad input (labels, sizes,
 * hyperparameters, with sklearn's wording where it has one) and on floating-point overflow.
 */
export function trainBinarySgd(data: BinaryTrainingData, options: SgdOptions): SgdResult {
	const { matrix, y } = data;
	const d = matrix.featureCount;
	const n = y.length;
	validateSgdInput(matrix, y, options);
	const learningRate = createLearningRate(options);
	const positiveWeight = options.positiveWeight ?? 1;
	const negativeWeight = options.negativeWeight ?? 1;
	const sampleWeights = positiveWeight === 1 && negativeWeight === 1 ? null : rowWeights(y, positiveWeight, negativeWeight);
	// WebAssembly runs plain SGD (batch size 1); mini-batches run the JS loops (over CSR rows
	// with the kernel's row operations). With a kernel the weights live in its memory.
	const plain = options.batchSize === 1;
	const csrKernel = matrix.format === 'csr' ? acquireCsrKernel(matrix, options.average, plain) : null;
	const denseKernel = matrix.format === 'dense' && plain ? acquireDenseKernel(matrix, options.average) : null;
	const kernel = csrKernel ?? denseKernel;
	kernel?.startFrom(options.initialWeights);
	const run: StepRun = {
		weights: kernel
			? createWeightVector(d, options.average, undefined, options.initialBias, kernel.v ? { v: kernel.v, aw: kernel.aw } : keptInKernel(options.average))
			: createWeightVector(d, options.average, options.initialWeights, options.initialBias),
		y,
		positiveWeight,
		negativeWeight,
		alpha: options.alpha,
		fitIntercept: options.fitIntercept,
		interceptDecay: matrix.format === 'csr' ? SPARSE_INTERCEPT_DECAY : 1,
		batchSize: options.batchSize,
		learningRate,
		t: 1,
		eta: 0,
		epochPositiveLoss: 0,
		epochNegativeLoss: 0,
		badRow: -1,
		badMargin: 0,
		margins: new Float64Array(options.batchSize),
		kernel,
		csrKernel,
		denseKernel
	};
	try {
		return runEpochs(run, data, options, sampleWeights);
	} finally {
		kernel?.release();
	}
}

/** The epochs of trainBinarySgd over its prepared run. */
function runEpochs(run: StepRun, data: BinaryTrainingData, options: SgdOptions, sampleWeights: Float32Array | null): SgdResult {
	const { matrix, y } = data;
	const d = matrix.featureCount;
	const n = y.length;
	const { learningRate, positiveWeight, negativeWeight } = run;
	const nextOrder = createEpochOrder(n, options.seed, options.shuffle);
	const plain = options.batchSize === 1;
	const steps = (from: number, to: number, order: Uint32Array) =>
		matrix.format === 'csr'
			? (plain ? csrSteps : csrBatchSteps)(run, matrix, order, from, to)
			: (plain ? denseSteps : denseBatchSteps)(run, matrix, order, from, to);

	// with the kernel the model lives in its memory, where the exact objective scores it
	const model = run.kernel ? run.kernel.model : new Float32Array(d);
	const modelDot = run.csrKernel ? run.csrKernel.modelDot : undefined;
	const modelRowDot = run.denseKernel ? run.denseKernel.modelDot : undefined;
	const formModel = () => (run.kernel ? run.kernel.materialise(run.weights) : materialise(run.weights, model));
	const onStep = options.onStep;
	const every = onStep ? (options.onStepEvery ?? 1) : 0;
	if (onStep) {
		// step 0: the start point (v before any step, wscale = 1)
		model.fill(0);
		if (options.initialWeights) model.set(options.initialWeights);
		onStep(0, model, run.weights.bias);
	}
	const objectives: number[] = [];

	for (let epoch = 1; epoch <= options.epochs; epoch++) {
		const order = nextOrder();
		run.epochPositiveLoss = 0;
		run.epochNegativeLoss = 0;
		let from = 0;
		while (from < n) {
			// Without a hook the whole epoch is one call; with one, stop at each step it asks for.
			const stepsToHook = every > 0 ? every - ((run.t - 1) % every) : Infinity;
			const to = Math.min(n, from + stepsToHook * options.batchSize);
			if (!steps(from, to, order)) {
				throw overflowError(epoch, marginOverflow(run.badRow, run.badMargin), run.eta);
			}
			from = to;
			if (onStep && (run.t - 1) % every === 0) onStep(run.t - 1, model, formModel());
		}

		// with the kernel the pass that forms the model gives ‖w‖² (finite exactly when every
		// weight is); the JS check, which names the first bad weight, runs only when it is not
		const formed = run.kernel ? run.kernel.materialiseSquares(run.weights) : { bias: materialise(run.weights, model), squares: NaN };
		const { bias, squares } = formed;
		if (!run.kernel || !Number.isFinite(squares) || !Number.isFinite(bias)) assertFiniteModel(model, bias, epoch, run.eta);
		const penalty = () => (run.kernel ? 0.5 * run.alpha * squares : l2Penalty(model, run.alpha));
		const last = !learningRate.endEpoch(run.epochPositiveLoss + run.epochNegativeLoss, n) || epoch === options.epochs;
		// The last epoch's objective is exact (one more pass); earlier ones are the running estimate.
		const exact = last || options.exactObjectives === true;
		const objective = exact
				? hingeObjective({ matrix, y, weights: model, bias, alpha: run.alpha, sampleWeights, csrDot: modelDot, denseDot: modelRowDot, ...(run.kernel ? { squares } : {}) })
				: (positiveWeight * run.epochPositiveLoss + negativeWeight * run.epochNegativeLoss) / n + penalty();
		if (!Number.isFinite(objective)) throw overflowError(epoch, `the objective became ${objective}`, run.eta);
		objectives.push(objective);
		options.onEpoch?.(epoch, objective, exact);
		if (last) break;
	}

	// the model as returned: with the kernel, its model array formed once more (same bits as materialise)
	let weights: Float32Array;
	let bias: number;
	if (run.kernel) {
		bias = run.kernel.materialise(run.weights);
		weights = run.kernel.model.slice();
	} else {
		weights = new Float32Array(d);
		bias = materialise(run.weights, weights);
	}
	if (onStep && (run.t - 1) % every !== 0) onStep(run.t - 1, weights, bias);
	return { weights, bias, objectives, updates: run.t - 1, lastRate: run.eta };
}

/**
 * The arrays of a WeightVector whose v and aw live interleaved in a kernel (step-kernel.ts):
 * empty, so that nothing can read stale weights from them; aw non-null marks averaging.
 */
function keptInKernel(average: boolean): { v: Float32Array; aw: Float32Array | null } {
	return { v: new Float32Array(0), aw: average ? new Float32Array(0) : null };
}

function rowWeights(y: Int8Array, positive: number, negative: number): Float32Array {
	const weights = new Float32Array(y.length);
	for (let i = 0; i < y.length; i++) weights[i] = y[i]! > 0 ? positive : negative;
	return weights;
}
