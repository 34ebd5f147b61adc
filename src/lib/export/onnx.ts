/**
 * A trained LinearModel as ONNX bytes that score as Descent does. Standardised features are
 * Descent's bit for bit; only the float32 sum w·x may be added in another order (MatMul,
 * ReduceSum), a few ulps of Σ|w_j·x_j| — under 1e-5 and the same label on every row of every
 * model tested; a label could differ only for a score that close to 0 (or to the runner-up).
 *
 * Inputs (onnx-inputs.ts): `input` float [N, D] of every feature when the model is numeric or has
 * at most DENSE_INPUT_LIMIT features; otherwise the padded sparse row `indices` int64 [N, L] and
 * `values` float [N, L] of the hashed columns (plus `input` float [N, Dn] of the numeric columns
 * when there are any). Text is vectorised before the graph (no standard op hashes strings); the
 * vectoriser spec travels in `metadata_props`.
 *
 * Standardisation is replayed exactly, in float64, as Descent computes it, and missing values
 * (NaN in `input`) are filled with the model's impute step's values (IsNaN + Where), in the
 * order of the model's steps (onnx-standardize.ts). A NaN that no impute step fills gives a NaN
 * score, where Descent refuses the row.
 *
 * Two styles (shared/notes/onnx.md has the facts they rest on):
 * - 'portable' (default): core ops only. Dense: → MatMul(Wᵀ) → Add(b) = `scores` [N, K].
 *   Sparse: Gather(W, indices) · values → ReduceSum over L (+ MatMul of the numeric input) → Add(b).
 *   Binary label: Greater(scores, 0) → Where(1, 0) (scikit-learn's rule is `> 0`); one-vs-rest:
 *   ArgMax, which takes the first highest score as numpy does.
 * - 'sklearn': the classifier skl2onnx writes, ai.onnx.ml LinearClassifier; binary scores are
 *   [N, 2] = [−d, d]. It takes one dense input, so it fits the dense layout only, and does not
 *   load in ML-less runtimes (onnxruntime-web/webgpu).
 * Both give `label` int64 [N] (an index into the classes in the metadata) and `scores` float.
 */
import { describeFeatures, type FeatureColumn } from '../data/features';
import type { LinearModel } from '../ml/model';
import { scoreRows } from '../ml/predict';
import { onnxLayout, type OnnxInputChoice, type OnnxLayout } from './onnx-inputs';
import { attribute, FLOAT, floatTensor, INT64, int64Tensor, node, onnx, valueInfo, type Onnx } from './onnx-proto';
import { denseColumns, standardize, type GraphParts } from './onnx-standardize';
import { scaleWordsDense, scaleWordsSparse } from './onnx-word-scale';

export { standardizeSteps, stepVectors } from './onnx-standardize';

export type OnnxStyle = 'portable' | 'sklearn';

export interface OnnxExportOptions {
	style?: OnnxStyle;
	/** Shown as the graph's doc string, e.g. the notebook title. */
	description?: string;
	/** Which input layout; 'auto' (default) as onnx-inputs.ts says. */
	input?: OnnxInputChoice;
}

export const ONNX_METADATA_KEYS = {
	classes: 'descent.classes',
	/** The FeatureColumn list, in weight order. */
	features: 'descent.features',
	/** The OnnxLayout: which input holds which feature. */
	inputs: 'descent.inputs',
	/** Every preprocessing step, fitted values included. */
	preprocessing: 'descent.preprocessing',
	/** The steps to apply before the graph (hash-vectorize, …), every field. */
	vectorizer: 'descent.vectorizer',
	origin: 'descent.origin'
} as const;

const IR_VERSION = 8;
const OPSET = 17;
const ML_OPSET = 1;

/** Rows `take(j)` of coef, transposed to [count, K] (MatMul's and Gather's layout; coef is K × D). */
function weightColumns(model: LinearModel, count: number, take: (j: number) => number): Float32Array {
	const k = scoreRows(model);
	const d = model.coef.length / k;
	const out = new Float32Array(count * k);
	for (let j = 0; j < count; j++) for (let row = 0; row < k; row++) out[j * k + row] = model.coef[row * d + take(j)]!;
	return out;
}

