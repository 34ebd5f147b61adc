/**
 * Fitting a linear SVM for any number of classes, as scikit-learn's SGDClassifier does:
 * two classes → one binary problem (classes[1] is +1); more → one-vs-rest, one row per class.
 * Every problem uses the same seed, so all visit the rows in the same order; one-vs-rest
 * therefore trains its K problems together in shared row passes (sgd-ovr.ts), with the same
 * result as K separate runs.
 */
import type { TableMatrix } from '../data/table-matrix';
import type { LinearModel, SgdHyperparameters } from './model';
import { createPathRecorder, PATH_FLOATS, pathPlan, tooWideForPath } from './path';
import { trainBinarySgd } from './sgd';
import { trainOneVsRestSgd } from './sgd-ovr';

export type LinearFit = Pick<
	LinearModel,
	'classes' | 'features' | 'coef' | 'intercept' | 'objectiveCurves' | 'finalObjective' | 'hyperparameters' | 'path' | 'pathNote'
>;

export interface EpochReport {
	/** The row of coef being trained (0 for binary) and how many rows there are. */
	row: number;
	rows: number;
	epoch: number;
	objective: number;
	/** Exact objective of the model after this epoch (the last epoch), or SGD's running estimate. */
	exact: boolean;
	/**
	 * How much of the fit is done, in (0, 1]. One-vs-rest rows advance together (epoch 1 of
	 * every class, then epoch 2, …), so progress is (epoch − 1 + (row + 1) / rows) / epochs.
	 */
	fraction: number;
}

/**
 * class_weight='balanced': n / (classes · count(class)). A class with no rows gets 1: it is
 * never a positive sample, so its weight is never used.
 */
export function balancedClassWeights(labels: Int8Array, classCount: number): number[] {
	const counts = classCounts(labels, classCount);
	return counts.map((count) => (count > 0 ? labels.length / (classCount * count) : 1));
}

export function fitLinearModel(
	{ matrix, features }: TableMatrix,
	labels: Int8Array,
	classes: string[],
	hyperparameters: SgdHyperparameters,
	onEpoch?: (report: EpochReport) => void,
	/** The floats a binary model's path may keep, and over how many configurations a grid split them. */
	pathRoom: { floats: number; configurations: number } = { floats: PATH_FLOATS, configurations: 1 }
): LinearFit {
	if (labels.length !== matrix.rowCount) {
		throw new Error(`${labels.length} labels for ${matrix.rowCount} rows`);
	}
	requireTwoClasses(labels, classes);
	const classWeights =
		hyperparameters.classWeight === 'balanced'
			? balancedClassWeights(labels, classes.length)
			: classes.map(() => 1);

	// Binary: one problem, negative = classes[0]. OvR: class k against all others, whose weight is 1
	// (sklearn's fit_binary(..., expanded_class_weight[k], 1.0)).
	const problems =
		classes.length === 2
			? [{ positive: 1, positiveWeight: classWeights[1]!, negativeWeight: classWeights[0]! }]
			: classes.map((_, k) => ({ positive: k, positiveWeight: classWeights[k]!, negativeWeight: 1 }));

	const d = matrix.featureCount;
	const rows = problems.length;
	const { epochs } = hyperparameters;
	const report = (row: number, epoch: number, objective: number, exact: boolean) =>
		onEpoch?.({ row, rows, epoch, objective, exact, fraction: (epoch - 1 + (row + 1) / rows) / epochs });
	let coef: Float32Array;
	let intercept: Float32Array;
	let objectiveCurves: number[][];
	let path: Float32Array | null = null;
	let pathNote: string | null = null;
	if (rows === 1) {
		const problem = problems[0]!;
		const y = new Int8Array(labels.length);
		for (let i = 0; i < labels.length; i++) y[i] = labels[i] === problem.positive ? 1 : -1;
		// The path of a binary model, for the loss-surface drawing: every k-th step, so recording
		// costs O(d) a few hundred times, not at every step; reading the steps changes nothing.
		const stepsPerEpoch = Math.ceil(labels.length / hyperparameters.batchSize);
		const plan = pathPlan(d, stepsPerEpoch * epochs, pathRoom.floats);
		if (!plan) pathNote = tooWideForPath(d, pathRoom.floats, pathRoom.configurations);
		const recorder = plan ? createPathRecorder(d, plan.everySteps) : null;
		const result = trainBinarySgd(
			{ matrix, y },
			{
				...hyperparameters,
				positiveWeight: problem.positiveWeight,
				negativeWeight: problem.negativeWeight,
				onEpoch: (epoch, objective, exact) => report(0, epoch, objective, exact === true),
				...(recorder && plan ? { onStep: recorder.onStep, onStepEvery: plan.everySteps } : {})
			}
		);
		coef = result.weights;
		intercept = Float32Array.of(result.bias);
		objectiveCurves = [result.objectives];
		if (recorder) path = recorder.finish(result);
	} else {
		const result = trainOneVsRestSgd(matrix, labels, problems, { ...hyperparameters, onEpoch: report }, classes);
		coef = result.coef;
		intercept = result.intercept;
		objectiveCurves = result.objectives;
	}

	const lastObjectives = objectiveCurves.map((curve) => curve[curve.length - 1]!);
	return {
		classes: [...classes],
		features: [...features],
		coef,
		intercept,
		objectiveCurves,
		finalObjective: lastObjectives.reduce((sum, value) => sum + value, 0) / lastObjectives.length,
		hyperparameters: { ...hyperparameters },
		...(path ? { path } : {}),
		...(pathNote ? { pathNote } : {})
	};
}

function classCounts(labels: Int8Array, classCount: number): number[] {
	const counts = new Array<number>(classCount).fill(0);
	for (let i = 0; i < labels.length; i++) {
		const label = labels[i]!;
		if (label < 0 || label >= classCount) throw new Error(`label index ${label} at row ${i + 1} is not one of ${classCount} classes`);
		counts[label]! += 1;
	}
	return counts;
}

function requireTwoClasses(labels: Int8Array, classes: string[]): void {
	const present = classCounts(labels, classes.length)
		.map((count, k) => (count > 0 ? classes[k] : null))
		.filter((name) => name !== null);
	if (present.length < 2) {
		throw new Error(`the training rows hold only class '${present[0] ?? '(none)'}': need at least two classes`);
	}
}
