/**
 * The Descent model file (`.model.json`), format "descent-model", version 1: everything needed
 * to score new rows and to know where the model came from.
 *
 * {
 *   "format": "descent-model", "version": 1, "kind": "linear-svm",
 *   "classes": ["negative", "positive"],        // label k is classes[k]; binary: positive = classes[1]
 *   "featureNames": ["review#0", …],            // the order of the weights
 *   "coef": [[w₀, w₁, …]],                       // one row (binary) or one per class (one-vs-rest)
 *   "intercept": [b],
 *   "preprocessing": [ {"type": "hash-vectorize", …}, {"type": "standardize", …} ],  // replayed in order
 *   "hyperparameters": { "alpha", "schedule", "eta0", … },   // scikit-learn SGDClassifier's names
 *   "metrics": { "train": {…}, "validation": {…} | null },
 *   "training": { "objectiveCurves": [[…]], "finalObjective", "trainingMs" },
 *   "lineage": { "cell": {"id", "title"}, "device", "selection": {…} | null,
 *                "notebook": "…" | null, "exportedAt": "ISO time" }
 * }
 *
 * Weights are float32 values written as JSON numbers; reading them back into a Float32Array
 * gives the same bits. Numbers JSON cannot hold (an objective that became Infinity) are the
 * strings "NaN", "Infinity", "-Infinity", as in notebook files.
 */
import * as v from 'valibot';
import { featureCount, featureNames, type FeatureColumn } from '../data/features';
import type { PreprocessingStep } from '../data/preprocessing';
import type { LinearModel } from '../ml/model';
import { jsonPath } from '../notebook/parse';

export const MODEL_FORMAT = 'descent-model';
export const MODEL_VERSION = 1;

const special = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY } as const;

/** A number, or one of the strings JSON uses for NaN and the infinities. */
const anyNumber = v.union(
	[v.number(), v.pipe(v.picklist(['NaN', 'Infinity', '-Infinity']), v.transform((name) => special[name]))],
	'must be a number'
);
const finite = v.pipe(v.number('must be a number'), v.finite('must be a finite number'));
const count = v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0, 'must be at least 0'));
const name = v.string('must be a text');

const metricsSchema = v.strictObject(
	{
		accuracy: anyNumber,
		precision: anyNumber,
		recall: anyNumber,
		f1: anyNumber,
		confusion: v.array(v.array(count, 'must be a list of counts'), 'must be a list of rows'),
		classes: v.array(name, 'must be a list of class names'),
		count
	},
	'unknown key'
);

const standardizeSchema = v.strictObject(
	{
		type: v.literal('standardize'),
		columns: v.array(name),
		mean: v.array(finite),
		std: v.array(v.pipe(finite, v.check((value) => value > 0, 'must be above 0')))
	},
	'unknown key'
);

const hashVectorizeSchema = v.strictObject(
	{
		type: v.literal('hash-vectorize'),
		column: name,
		buckets: v.pipe(count, v.minValue(1, 'must be at least 1')),
		ngramMax: v.pipe(count, v.minValue(1, 'must be at least 1')),
		lowercase: v.boolean('must be true or false'),
		tokenPattern: name,
		hash: v.literal('murmur3_32', "must be 'murmur3_32'"),
		seed: count,
		prefix: name
	},
	'unknown key'
);

const sparseScaleSchema = v.strictObject(
	{
		type: v.literal('sparse-scale'),
		column: name,
		method: v.picklist(['standard', 'max-abs'], 'must be standard or max-abs'),
		width: v.pipe(count, v.minValue(1, 'must be at least 1')),
		scale: v.array(v.pipe(finite, v.check((value) => value > 0, 'must be above 0')))
	},
	'unknown key'
);

const hyperparametersSchema = v.strictObject(
	{
		alpha: finite,
		schedule: v.picklist(['constant', 'optimal', 'invscaling', 'adaptive'], 'must be constant, optimal, invscaling or adaptive'),
		eta0: finite,
		powerT: finite,
		epochs: count,
		seed: v.pipe(v.number(), v.integer('must be a whole number')),
		shuffle: v.boolean(),
		fitIntercept: v.boolean(),
		average: v.boolean(),
		classWeight: v.picklist(['none', 'balanced'], 'must be none or balanced'),
		tol: finite,
		nIterNoChange: count,
		batchSize: v.pipe(count, v.minValue(1, 'must be at least 1'))
	},
	'unknown key'
);

