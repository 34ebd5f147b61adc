/**
 * The Descent model file (`.model.json`), format "descent-model", version 2: everything needed
 * to score new rows and to know where the model came from, at any number of hashed buckets.
 *
 * {
 *   "format": "descent-model", "version": 2, "kind": "linear-svm",
 *   "classes": ["negative", "positive"],        // label k is classes[k]; binary: positive = classes[1]
 *   "features": [                               // the columns read, in weight order:
 *     {"name": "review", "type": "sparse", "width": 262144},   //   hashed text: `width` weights
 *     {"name": "price", "type": "numeric"} ],                  //   a number: one weight
 *   "coef": [ row, … ],                          // one row (binary) or one per class (one-vs-rest)
 *   "intercept": [b],
 *   "preprocessing": [ {"type": "hash-vectorize", …}, {"type": "impute", …}, {"type": "standardize", …} ],  // replayed in order
 *   "hyperparameters": { "alpha", "schedule", "eta0", … },   // scikit-learn SGDClassifier's names
 *   "metrics": { "train": {…}, "validation": {…} | null },
 *   "training": { "objectiveCurves": [[…]], "finalObjective", "trainingMs" },
 *   "lineage": { "cell": {"id", "title"}, "device", "selection": {…} | null,
 *                "notebook": "…" | null, "exportedAt": "ISO time" }
 * }
 *
 * A weight row holds featureCount(features) float32 weights, the features' widths added up in
 * order (feature j of a sparse column at offset o is weight o + j), in one of three forms
 * (weights-codec.ts), each read back bit for bit:
 *   [w₀, w₁, …]                                  JSON numbers, rows of at most 64 weights;
 *   "AACAPwAAAEA…"                               base64 of the float32 values, little-endian;
 *   {"indices": "…", "values": "…"}              base64 of the non-zero weights' uint32 indices
 *                                                (ascending) and float32 values, little-endian.
 * Numbers JSON cannot hold (an objective that became Infinity) are the strings "NaN",
 * "Infinity", "-Infinity", as in notebook files. Nested keys are sorted: same model, same bytes.
 *
 * A "sparse-scale" step's `scale` (one divisor per feature of its column) is written in a weight
 * row's forms with 1 in place of 0: the sparse form lists only the divisors that are not 1 (the
 * buckets no training row had). Files that hold it as JSON numbers (written before) read as ever.
 *
 * An "impute" step ({"strategy", "columns", "fill": [float32 per column], "fillValue"?}) replaces a
 * missing number (NaN, null or an absent field) of each column with its fill value, as scikit-learn's
 * SimpleImputer fitted on the train part; the format version stays 2 (the step is additive: every
 * older file reads as it did).
 *
 * Version 1 files (`featureNames`: one name per weight, weights as JSON numbers) still read: a
 * run of names `${prefix}0 … ${prefix}${buckets−1}` of a hash-vectorize step becomes that
 * column's sparse feature, any other name a numeric one.
 */
import * as v from 'valibot';
import { featureCount, type FeatureColumn } from '../data/features';
import type { PreprocessingStep } from '../data/preprocessing';
import type { LinearModel } from '../ml/model';
import { jsonPath } from '../notebook/parse';
import { describeNotModelText, withVisibleControls } from './model-file-signature';
import {
	MODEL_FORMAT,
	MODEL_VERSION,
	READABLE_VERSIONS,
	modelFileV1Schema,
	modelFileV2Schema,
	type ModelDocument,
	type ModelFileV1
} from './model-json-schema';
import { decodeWeights, encodeWeights } from './weights-codec';

export { MODEL_FORMAT, MODEL_VERSION, type ModelDocument };

/** A model file as read: the version 2 document with its weights decoded (K × D row-major, as LinearModel). */
export type ModelFile = Omit<ModelDocument, 'coef' | 'intercept' | 'preprocessing'> & { coef: Float32Array; intercept: Float32Array; preprocessing: PreprocessingStep[] };

export interface ModelFileError {
	/** JSON path, e.g. `$.coef[0]`. */
	path: string;
	message: string;
}

export type ModelFileResult = { ok: true; model: LinearModel; file: ModelFile } | { ok: false; errors: ModelFileError[] };

