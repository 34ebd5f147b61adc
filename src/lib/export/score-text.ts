/**
 * The reference scorer of a Descent model file: raw fields in (a review's text, a row's numbers),
 * label and scores out, with nothing but the file. It replays the preprocessing steps in order
 * with the pipeline's float32 rounding, so it gives exactly the pipeline's scores, bit for bit:
 * - hash-vectorize: the text's hashed row (hashed-text.ts: tokens of 2+ word characters, n-grams
 *   joined by a space, murmur3_32 of the UTF-8 bytes, abs(hash) % buckets, counts);
 * - impute: a number that is null, NaN or absent becomes the step's fill value (a float32 number);
 * - standardize: x' = f32((f32(x) − mean) / std), computed in float64 as ml/standardize.ts does;
 * then w·x + b over the row's non-zeros in weight order (ml/hinge.ts `decisionValue`), and
 * binary: > 0. Work and memory grow with the row's non-zeros, not with the buckets.
 */
import { tfidfRow } from '../ml/tfidf';
import { featureCount, type FeatureColumn } from '../data/features';
import type { CsrMatrix } from '../data/feature-matrix';
import type { PreprocessingStep } from '../data/preprocessing';
import { decisionValue } from '../ml/hinge';
import type { LinearModel } from '../ml/model';
import { labelsFromScores } from '../ml/predict';
import { hashedText, type HashedRow } from './hashed-text';

export interface ModelScore {
	/** The predicted class name. */
	label: string;
	/** Index into the file's classes. */
	classIndex: number;
	/** w_k·x + b_k per weight row: one value for a binary model (> 0 means classes[1]). */
	scores: number[];
}

/** A field: a text, a number, or a column already hashed (its buckets ascending). */
export type RawValue = string | number | HashedRow;
/** Raw fields by column name; a missing number may be null, NaN or absent (the model's impute step fills it). */
export type RawRow = Readonly<Record<string, RawValue | null | undefined>>;

/** What scoring needs of a model: a LinearModel or a parsed model file. */
export type ScoringModel = Pick<LinearModel, 'classes' | 'features' | 'coef' | 'intercept' | 'preprocessing'>;

const f32 = Math.fround;

/** The row's fields after every step, by column name (one entry a column, never one a bucket). */
function replay(steps: readonly PreprocessingStep[], row: RawRow): Map<string, RawValue> {
	const fields = new Map<string, RawValue>();
	for (const [name, value] of Object.entries(row)) {
		if (value === null || value === undefined) continue;
		fields.set(name, typeof value === 'number' ? f32(value) : value);
	}
	for (const step of steps) {
		if (step.type === 'impute') {
			step.columns.forEach((name, index) => {
				const value = fields.get(name);
				if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) fields.set(name, step.fill[index]!);
			});
			continue;
		}
		if (step.type === 'hash-vectorize') {
			const text = fields.get(step.column);
			if (typeof text !== 'string') throw new Error(`field '${step.column}' must be a text: the model hashes its words`);
			fields.set(step.column, hashedText(text, step));
			continue;
		}
		if (step.type === 'tfidf') {
			const words = fields.get(step.column);
			if (typeof words !== 'object') throw new Error(`the model weights '${step.column}' by TF-IDF but does not hash it first`);
			fields.set(step.column, tfidfRow(words, step));
			continue;
		}
		if (step.type === 'sparse-scale') {
			const words = fields.get(step.column);
			if (typeof words !== 'object') throw new Error(`the model scales the hashed words of '${step.column}' but does not hash it first`);
			fields.set(step.column, { indices: words.indices, values: Float32Array.from(words.values, (value, k) => f32(value / step.scale[words.indices[k]!]!)) });
			continue;
		}
		step.columns.forEach((name, index) => {
			const value = fields.get(name);
			if (typeof value === 'number') fields.set(name, f32((value - step.mean[index]!) / step.std[index]!));
		});
	}
	return fields;
}

/** The row as one CSR row of the model's features, in weight order. */
function featureRow(features: readonly FeatureColumn[], fields: Map<string, RawValue>): CsrMatrix {
	const indices: number[] = [];
	const values: number[] = [];
	let offset = 0;
	for (const feature of features) {
		const value = fields.get(feature.name);
		if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
			throw new Error(`field '${feature.name}' is missing: the model was trained on it, without an impute step to fill it`);
		}
		if (feature.type === 'numeric') {
			if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`field '${feature.name}' is not a number`);
			if (value !== 0) {
				indices.push(offset);
				values.push(value);
			}
			offset += 1;
			continue;
		}
		if (typeof value !== 'object') throw new Error(`field '${feature.name}' holds ${typeof value === 'string' ? 'text the file has no step to hash' : 'a number'}: the model reads its ${feature.width} hashed features`);
		let previous = -1;
		for (let k = 0; k < value.indices.length; k++) {
			const bucket = value.indices[k]!;
			if (bucket <= previous || bucket >= feature.width) throw new Error(`field '${feature.name}' has bucket ${bucket} out of order or beyond its ${feature.width}`);
			indices.push(offset + bucket);
			values.push(value.values[k]!);
			previous = bucket;
		}
		offset += feature.width;
	}
	return { format: 'csr', rowCount: 1, featureCount: offset, indptr: Uint32Array.of(0, indices.length), indices: Uint32Array.from(indices), values: Float32Array.from(values) };
}

/** Scores one row of raw fields: text fields by their column name, numbers by theirs. */
export function scoreRow(model: ScoringModel, row: RawRow): ModelScore {
	const matrix = featureRow(model.features, replay(model.preprocessing, row));
	const d = featureCount(model.features);
	const scores = Float32Array.from(model.intercept, (bias, k) => decisionValue(model.coef.subarray(k * d, (k + 1) * d), bias, matrix, 0));
	const classIndex = labelsFromScores(scores, scores.length)[0]!;
	return { label: model.classes[classIndex]!, classIndex, scores: Array.from(scores) };
}

/** The text columns a model hashes (its hash-vectorize steps' columns), in step order. */
export function textColumns(model: Pick<ScoringModel, 'preprocessing'>): string[] {
	return model.preprocessing.flatMap((step) => (step.type === 'hash-vectorize' ? [step.column] : []));
}

/** The text column of a text model (its first hash-vectorize step), or null for a numeric one. */
export function textColumn(model: Pick<ScoringModel, 'preprocessing'>): string | null {
	return textColumns(model)[0] ?? null;
}

/** Scores raw text with a text model: e.g. scoreText(file, "Not worth the price."). */
export function scoreText(model: ScoringModel, text: string): ModelScore {
	const column = textColumn(model);
	if (column === null) throw new Error('this model takes numbers, not text: use scoreRow with its feature names');
	return scoreRow(model, { [column]: text });
}
