/**
 * A trained linear classifier, as every later stage (select, evaluate, register, export) sees it.
 * Binary problems have one row of weights (positive class = classes[1]); more than two classes
 * train one-vs-rest, one row per class, as scikit-learn's SGDClassifier does.
 */
import type { FeatureColumn } from '../data/features';
import type { PreprocessingStep } from '../data/preprocessing';

export type LearningRateSchedule = 'constant' | 'optimal' | 'invscaling' | 'adaptive';

/** The knobs of scikit-learn's SGDClassifier(loss="hinge", penalty="l2") that Descent exposes. */
export interface SgdHyperparameters {
	alpha: number;
	schedule: LearningRateSchedule;
	eta0: number;
	powerT: number;
	epochs: number;
	/** Seed of the per-epoch shuffle; the order is identical on every run with this seed. */
	seed: number;
	shuffle: boolean;
	fitIntercept: boolean;
	/** Averaged SGD: the model is the mean of the iterates (scikit-learn's average=True). */
	average: boolean;
	classWeight: 'none' | 'balanced';
	/** Adaptive schedule: stop improving → eta /= 5 after this many epochs without tol gain. */
	tol: number;
	nIterNoChange: number;
	/** 1 = plain SGD; larger batches average the gradient over that many samples. */
	batchSize: number;
}

export interface ClassificationMetrics {
	accuracy: number;
	/** Macro-averaged over classes for more than two classes; of `positiveClass` otherwise. */
	precision: number;
	recall: number;
	f1: number;
	/** confusion[actual][predicted], indices into `classes`. */
	confusion: number[][];
	classes: string[];
	count: number;
	/**
	 * Two classes: the class precision, recall and F1 are of (scikit-learn's `pos_label`).
	 * Absent for more classes (macro averages), and in metrics stored before it was recorded,
	 * which were of classes[1].
	 */
	positiveClass?: string;
}

export interface LinearModel {
	kind: 'model';
	classes: string[];
	/** The columns read, in weight order (a hashed text column is one entry of `width` features). */
	features: FeatureColumn[];
	/** rows × featureCount(features), row-major; rows = 1 for binary, classes.length otherwise. */
	coef: Float32Array;
	intercept: Float32Array;
	/**
	 * Objective (mean hinge + alpha/2 ‖w‖²) after each epoch, one curve per row of coef: the last
	 * point exact, earlier ones scikit-learn's running estimate of the epoch's loss plus the penalty.
	 */
	objectiveCurves: number[][];
	/** The last epoch's objective, averaged over rows: what "select best" ranks by. */
	finalObjective: number;
	hyperparameters: SgdHyperparameters;
	/** The preprocessing the training data went through, to be replayed on new data. */
	preprocessing: PreprocessingStep[];
	trainMetrics: ClassificationMetrics;
	validationMetrics: ClassificationMetrics | null;
	/** Where the model was made: the cell and the device. */
	origin: { cellId: string; cellTitle: string; device: 'cpu' | 'gpu' };
	trainingMs: number;
	/**
	 * The SGD trajectory of a binary model (row 0 of coef): points × (featureCount(features) + 1),
	 * each the weights then the bias, from the start point to the last step. Absent for
	 * one-vs-rest models and when the weights are too many to keep every point.
	 */
	path?: Float32Array;
	/**
	 * Why a binary model has no path, in words for the loss-surface panel (e.g. "at 262,144
	 * weights one point of a path takes 1 MiB, more than …", "paths are recorded on the GPU for dense rows …").
	 * A binary model with neither was made by a version that kept no path (a cached result).
	 */
	pathNote?: string;
	/**
	 * Set on a binary model of a train-grid cell that kept no path although a train cell's room
	 * holds one (the GPU over sparse rows, a wide grid's share of room): the loss-surface panel
	 * records it, for the best configurations, by training them again on the CPU with the same
	 * hyperparameters and seed over the same rows (ml/path-replay.ts). Its pathNote says so.
	 */
	pathReplayable?: true;
	/** Set by "select best": the ranking it chose from. */
	selection?: ModelSelection;
}

export interface ModelRanking {
	cellId: string;
	cellTitle: string;
	/** The score ranked by (lower objective or higher metric is better). */
	score: number;
	finalObjective: number;
	validationAccuracy: number | null;
}

export interface ModelSelection {
	by: 'objective' | 'validation-accuracy' | 'validation-f1';
	ranking: ModelRanking[];
}