export interface ModelExportContext {
	notebook?: string | null;
	/** Injected so the same model exports to the same bytes in tests. */
	exportedAt?: string;
}

/** The model as the file holds it in memory (weights shared with the model, not copied). */
export function modelToFile(model: LinearModel, context: ModelExportContext = {}): ModelFile {
	return {
		format: MODEL_FORMAT,
		version: MODEL_VERSION,
		kind: 'linear-svm',
		classes: [...model.classes],
		features: structuredClone(model.features),
		coef: model.coef,
		intercept: model.intercept,
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

/** The JSON-ready document: the file with each weight row in its compact form. */
export function modelToDocument(model: LinearModel, context: ModelExportContext = {}): ModelDocument {
	const file = modelToFile(model, context);
	const d = featureCount(model.features);
	const coef = Array.from({ length: model.intercept.length }, (_, k) => encodeWeights(model.coef.subarray(k * d, (k + 1) * d)));
	// The documented key order: weights after the features they belong to.
	const { format, version, kind, classes, features, hyperparameters, metrics, training, lineage } = file;
	// A sparse-scale step's divisors in a weight row's forms (1 where not listed): 2^24 of them as JSON numbers would be 160 MB.
	const preprocessing = file.preprocessing.map((step) => (step.type === 'sparse-scale' ? { ...step, scale: encodeWeights(Float32Array.from(step.scale), 1) } : step));
	return { format, version, kind, classes, features, coef, intercept: Array.from(model.intercept), preprocessing, hyperparameters, metrics, training, lineage };
}

/** JSON has no NaN or Infinity. */
const encodeNumber = (value: number): number | string => (Number.isFinite(value) ? value : String(value));

/** Nested objects with sorted keys (the top level keeps the documented order): same model, same bytes. */
function canonical(key: string, value: unknown): unknown {
	if (typeof value === 'number') return encodeNumber(value);
	if (key === '' || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
	const record = value as Record<string, unknown>;
	return Object.fromEntries(Object.keys(record).sort().map((name) => [name, record[name]]));
}

export function modelToJson(model: LinearModel, context: ModelExportContext = {}): string {
	return `${JSON.stringify(modelToDocument(model, context), canonical, 2)}\n`;
}

/**
 * The feature columns behind a version 1 file's feature names: a run `${prefix}0 …
 * ${prefix}${buckets−1}` of a hash-vectorize step is that text column's hashed features; any
 * other name is numeric.
 */
export function featuresFromNames(names: readonly string[], preprocessing: readonly (PreprocessingStep | ModelDocument['preprocessing'][number])[]): FeatureColumn[] {
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

/** A version 1 file in version 2's terms (its weight rows stay JSON numbers). */
function upgradeV1(file: ModelFileV1): ModelDocument {
	const { featureNames, version: _version, ...rest } = file;
	return { ...rest, version: 2, features: featuresFromNames(featureNames, file.preprocessing) };
}

/** Shapes that the schema cannot see: weight rows against classes and features, step lengths; decodes the rows. */
function decode(document: ModelDocument): { file: ModelFile } | { errors: ModelFileError[] } {
	const errors: ModelFileError[] = [];
	const classes = document.classes.length;
	const rows = classes === 2 ? 1 : classes;
	const d = featureCount(document.features);
	if (document.coef.length !== rows) errors.push({ path: '$.coef', message: `has ${document.coef.length} rows; ${classes} classes need ${rows}` });
	if (document.intercept.length !== document.coef.length) errors.push({ path: '$.intercept', message: `has ${document.intercept.length} values for ${document.coef.length} weight rows` });
	const coef = new Float32Array(document.coef.length * d);
	document.coef.forEach((row, k) => {
		try {
			coef.set(decodeWeights(row, d), k * d);
		} catch (cause) {
			errors.push({ path: jsonPath(['coef', k]), message: cause instanceof Error ? cause.message : String(cause) });
		}
	});
	const preprocessing = document.preprocessing.map((step, index): PreprocessingStep => {
		if (step.type !== 'sparse-scale') return step;
		const path = jsonPath(['preprocessing', index, 'scale']);
		try {
			const scale = decodeWeights(step.scale, step.width, 1);
			const bad = scale.findIndex((value) => !(value > 0));
			if (bad >= 0) errors.push({ path, message: `divisor ${bad} is ${scale[bad]}; every divisor must be above 0` });
			return { ...step, scale: Array.from(scale) };
		} catch (cause) {
			errors.push({ path, message: (cause instanceof Error ? cause.message : String(cause)).replace(/weights?\b/g, (word) => (word === 'weight' ? 'divisor' : 'divisors')) });
			return { ...step, scale: [] };
		}
	});
	document.preprocessing.forEach((step, index) => {
		if (step.type === 'impute' && step.fill.length !== step.columns.length) {
			errors.push({ path: jsonPath(['preprocessing', index, 'fill']), message: `has ${step.fill.length} values for ${step.columns.length} columns` });
		}
		if (step.type !== 'standardize') return;
		for (const key of ['mean', 'std'] as const) {
			if (step[key].length !== step.columns.length) {
				errors.push({ path: jsonPath(['preprocessing', index, key]), message: `has ${step[key].length} values for ${step.columns.length} columns` });
			}
		}
	});
	if (errors.length > 0) return { errors };
	return { file: { ...document, coef, intercept: Float32Array.from(document.intercept), preprocessing } };
}

export function fileToModel(file: ModelFile): LinearModel {
	return {
		kind: 'model',
		classes: file.classes,
		features: file.features,
		coef: file.coef,
		intercept: file.intercept,
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

function schemaErrors(issues: readonly v.BaseIssue<unknown>[]): ModelFileError[] {
	return issues.map((issue) => {
		const keys = (issue.path ?? []).map((item) => item.key as string | number);
		const last = String(keys.at(-1));
		// valibot's strict_object issue means three things, told apart by what it expected (as
		// notebook/parse.ts tells them): an extra key, an absent one, or a value that is no object
		if (issue.type === 'strict_object') {
			const message = issue.expected === 'never' ? `unknown key '${last}'` : issue.received === 'undefined' ? `'${last}' is missing` : `must be an object, got ${issue.received}`;
			return { path: jsonPath(keys), message };
		}
		return { path: jsonPath(keys), message: issue.message };
	});
}

/**
 * A model file's text (version 1 or 2) → the model, or every problem with its JSON path. Nothing
 * half-read. Text that is not JSON is named for what it is when it can be (an ONNX model, a binary
 * file: "$: this is an ONNX model, not Descent's JSON model file: export the model as JSON (…)");
 * otherwise the JSON error, its control characters escaped.
 */
export function parseModelJson(text: string): ModelFileResult {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (cause) {
		const notModel = describeNotModelText(text);
		const message = notModel ? `this ${notModel}` : `not JSON: ${withVisibleControls(cause instanceof Error ? cause.message : String(cause))}`;
		return { ok: false, errors: [{ path: '$', message }] };
	}
	const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
	if (record.format !== MODEL_FORMAT) {
		const found = record.format === undefined ? 'missing' : JSON.stringify(record.format);
		return { ok: false, errors: [{ path: '$.format', message: `not a Descent model: format is ${found}, expected '${MODEL_FORMAT}'` }] };
	}
	let document: ModelDocument;
	if (record.version === 1) {
		const parsed = v.safeParse(modelFileV1Schema, value, { abortEarly: false });
		if (!parsed.success) return { ok: false, errors: schemaErrors(parsed.issues) };
		const names = parsed.output.featureNames.length;
		const short = parsed.output.coef.findIndex((row) => row.length !== names);
		if (short >= 0) return { ok: false, errors: [{ path: jsonPath(['coef', short]), message: `has ${parsed.output.coef[short]!.length} weights for ${names} features` }] };
		document = upgradeV1(parsed.output);
	} else if (record.version === 2) {
		const parsed = v.safeParse(modelFileV2Schema, value, { abortEarly: false });
		if (!parsed.success) return { ok: false, errors: schemaErrors(parsed.issues) };
		document = parsed.output;
	} else {
		return { ok: false, errors: [{ path: '$.version', message: `unsupported version; supported: ${READABLE_VERSIONS.join(', ')}` }] };
	}
	const decoded = decode(document);
	if ('errors' in decoded) return { ok: false, errors: decoded.errors };
	return { ok: true, model: fileToModel(decoded.file), file: decoded.file };
}