/** `scores` [N, K] → `label` [N], as labelsFromScores. */
function labelNodes(parts: GraphParts, k: number): void {
	if (k > 1) {
		parts.nodes.push(node('ArgMax', 'best_class', ['scores'], ['label'], [attribute.int('axis', 1), attribute.int('keepdims', 0)]));
		return;
	}
	parts.initializers.push(floatTensor('zero', [], [0]), int64Tensor('positive', [], [1]), int64Tensor('negative', [], [0]), int64Tensor('flat', [1], [-1]));
	parts.nodes.push(
		node('Greater', 'is_positive', ['scores', 'zero'], ['positive_mask']),
		node('Where', 'pick_class', ['positive_mask', 'positive', 'negative'], ['label_column']),
		node('Reshape', 'flatten', ['label_column', 'flat'], ['label'])
	);
}

function portableGraph(model: LinearModel, layout: OnnxLayout): GraphParts {
	const k = scoreRows(model);
	const parts: GraphParts = { nodes: [], initializers: [], inputs: [], scoresDims: ['N', k], mlDomain: false };
	const sums: string[] = [];
	if (layout.kind === 'dense') {
		parts.inputs.push(valueInfo('input', FLOAT, ['N', layout.features], 'every feature in weight order, raw'));
		const x = scaleWordsDense(parts, model, standardize(parts, model, 'input', denseColumns(model.features)), model.features);
		parts.initializers.push(floatTensor('coef', [layout.features, k], weightColumns(model, layout.features, (j) => j)));
		parts.nodes.push(node('MatMul', 'weigh', [x, 'coef'], ['weighted']));
		sums.push('weighted');
	} else {
		const dn = layout.numeric.length;
		if (dn > 0) {
			parts.inputs.push(valueInfo('input', FLOAT, ['N', dn], `numeric columns ${layout.numeric.map((column) => column.name).join(', ')}, raw`));
			const x = standardize(parts, model, 'input', layout.numeric.map((column) => column.name));
			parts.initializers.push(floatTensor('numeric_coef', [dn, k], weightColumns(model, dn, (j) => layout.numeric[j]!.featureIndex)));
			parts.nodes.push(node('MatMul', 'weigh_numbers', [x, 'numeric_coef'], ['numeric_weighted']));
			sums.push('numeric_weighted');
		}
		parts.inputs.push(
			valueInfo('indices', INT64, ['N', 'L'], 'hashed features of each row, padded with 0'),
			valueInfo('values', FLOAT, ['N', 'L'], 'their values, padded with 0')
		);
		// Index space position s → weight position: the hashed columns' buckets in order.
		const shift = (s: number): number => {
			const column = layout.sparse.find((item) => s < item.offset + item.width)!;
			return column.featureOffset + s - column.offset;
		};
		const take = layout.sparse.length === 1 ? (s: number) => layout.sparse[0]!.featureOffset + s : shift;
		parts.initializers.push(floatTensor('sparse_coef', [layout.sparseWidth, k], weightColumns(model, layout.sparseWidth, take)), int64Tensor('last_axis', [1], [2]), int64Tensor('row_axis', [1], [1]));
		const values = scaleWordsSparse(parts, model, 'values', 'indices', layout.sparse, layout.sparseWidth);
		parts.nodes.push(
			node('Gather', 'gather_weights', ['sparse_coef', 'indices'], ['gathered']),
			node('Unsqueeze', 'values_column', [values, 'last_axis'], ['values_3d']),
			node('Mul', 'weigh_words', ['gathered', 'values_3d'], ['products']),
			node('ReduceSum', 'sum_words', ['products', 'row_axis'], ['sparse_weighted'], [attribute.int('keepdims', 0)])
		);
		sums.push('sparse_weighted');
	}
	parts.initializers.push(floatTensor('intercept', [k], model.intercept));
	if (sums.length === 2) parts.nodes.push(node('Add', 'both_parts', [sums[0]!, sums[1]!], ['weighted_all']));
	parts.nodes.push(node('Add', 'decision', [sums.length === 2 ? 'weighted_all' : sums[0]!, 'intercept'], ['scores']));
	labelNodes(parts, k);
	return parts;
}

