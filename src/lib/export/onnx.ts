/**
 * A trained LinearModel as ONNX bytes, with its standardisation folded into the graph.
 *
 * Two graphs (../shared/notes/onnx.md has the facts they rest on):
 * - 'portable' (default): core ops only, so it loads in every onnxruntime build, the WebGPU one
 *   included: input → Sub(mean) → Div(std) (one pair per standardize step, in order, exactly
 *   as the pipeline replays them) → MatMul(Wᵀ) → Add(b) = `scores` [N, K] → label. Binary:
 *   `Greater(scores, 0)` → Where(1, 0) (scikit-learn's rule is `> 0`); one-vs-rest: ArgMax,
 *   which takes the first highest score as numpy does.
 * - 'sklearn': what skl2onnx makes of a linear classifier: `ai.onnx.ml` Scaler (offset = mean,
 *   scale = 1/std) → LinearClassifier. Binary scores are then [N, 2] = [−d, d]. It does not load
 *   in ML-less runtimes (onnxruntime-web/webgpu).
 *
 * Both take `input` float [N, D] (features in `featureNames` order; text already vectorised —
 * no standard op hashes strings) and give `label` int64 [N] (an index into the classes listed in
 * the metadata) and `scores` float. The classes, feature names and any vectoriser spec travel in
 * `metadata_props` (keys in ONNX_METADATA_KEYS).
 */
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import type { LinearModel } from '../ml/model';
import { featureCount, featureNames } from '../data/features';
import type { HashVectorizeStep, StandardizeStep } from '../data/preprocessing';
import { scoreRows } from '../ml/predict';

const { onnx } = onnxProto;

export type OnnxStyle = 'portable' | 'sklearn';

export interface OnnxExportOptions {
	style?: OnnxStyle;
	/** Shown as the graph's doc string, e.g. the notebook title. */
	description?: string;
}

export const ONNX_METADATA_KEYS = {
	classes: 'descent.classes',
	featureNames: 'descent.feature_names',
	vectorizer: 'descent.vectorizer',
	origin: 'descent.origin'
} as const;

const IR_VERSION = 8;
const OPSET = 17;
const ML_OPSET = 1;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const text = new TextEncoder();

function floatTensor(name: string, dims: number[], values: ArrayLike<number>): Onnx.ITensorProto {
	return { name, dims, dataType: FLOAT, floatData: Array.from(values) };
}

