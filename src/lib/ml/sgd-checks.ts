/**
 * What binary and one-vs-rest SGD refuse, before and while training: bad input (with
 * scikit-learn's wording where it has one) and floating-point overflow (sklearn's
 * "Floating-point under-/overflow occurred at epoch #N", with the place it happened and what
 * to do in Descent).
 */
import type { FeatureMatrix } from '../data/feature-matrix';
import type { SgdHyperparameters } from './model';
import { dataRowPlace } from '../data/row-place';

/** sklearn's SPARSE_INTERCEPT_DECAY (linear_model/_base.py): CSR data moves the intercept 100× slower. */
export const SPARSE_INTERCEPT_DECAY = 0.01;

type CheckedOptions = Pick<SgdHyperparameters, 'epochs' | 'batchSize' | 'schedule' | 'nIterNoChange'> & {
	positiveWeight?: number;
	negativeWeight?: number;
	initialWeights?: Float32Array;
	onStepEvery?: number;
};

/** Throws unless the labels are ±1, one per row, and the options are usable. */
export function validateSgdInput(matrix: FeatureMatrix, y: Int8Array, options: CheckedOptions): void {
	const n = y.length;
	if (n === 0) throw new Error('no training rows');
	if (matrix.rowCount !== n) throw new Error(`${matrix.rowCount} rows of features for ${n} labels`);
	for (let i = 0; i < n; i++) {
		if (y[i] !== 1 && y[i] !== -1) throw new Error(`the label of training ${dataRowPlace(i + 1)} is ${y[i]}, expected +1 or −1`);
	}
	if (options.initialWeights && options.initialWeights.length !== matrix.featureCount) {
		throw new Error(`initialWeights has ${options.initialWeights.length} values, expected ${matrix.featureCount} features`);
	}
	validateSgdOptions(options);
}

/** The checks that do not depend on the data. */
export function validateSgdOptions(options: CheckedOptions): void {
	requireInteger('epochs', options.epochs, 1);
	requireInteger('batchSize', options.batchSize, 1);
	if (options.onStepEvery !== undefined) requireInteger('onStepEvery', options.onStepEvery, 1);
	if (options.schedule === 'adaptive') requireInteger('nIterNoChange', options.nIterNoChange, 1);
	for (const [name, value] of [
		['positive class weight', options.positiveWeight ?? 1],
		['negative class weight', options.negativeWeight ?? 1]
	] as const) {
		if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a finite number ≥ 0, got ${value}`);
	}
}

function requireInteger(name: string, value: number, min: number): void {
	if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${value}`);
}

/**
 * sklearn's overflow error, adapted: `what` says where (a margin, a weight, the intercept, the
 * objective) and the advice names Descent's remedies.
 */
export function overflowError(epoch: number, what: string, eta: number): Error {
	return new Error(
		`Floating-point under-/overflow occurred at epoch #${epoch}: ${what}. ` +
			`Scaling the input data might help: add a scale cell before training (or lower the learning rate, η = ${formatRate(eta)}).`
	);
}

/** "the margin of training data row 3 became 1.6e+44, beyond float32's range" (or "became Infinity"). */
export function marginOverflow(row: number, margin: number): string {
	const value = Number.isFinite(margin) ? `${margin.toPrecision(2)}, beyond float32's range` : String(margin);
	return `the margin of training ${dataRowPlace(row + 1)} became ${value}`;
}

/** Throws overflowError naming the first non-finite weight, or the intercept. */
export function assertFiniteModel(weights: Float32Array, bias: number, epoch: number, eta: number, label = ''): void {
	if (!Number.isFinite(bias)) throw overflowError(epoch, `${label}the intercept became ${bias}`, eta);
	for (let j = 0; j < weights.length; j++) {
		const value = weights[j]!;
		if (value - value !== 0) throw overflowError(epoch, `${label}weight ${j + 1} became ${value}`, eta);
	}
}

/** 3 significant digits: "1e+30", "0.01". */
function formatRate(eta: number): string {
	return String(Number(eta.toPrecision(3)));
}