const rankingSchema = v.strictObject(
	{ cellId: name, cellTitle: name, score: anyNumber, finalObjective: anyNumber, validationAccuracy: v.nullable(anyNumber) },
	'unknown key'
);

export const modelFileSchema = v.strictObject(
	{
		format: v.literal(MODEL_FORMAT, `must be '${MODEL_FORMAT}'`),
		version: v.literal(MODEL_VERSION, `unsupported version; supported: ${MODEL_VERSION}`),
		kind: v.literal('linear-svm', "must be 'linear-svm'"),
		classes: v.pipe(v.array(name, 'must be a list of class names'), v.minLength(2, 'must name at least 2 classes')),
		featureNames: v.pipe(v.array(name, 'must be a list of feature names'), v.minLength(1, 'must name at least 1 feature')),
		coef: v.array(v.array(finite, 'must be a list of weights'), 'must be a list of weight rows'),
		intercept: v.array(finite, 'must be a list of numbers'),
		preprocessing: v.array(v.variant('type', [standardizeSchema, hashVectorizeSchema, sparseScaleSchema], "must be a 'standardize', 'hash-vectorize' or 'sparse-scale' step")),
		hyperparameters: hyperparametersSchema,
		metrics: v.strictObject({ train: metricsSchema, validation: v.nullable(metricsSchema) }, 'unknown key'),
		training: v.strictObject(
			{ objectiveCurves: v.array(v.array(anyNumber)), finalObjective: anyNumber, trainingMs: v.pipe(v.number(), v.minValue(0)) },
			'unknown key'
		),
		lineage: v.strictObject(
			{
				cell: v.strictObject({ id: name, title: name }, 'unknown key'),
				device: v.picklist(['cpu', 'gpu'], 'must be cpu or gpu'),
				selection: v.nullable(
					v.strictObject({ by: v.picklist(['objective', 'validation-accuracy', 'validation-f1']), ranking: v.array(rankingSchema) }, 'unknown key')
				),
				notebook: v.nullable(name),
				exportedAt: name
			},
			'unknown key'
		)
	},
	'unknown key'
);

export type ModelFile = v.InferOutput<typeof modelFileSchema>;

export interface ModelFileError {
	/** JSON path, e.g. `$.coef[0][3]`. */
	path: string;
	message: string;
}

export type ModelFileResult = { ok: true; model: LinearModel; file: ModelFile } | { ok: false; errors: ModelFileError[] };

export interface ModelExportContext {
	notebook?: string | null;
	/** Injected so the same model exports to the same bytes in tests. */
	exportedAt?: string;
}

/** JSON has no NaN or Infinity. */
const encodeNumber = (value: number): number | string => (Number.isFinite(value) ? value : String(value));

export function modelToFile(model: LinearModel, context: ModelExportContext = {}): ModelFile {
	const d = featureCount(model.features);
	const rows = Array.from({ length: model.intercept.length }, (_, k) => Array.from(model.coef.subarray(k * d, (k + 1) * d)));
	return {
		format: MODEL_FORMAT,
		version: MODEL_VERSION,
		kind: 'linear-svm',
		classes: [...model.classes],
		featureNames: featureNames(model.features),
		coef: rows,
		intercept: Array.from(model.intercept),
		preprocessing: structuredClone(model.preprocessing),
		hyperparameters: { ...model.hyperparameters },
		metrics: { train: model.trainMetrics, validation: model.validationMetrics },
		training: { objectiveCurves: model.objectiveCurves, finalObjective: model.finalObjective, trainingMs: model.trainingMs },
		lineage: {
			cell: { id: model.origin.cellId, title: model.origin.cellTitle },
			device: model.origin.device,
			selection: model.selection ?? null,
			notebook: context.notebook ?? null,
			exportedAt: context.exportedAt ?? new Date().toISOString()
		}
	};
}

