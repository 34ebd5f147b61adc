/**
 * The exact standardisation block of an exported graph. Descent computes x' = f32((x − mean) / std)
 * in float64 with the fitted mean and std (ml/standardize.ts, stored into a Float32Array), so the
 * graph does Cast(double) → Sub(mean) → Div(std) → Cast(float), one block per standardize step:
 * the same IEEE operations in the same order, so the same bits.
 *
 * Missing values are filled in the graph too, before or after the standardisation as the model's
 * steps say (see `standardize` below), so a row with a NaN scores as Descent scores it.
 *
 * Two cheaper graphs are wrong at real offsets. A float32 mean (core Sub, or ai.onnx.ml Scaler,
 * whose offset attribute is float32) moves a mean of 1.7e9 by up to 64: a column of Unix seconds
 * with std 620 scored up to 0.019 off (0.043 for a trained model). Folding the scaler into the
 * weights (w/std, b − Σ w·mean/std) leaves a float32 sum of terms near 3.6e6 that cancel to a
 * score near 1: up to 0.15 off on the same column.
 */
import type { FeatureColumn } from '../data/features';
import type { ImputeStep, StandardizeStep } from '../data/preprocessing';
import type { LinearModel } from '../ml/model';
import { attribute, DOUBLE, doubleTensor, FLOAT, floatTensor, node, type Onnx } from './onnx-proto';

/** The steps the graph replays; every other step happens before its input. */
export function standardizeSteps(model: Pick<LinearModel, 'preprocessing'>): StandardizeStep[] {
	return model.preprocessing.filter((step): step is StandardizeStep => step.type === 'standardize');
}

/** Mean and std of one step for each of `columns` (numeric feature names); a column it does not scale gets 0 and 1. */
export function stepVectors(step: StandardizeStep, columns: readonly (string | null)[]): { mean: Float64Array; std: Float64Array } {
	const position = new Map(step.columns.map((name, index) => [name, index]));
	const mean = new Float64Array(columns.length);
	const std = new Float64Array(columns.length).fill(1);
	columns.forEach((name, j) => {
		const index = name === null ? undefined : position.get(name);
		if (index === undefined) return;
		mean[j] = step.mean[index] ?? 0;
		// A zero std is kept as 1 by fitStandardize already; guard files written by hand.
		std[j] = step.std[index] || 1;
	});
	return { mean, std };
}

/** The numeric name of each dense input position (null for a hashed bucket). */
export function denseColumns(features: readonly FeatureColumn[]): (string | null)[] {
	const out: (string | null)[] = [];
	for (const feature of features) {
		if (feature.type === 'numeric') out.push(feature.name);
		else for (let j = 0; j < feature.width; j++) out.push(null);
	}
	return out;
}

/** A graph under construction. */
export interface GraphParts {
	nodes: Onnx.INodeProto[];
	initializers: Onnx.ITensorProto[];
	inputs: Onnx.IValueInfoProto[];
	scoresDims: (number | string)[];
	mlDomain: boolean;
}

/**
 * Fill values of an impute step for each of `columns`; a column it does not fill (or a hashed
 * bucket) gets NaN, so Where(IsNaN(x), fill, x) leaves it as it was.
 */
export function imputeVector(step: ImputeStep, columns: readonly (string | null)[]): Float32Array {
	const position = new Map(step.columns.map((name, index) => [name, index]));
	return Float32Array.from(columns, (name) => {
		const index = name === null ? undefined : position.get(name);
		return index === undefined ? Number.NaN : step.fill[index]!;
	});
}

/**
 * Appends the numeric steps (impute and standardize), in the model's order, to `input` (columns
 * named by `columns`) and returns the tensor it ends in:
 * - impute: Where(IsNaN(x), fill, x), fill a float32 vector (the step's float32 fill values), so
 *   a missing value becomes exactly the value Descent fills in;
 * - standardize: the exact float64 block described above.
 */
export function standardize(parts: GraphParts, model: LinearModel, input: string, columns: readonly (string | null)[]): string {
	let current = input;
	model.preprocessing.forEach((step, index) => {
		if (step.type === 'impute') {
			parts.initializers.push(floatTensor(`fill_${index}`, [columns.length], imputeVector(step, columns)));
			parts.nodes.push(
				node('IsNaN', `is_missing_${index}`, [current], [`missing_${index}`]),
				node('Where', `impute_${index}`, [`missing_${index}`, `fill_${index}`, current], [`imputed_${index}`])
			);
			current = `imputed_${index}`;
			return;
		}
		if (step.type !== 'standardize') return;
		const foreign = step.columns.find((name) => model.features.some((feature) => feature.name === name && feature.type === 'sparse'));
		if (foreign) throw new Error(`the standardize step scales the hashed column '${foreign}', which the ONNX graph cannot replay`);
		const { mean, std } = stepVectors(step, columns);
		parts.initializers.push(doubleTensor(`mean_${index}`, [columns.length], mean), doubleTensor(`std_${index}`, [columns.length], std));
		parts.nodes.push(
			node('Cast', `to_double_${index}`, [current], [`double_${index}`], [attribute.int('to', DOUBLE)]),
			node('Sub', `center_${index}`, [`double_${index}`, `mean_${index}`], [`centered_${index}`]),
			node('Div', `scale_${index}`, [`centered_${index}`, `std_${index}`], [`scaled_double_${index}`]),
			node('Cast', `to_float_${index}`, [`scaled_double_${index}`], [`scaled_${index}`], [attribute.int('to', FLOAT)])
		);
		current = `scaled_${index}`;
	});
	return current;
}