function int64Tensor(name: string, dims: number[], values: number[]): Onnx.ITensorProto {
	return { name, dims, dataType: INT64, int64Data: values };
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]): Onnx.IValueInfoProto {
	const dim = dims.map((size) => (typeof size === 'string' ? { dimParam: size } : { dimValue: size }));
	return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

const AttributeType = onnx.AttributeProto.AttributeType;

/** Every attribute names its type: onnxruntime refuses untyped ones. Strings go in as UTF-8 bytes. */
const attribute = {
	int: (name: string, i: number): Onnx.IAttributeProto => ({ name, type: AttributeType.INT, i }),
	ints: (name: string, ints: number[]): Onnx.IAttributeProto => ({ name, type: AttributeType.INTS, ints }),
	floats: (name: string, floats: ArrayLike<number>): Onnx.IAttributeProto => ({ name, type: AttributeType.FLOATS, floats: Array.from(floats) }),
	string: (name: string, value: string): Onnx.IAttributeProto => ({ name, type: AttributeType.STRING, s: text.encode(value) })
};

/** Per-feature mean and std of one standardize step; features it does not scale get 0 and 1. */
export function stepVectors(step: StandardizeStep, featureNames: readonly string[]): { mean: Float32Array; std: Float32Array } {
	const position = new Map(step.columns.map((name, index) => [name, index]));
	const mean = new Float32Array(featureNames.length);
	const std = new Float32Array(featureNames.length).fill(1);
	featureNames.forEach((name, j) => {
		const index = position.get(name);
		if (index === undefined) return;
		mean[j] = step.mean[index] ?? 0;
		// A zero std is kept as 1 by fitStandardize already; guard files written by hand.
		std[j] = step.std[index] || 1;
	});
	return { mean, std };
}

/**
 * The scaling steps the graph replays, in order; hash-vectorize steps happen before the input.
 * A sparse-scale step is the standardisation of its column's features `${column}#${j}` with mean
 * 0 (x − 0 is exact, then the same float32 division as the pipeline's).
 */
export function standardizeSteps(model: Pick<LinearModel, 'preprocessing'>): StandardizeStep[] {
	return model.preprocessing.flatMap((step): StandardizeStep[] => {
		if (step.type === 'standardize') return [step];
		if (step.type !== 'sparse-scale') return [];
		const columns = Array.from({ length: step.width }, (_, j) => `${step.column}#${j}`);
		return [{ type: 'standardize', columns, mean: new Array<number>(step.width).fill(0), std: step.scale }];
	});
}

export function vectorizerSteps(model: Pick<LinearModel, 'preprocessing'>): HashVectorizeStep[] {
	return model.preprocessing.filter((step): step is HashVectorizeStep => step.type === 'hash-vectorize');
}

/** Wᵀ as [D, K], the layout MatMul wants (coef is K × D, row-major). */
function transposed(model: LinearModel): Float32Array {
	const k = scoreRows(model);
	const d = featureCount(model.features);
	const out = new Float32Array(d * k);
	for (let row = 0; row < k; row++) for (let j = 0; j < d; j++) out[j * k + row] = model.coef[row * d + j]!;
	return out;
}

interface GraphParts {
	nodes: Onnx.INodeProto[];
	initializers: Onnx.ITensorProto[];
	scoresDims: (number | string)[];
	mlDomain: boolean;
}

function portableGraph(model: LinearModel): GraphParts {
	const d = featureCount(model.features);
	const k = scoreRows(model);
	const nodes: Onnx.INodeProto[] = [];
	const initializers: Onnx.ITensorProto[] = [];
	let current = 'input';
	standardizeSteps(model).forEach((step, index) => {
		const { mean, std } = stepVectors(step, featureNames(model.features));
		initializers.push(floatTensor(`mean_${index}`, [d], mean), floatTensor(`std_${index}`, [d], std));
		nodes.push({ opType: 'Sub', name: `center_${index}`, input: [current, `mean_${index}`], output: [`centered_${index}`] });
		nodes.push({ opType: 'Div', name: `scale_${index}`, input: [`centered_${index}`, `std_${index}`], output: [`scaled_${index}`] });
		current = `scaled_${index}`;
	});
	initializers.push(floatTensor('coef', [d, k], transposed(model)), floatTensor('intercept', [k], model.intercept));
	nodes.push({ opType: 'MatMul', name: 'weigh', input: [current, 'coef'], output: ['weighted'] });
	nodes.push({ opType: 'Add', name: 'decision', input: ['weighted', 'intercept'], output: ['scores'] });
	if (k === 1) {
		initializers.push(
			floatTensor('zero', [], [0]),
			int64Tensor('positive', [], [1]),
			int64Tensor('negative', [], [0]),
			int64Tensor('flat', [1], [-1])
		);
		nodes.push({ opType: 'Greater', name: 'is_positive', input: ['scores', 'zero'], output: ['positive_mask'] });
		nodes.push({ opType: 'Where', name: 'pick_class', input: ['positive_mask', 'positive', 'negative'], output: ['label_column'] });
		nodes.push({ opType: 'Reshape', name: 'flatten', input: ['label_column', 'flat'], output: ['label'] });
	} else {
		nodes.push({ opType: 'ArgMax', name: 'best_class', input: ['scores'], output: ['label'], attribute: [attribute.int('axis', 1), attribute.int('keepdims', 0)] });
	}
	return { nodes, initializers, scoresDims: ['N', k], mlDomain: false };
}

function sklearnGraph(model: LinearModel): GraphParts {
	const k = scoreRows(model);
	const nodes: Onnx.INodeProto[] = [];
	let current = 'input';
	standardizeSteps(model).forEach((step, index) => {
		const { mean, std } = stepVectors(step, featureNames(model.features));
		const scale = std.map((value) => 1 / value);
		nodes.push({
			opType: 'Scaler',
			domain: 'ai.onnx.ml',
			name: `scaler_${index}`,
			input: [current],
			output: [`scaled_${index}`],
			attribute: [attribute.floats('offset', mean), attribute.floats('scale', scale)]
		});
		current = `scaled_${index}`;
	});
	// Binary: two rows [−w, w] so the classifier's argmax is "d > 0" (a tie picks class 0).
	const coefficients = k === 1 ? [...Array.from(model.coef, (w) => -w), ...model.coef] : Array.from(model.coef);
	const intercepts = k === 1 ? [-model.intercept[0]!, model.intercept[0]!] : Array.from(model.intercept);
	const classCount = k === 1 ? 2 : k;
	nodes.push({
		opType: 'LinearClassifier',
		domain: 'ai.onnx.ml',
		name: 'linear_classifier',
		input: [current],
		output: ['label', 'scores'],
		attribute: [
			attribute.floats('coefficients', coefficients),
			// Always given: onnxruntime reads the class count from it.
			attribute.floats('intercepts', intercepts),
			attribute.ints('classlabels_ints', Array.from({ length: classCount }, (_, index) => index)),
			attribute.string('post_transform', 'NONE'),
			attribute.int('multi_class', 0)
		]
	});
	return { nodes, initializers: [], scoresDims: ['N', classCount], mlDomain: true };
}

function metadata(model: LinearModel): Onnx.IStringStringEntryProto[] {
	const entries: Onnx.IStringStringEntryProto[] = [
		{ key: ONNX_METADATA_KEYS.classes, value: JSON.stringify(model.classes) },
		{ key: ONNX_METADATA_KEYS.featureNames, value: JSON.stringify(featureNames(model.features)) },
		{ key: ONNX_METADATA_KEYS.origin, value: JSON.stringify(model.origin) }
	];
	const vectorizers = vectorizerSteps(model);
	if (vectorizers.length > 0) entries.push({ key: ONNX_METADATA_KEYS.vectorizer, value: JSON.stringify(vectorizers) });
	return entries;
}

export function modelToOnnx(model: LinearModel, options: OnnxExportOptions = {}): Uint8Array {
	const d = featureCount(model.features);
	const k = scoreRows(model);
	if (model.coef.length !== k * d) throw new Error(`model '${model.origin.cellTitle}' has ${model.coef.length} weights, expected ${k} × ${d}`);
	const parts = (options.style ?? 'portable') === 'sklearn' ? sklearnGraph(model) : portableGraph(model);
	const opsetImport: Onnx.IOperatorSetIdProto[] = [{ domain: '', version: OPSET }];
	if (parts.mlDomain) opsetImport.push({ domain: 'ai.onnx.ml', version: ML_OPSET });
	const proto = onnx.ModelProto.create({
		irVersion: IR_VERSION,
		producerName: 'descent',
		producerVersion: '1',
		domain: 'descent',
		modelVersion: 1,
		docString: `Linear SVM '${model.origin.cellTitle}': classes ${model.classes.join(', ')}`,
		opsetImport,
		metadataProps: metadata(model),
		graph: {
			name: 'descent_linear_svm',
			docString: options.description ?? '',
			node: parts.nodes,
			initializer: parts.initializers,
			input: [valueInfo('input', FLOAT, ['N', d])],
			output: [valueInfo('label', INT64, ['N']), valueInfo('scores', FLOAT, parts.scoresDims)]
		}
	});
	return onnx.ModelProto.encode(proto).finish();
}