function sklearnGraph(model: LinearModel, layout: OnnxLayout): GraphParts {
	if (layout.kind !== 'dense') {
		throw new Error(
			`the ai.onnx.ml LinearClassifier takes every feature as one dense input, and this model has ${describeFeatures(model.features)}: export it with core operators, whose graph takes the sparse row`
		);
	}
	const k = scoreRows(model);
	const classCount = k === 1 ? 2 : k;
	const parts: GraphParts = { nodes: [], initializers: [], inputs: [valueInfo('input', FLOAT, ['N', layout.features], 'every feature in weight order, raw')], scoresDims: ['N', classCount], mlDomain: true };
	const x = scaleWordsDense(parts, model, standardize(parts, model, 'input', denseColumns(model.features)), model.features);
	// Binary: two rows [−w, w] so the classifier's argmax is "d > 0" (a tie picks class 0).
	const coefficients = k === 1 ? [...Array.from(model.coef, (w) => -w), ...model.coef] : Array.from(model.coef);
	const intercepts = k === 1 ? [-model.intercept[0]!, model.intercept[0]!] : Array.from(model.intercept);
	parts.nodes.push(
		node(
			'LinearClassifier',
			'linear_classifier',
			[x],
			['label', 'scores'],
			[
				attribute.floats('coefficients', coefficients),
				// Always given: onnxruntime reads the class count from it.
				attribute.floats('intercepts', intercepts),
				attribute.ints('classlabels_ints', Array.from({ length: classCount }, (_, index) => index)),
				attribute.string('post_transform', 'NONE'),
				attribute.int('multi_class', 0)
			],
			'ai.onnx.ml'
		)
	);
	return parts;
}

function metadata(model: LinearModel, layout: OnnxLayout): Onnx.IStringStringEntryProto[] {
	const entries: Onnx.IStringStringEntryProto[] = [
		{ key: ONNX_METADATA_KEYS.classes, value: JSON.stringify(model.classes) },
		{ key: ONNX_METADATA_KEYS.features, value: JSON.stringify(model.features) },
		{ key: ONNX_METADATA_KEYS.inputs, value: JSON.stringify(layout) },
		{ key: ONNX_METADATA_KEYS.preprocessing, value: JSON.stringify(model.preprocessing) },
		{ key: ONNX_METADATA_KEYS.origin, value: JSON.stringify(model.origin) }
	];
	const before = model.preprocessing.filter((step) => step.type === 'hash-vectorize' || step.type === 'tfidf');
	if (before.length > 0) entries.push({ key: ONNX_METADATA_KEYS.vectorizer, value: JSON.stringify(before) });
	return entries;
}

/** The ONNX file of a model; throws when the style does not fit the layout or the weights do not fit the features. */
export function modelToOnnx(model: LinearModel, options: OnnxExportOptions = {}): Uint8Array {
	const layout = onnxLayout(model.features, options.input);
	const k = scoreRows(model);
	const d = layout.kind === 'dense' ? layout.features : layout.sparseWidth + layout.numeric.length;
	if (model.coef.length !== k * d) throw new Error(`model '${model.origin.cellTitle}' has ${model.coef.length} weights, expected ${k} × ${d}`);
	const parts = (options.style ?? 'portable') === 'sklearn' ? sklearnGraph(model, layout) : portableGraph(model, layout);
	const opsetImport: Onnx.IOperatorSetIdProto[] = [{ domain: '', version: OPSET }];
	if (parts.mlDomain) opsetImport.push({ domain: 'ai.onnx.ml', version: ML_OPSET });
	const proto = onnx.ModelProto.create({
		irVersion: IR_VERSION,
		producerName: 'descent',
		producerVersion: '2',
		domain: 'descent',
		modelVersion: 1,
		docString: `Linear SVM '${model.origin.cellTitle}': classes ${model.classes.join(', ')}; reads ${describeFeatures(model.features)}`,
		opsetImport,
		metadataProps: metadata(model, layout),
		graph: {
			name: 'descent_linear_svm',
			docString: options.description ?? '',
			node: parts.nodes,
			initializer: parts.initializers,
			input: parts.inputs,
			output: [valueInfo('label', INT64, ['N']), valueInfo('scores', FLOAT, parts.scoresDims)]
		}
	});
	return onnx.ModelProto.encode(proto).finish();
}

/** Whether the 'sklearn' style fits this model (its classifier takes a dense input). */
export function sklearnStyleFits(features: readonly FeatureColumn[]): boolean {
	return onnxLayout(features).kind === 'dense';
}