/** Nested objects with sorted keys (the top level keeps the documented order): same model, same bytes. */
function canonical(key: string, value: unknown): unknown {
	if (typeof value === 'number') return encodeNumber(value);
	if (key === '' || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
	const record = value as Record<string, unknown>;
	return Object.fromEntries(Object.keys(record).sort().map((name) => [name, record[name]]));
}

export function modelToJson(model: LinearModel, context: ModelExportContext = {}): string {
	return `${JSON.stringify(modelToFile(model, context), canonical, 2)}\n`;
}

/** Shapes that the schema cannot see: weight rows against classes and features, step lengths. */
function consistency(file: ModelFile): ModelFileError[] {
	const errors: ModelFileError[] = [];
	const rows = file.classes.length === 2 ? 1 : file.classes.length;
	if (file.coef.length !== rows) errors.push({ path: '$.coef', message: `has ${file.coef.length} rows; ${file.classes.length} classes need ${rows}` });
	if (file.intercept.length !== file.coef.length) errors.push({ path: '$.intercept', message: `has ${file.intercept.length} values for ${file.coef.length} weight rows` });
	file.coef.forEach((row, k) => {
		if (row.length !== file.featureNames.length) errors.push({ path: jsonPath(['coef', k]), message: `has ${row.length} weights for ${file.featureNames.length} features` });
	});
	file.preprocessing.forEach((step, index) => {
		if (step.type === 'sparse-scale' && step.scale.length !== step.width) {
			errors.push({ path: jsonPath(['preprocessing', index, 'scale']), message: `has ${step.scale.length} values for ${step.width} features` });
		}
		if (step.type !== 'standardize') return;
		for (const key of ['mean', 'std'] as const) {
			if (step[key].length !== step.columns.length) {
				errors.push({ path: jsonPath(['preprocessing', index, key]), message: `has ${step[key].length} values for ${step.columns.length} columns` });
			}
		}
	});
	return errors;
}

/**
 * The feature columns behind a file's feature names: a run `${prefix}0 … ${prefix}${buckets−1}`
 * of a hash-vectorize step is that text column's hashed features; any other name is numeric.
 */
export function featuresFromNames(names: readonly string[], preprocessing: readonly PreprocessingStep[]): FeatureColumn[] {
	const features: FeatureColumn[] = [];
	for (let at = 0; at < names.length; ) {
		const step = preprocessing.find(
			(candidate) => candidate.type === 'hash-vectorize' && names[at] === `${candidate.prefix}0` && names[at + candidate.buckets - 1] === `${candidate.prefix}${candidate.buckets - 1}`
		);
		if (step?.type === 'hash-vectorize') {
			features.push({ name: step.column, type: 'sparse', width: step.buckets });
			at += step.buckets;
		} else {
			features.push({ name: names[at]!, type: 'numeric' });
			at += 1;
		}
	}
	return features;
}

export function fileToModel(file: ModelFile): LinearModel {
	return {
		kind: 'model',
		classes: file.classes,
		features: featuresFromNames(file.featureNames, file.preprocessing),
		coef: Float32Array.from(file.coef.flat()),
		intercept: Float32Array.from(file.intercept),
		objectiveCurves: file.training.objectiveCurves,
		finalObjective: file.training.finalObjective,
		hyperparameters: file.hyperparameters,
		preprocessing: file.preprocessing,
		trainMetrics: file.metrics.train,
		validationMetrics: file.metrics.validation,
		origin: { cellId: file.lineage.cell.id, cellTitle: file.lineage.cell.title, device: file.lineage.device },
		trainingMs: file.training.trainingMs,
		...(file.lineage.selection ? { selection: file.lineage.selection } : {})
	};
}

/** A model file's text → the model, or every problem with its JSON path. Nothing half-read. */
export function parseModelJson(text: string): ModelFileResult {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (cause) {
		return { ok: false, errors: [{ path: '$', message: `not JSON: ${cause instanceof Error ? cause.message : String(cause)}` }] };
	}
	const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
	if (record.format !== MODEL_FORMAT) {
		const found = record.format === undefined ? 'missing' : JSON.stringify(record.format);
		return { ok: false, errors: [{ path: '$.format', message: `not a Descent model: format is ${found}, expected '${MODEL_FORMAT}'` }] };
	}
	const parsed = v.safeParse(modelFileSchema, value, { abortEarly: false });
	if (!parsed.success) {
		return {
			ok: false,
			errors: parsed.issues.map((issue) => {
				const keys = (issue.path ?? []).map((item) => item.key as string | number);
				return { path: jsonPath(keys), message: issue.type === 'strict_object' ? `unknown key '${String(keys.at(-1))}'` : issue.message };
			})
		};
	}
	const errors = consistency(parsed.output);
	if (errors.length > 0) return { ok: false, errors };
	return { ok: true, model: fileToModel(parsed.output), file: parsed.output };
}
