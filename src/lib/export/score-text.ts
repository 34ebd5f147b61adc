/**
 * The reference scorer of a Descent model file: raw fields in (a review's text, a row's numbers),
 * label and scores out, with nothing but the file. It replays the preprocessing steps in order
 * (hashed words, then standardisation) with the same float32 rounding as the pipeline, so it
 * gives exactly the pipeline's predictions. It is also the spec for anyone porting the file
 * elsewhere: tokens of 2+ word characters, n-grams joined by a space, murmur3_32 of the UTF-8
 * bytes, abs(hash) % buckets, counts; then (x − mean) / std; then w·x + b; binary: > 0.
 */
import { denseMatrix } from '../data/feature-matrix';
import { decisionValue } from '../ml/hinge';
import { labelsFromScores } from '../ml/predict';
import type { PreprocessingStep } from '../data/preprocessing';
import { hashCounts } from '../ml/vectorize';
import type { ModelFile } from './model-json';

export interface ModelScore {
	/** The predicted class name. */
	label: string;
	/** Index into the file's classes. */
	classIndex: number;
	/** w_k·x + b_k per weight row: one value for a binary model (> 0 means classes[1]). */
	scores: number[];
}

export type RawRow = Readonly<Record<string, string | number>>;

const f32 = Math.fround;

/** The features of one row after every step, by name. */
function replay(steps: readonly PreprocessingStep[], row: RawRow): Map<string, number> {
	const features = new Map<string, number>();
	for (const [name, value] of Object.entries(row)) {
		if (typeof value === 'number') features.set(name, f32(value));
	}
	for (const step of steps) {
		if (step.type === 'hash-vectorize') {
			const text = row[step.column];
			if (typeof text !== 'string') throw new Error(`field '${step.column}' must be a text: the model hashes its words`);
			for (let bucket = 0; bucket < step.buckets; bucket++) features.set(`${step.prefix}${bucket}`, 0);
			for (const [bucket, count] of hashCounts(text, step)) features.set(`${step.prefix}${bucket}`, count);
			continue;
		}
		if (step.type === 'sparse-scale') {
			// The hashed features of the column are named `${column}#${j}` (see data/table.ts).
			for (let j = 0; j < step.width; j++) {
				const name = `${step.column}#${j}`;
				const value = features.get(name);
				if (value !== undefined && value !== 0) features.set(name, f32(value / step.scale[j]!));
			}
			continue;
		}
		step.columns.forEach((name, index) => {
			const value = features.get(name);
			if (value === undefined) return;
			features.set(name, f32((value - step.mean[index]!) / step.std[index]!));
		});
	}
	return features;
}

/** Scores one row of raw fields: text fields by their column name, numbers by theirs. */
export function scoreRow(file: ModelFile, row: RawRow): ModelScore {
	const features = replay(file.preprocessing, row);
	const x = Float32Array.from(file.featureNames, (name) => {
		const value = features.get(name);
		if (value === undefined) throw new Error(`field '${name}' is missing: the model was trained on it`);
		if (!Number.isFinite(value)) throw new Error(`field '${name}' is not a number`);
		return value;
	});
	const scores = Float32Array.from(file.coef, (weights, k) => decisionValue(Float32Array.from(weights), file.intercept[k]!, denseMatrix(x, x.length), 0));
	const classIndex = labelsFromScores(scores, scores.length)[0]!;
	return { label: file.classes[classIndex]!, classIndex, scores: Array.from(scores) };
}

/** The text column of a text model (its first hash-vectorize step), or null for a numeric one. */
export function textColumn(file: Pick<ModelFile, 'preprocessing'>): string | null {
	return file.preprocessing.find((step) => step.type === 'hash-vectorize')?.column ?? null;
}

/** Scores raw text with a text model: e.g. scoreText(file, "Not worth the price."). */
export function scoreText(file: ModelFile, text: string): ModelScore {
	const column = textColumn(file);
	if (column === null) throw new Error('this model takes numbers, not text: use scoreRow with its feature names');
	return scoreRow(file, { [column]: text });
}
