/**
 * The sparse-scale steps of a graph: hashed words divided by their fitted scale (scikit-learn's
 * StandardScaler(with_mean=False) or MaxAbsScaler, as ml/standardize.ts applies it:
 * x' = f32(x / scale_j), scale_j a float32). A float32 Div by the same float32 divisor gives the
 * same bits, so the graph divides where the pipeline divides; a feature no step scales is divided
 * by 1, which changes nothing.
 */
import type { FeatureColumn } from '../data/features';
import type { SparseScaleStep } from '../data/preprocessing';
import type { LinearModel } from '../ml/model';
import type { SparseInputColumn } from './onnx-inputs';
import { floatTensor, node } from './onnx-proto';
import type { GraphParts } from './onnx-standardize';

function scaleSteps(model: Pick<LinearModel, 'preprocessing'>): SparseScaleStep[] {
	return model.preprocessing.filter((step): step is SparseScaleStep => step.type === 'sparse-scale');
}

/** Writes the divisor of each hashed bucket of `column` from `width` positions at `offset` of `out`. */
function fillColumn(out: Float32Array, offset: number, column: { name: string; width: number }, steps: readonly SparseScaleStep[]): void {
	const own = steps.filter((step) => step.column === column.name);
	// Two divisions in a row are not one division by the product, bit for bit: refuse rather than differ.
	if (own.length > 1) throw new Error(`the hashed column '${column.name}' is scaled ${own.length} times, which the ONNX graph cannot replay exactly`);
	const step = own[0];
	if (!step) return;
	if (step.width !== column.width) throw new Error(`the scale step of '${step.column}' has ${step.width} features, the model reads ${column.width}`);
	for (let j = 0; j < column.width; j++) out[offset + j] = step.scale[j]!;
}

/** Dense input: one Div of the whole row by a per-feature divisor; returns the tensor it ends in. */
export function scaleWordsDense(parts: GraphParts, model: LinearModel, input: string, features: readonly FeatureColumn[]): string {
	const steps = scaleSteps(model);
	if (steps.length === 0) return input;
	let d = 0;
	for (const feature of features) d += feature.type === 'numeric' ? 1 : feature.width;
	const divisor = new Float32Array(d).fill(1);
	let offset = 0;
	for (const feature of features) {
		if (feature.type === 'sparse') fillColumn(divisor, offset, feature, steps);
		offset += feature.type === 'numeric' ? 1 : feature.width;
	}
	parts.initializers.push(floatTensor('word_scale', [d], divisor));
	parts.nodes.push(node('Div', 'scale_words', [input, 'word_scale'], ['words_scaled']));
	return 'words_scaled';
}

/** Sparse input: the divisor of each stored index, gathered, divides its value; returns the values tensor to use. */
export function scaleWordsSparse(parts: GraphParts, model: LinearModel, values: string, indices: string, columns: readonly SparseInputColumn[], width: number): string {
	const steps = scaleSteps(model);
	if (steps.length === 0) return values;
	const divisor = new Float32Array(width).fill(1);
	for (const column of columns) fillColumn(divisor, column.offset, column, steps);
	parts.initializers.push(floatTensor('word_scale', [width], divisor));
	parts.nodes.push(node('Gather', 'gather_word_scale', ['word_scale', indices], ['gathered_word_scale']));
	parts.nodes.push(node('Div', 'scale_words', [values, 'gathered_word_scale'], ['values_scaled']));
	return 'values_scaled';
}
