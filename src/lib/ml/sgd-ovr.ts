/**
 * One-vs-rest SGD with shared row passes: the K binary problems (class k = +1, every other
 * class −1) visit the rows in the same seeded order, so they step together and each row's
 * non-zeros are read once per step for all K margins and once for all K updates. Every class
 * follows exactly the binary step of sgd.ts (the same operations in the same order), so the
 * result equals K separate trainBinarySgd runs bit for bit, including an adaptive class that
 * stops early while the others go on. The loops are in sgd-ovr-steps.ts.
 */
import type { FeatureMatrix } from '../data/feature-matrix';
import { l2Penalty, oneVsRestObjectives } from './hinge';
import type { SgdHyperparameters } from './model';
import { assertFiniteModel, marginOverflow, overflowError, validateSgdOptions } from './sgd-checks';
import { createEpochOrder } from './sgd';
import { createOvrState, materialiseAll, modelBias, ovrCsrEpoch, ovrDenseEpoch, type OvrProblem } from './sgd-ovr-steps';

const f32 = Math.fround;

export type OneVsRestProblem = OvrProblem;

export interface OneVsRestResult {
	/** K × d, row-major. */
	coef: Float32Array;
	intercept: Float32Array;
	/** Per class, the objective after each of its epochs. */
	objectives: number[][];
	updates: number[];
}

type OvrOptions = Omit<SgdHyperparameters, 'classWeight'> & {
	/** After each epoch, for each class still training, with its objective (as trainBinarySgd's onEpoch). */
	onEpoch?: (problem: number, epoch: number, objective: number, exact: boolean) => void;
	exactObjectives?: boolean;
};

/**
 * Trains K one-vs-rest problems over `labels` (class index per row, 0..K−1). Throws as
 * trainBinarySgd does (overflow names the class problem).
 */
export function trainOneVsRestSgd(
	matrix: FeatureMatrix,
	labels: Int8Array,
	problems: OneVsRestProblem[],
	options: OvrOptions,
	classNames: string[] = problems.map((_, k) => String(k))
): OneVsRestResult {
	const K = problems.length;
	const d = matrix.featureCount;
	const n = labels.length;
	if (n === 0) throw new Error('no training rows');
	if (matrix.rowCount !== n) throw new Error(`${matrix.rowCount} rows of features for ${n} labels`);
	problems.forEach((problem) => validateSgdOptions({ ...options, ...problem }));
	const s = createOvrState(matrix, problems, options);
	const nextOrder = createEpochOrder(n, options.seed, options.shuffle);
	const coef = new Float32Array(K * d);
	const objectives: number[][] = problems.map(() => []);
	const updates = new Array<number>(K).fill(0);
	const allOnes = problems.every((p) => f32(p.positiveWeight) === 1 && f32(p.negativeWeight) === 1);
	const classWeights = allOnes ? null : problems.map((p) => ({ positive: f32(p.positiveWeight), negative: f32(p.negativeWeight) }));

	for (let epoch = 1; epoch <= options.epochs && s.active.some((a) => a === 1); epoch++) {
		const order = nextOrder();
		s.positiveLoss.fill(0);
		s.negativeLoss.fill(0);
		const ok = matrix.format === 'csr' ? ovrCsrEpoch(s, matrix, labels, order, options.batchSize) : ovrDenseEpoch(s, matrix, labels, order, options.batchSize);
		if (!ok && s.bad) {
			const { problem, row, margin } = s.bad;
			throw overflowError(epoch, `class '${classNames[problem]}' vs rest: ${marginOverflow(row, margin)}`, s.eta[problem]!);
		}
		materialiseAll(s, d, coef);
		for (let k = 0; k < K; k++) {
			if (s.active[k]) assertFiniteModel(coef.subarray(k * d, k * d + d), modelBias(s, k), epoch, s.eta[k]!, `class '${classNames[k]}' vs rest: `);
		}
		// Classes that stop now (adaptive) or ran their last epoch get the exact objective, in one shared pass.
		const finishing = new Uint8Array(K);
		for (let k = 0; k < K; k++) {
			if (s.active[k] && (!s.rates[k]!.endEpoch(s.positiveLoss[k]! + s.negativeLoss[k]!, n) || epoch === options.epochs)) finishing[k] = 1;
		}
		const exactFor = options.exactObjectives ? s.active : finishing;
		const exact = exactFor.some((flag) => flag === 1)
			? oneVsRestObjectives({ matrix, labels, weights: coef, biases: Float32Array.from({ length: K }, (_, k) => modelBias(s, k)), alpha: s.alpha, classWeights, active: exactFor })
			: null;
		for (let k = 0; k < K; k++) {
			if (!s.active[k]) continue;
			const objective = exactFor[k] ? exact![k]! : (s.positiveWeight[k]! * s.positiveLoss[k]! + s.negativeWeight[k]! * s.negativeLoss[k]!) / n + l2Penalty(coef.subarray(k * d, k * d + d), s.alpha);
			if (!Number.isFinite(objective)) throw overflowError(epoch, `class '${classNames[k]}' vs rest: the objective became ${objective}`, s.eta[k]!);
			objectives[k]!.push(objective);
			options.onEpoch?.(k, epoch, objective, exactFor[k] === 1);
		}
		for (let k = 0; k < K; k++) {
			if (!s.active[k]) continue;
			updates[k] = s.t - 1;
			if (finishing[k]) s.active[k] = 0;
		}
	}

	materialiseAll(s, d, coef);
	const intercept = Float32Array.from({ length: K }, (_, k) => modelBias(s, k));
	return { coef, intercept, objectives, updates };
}

