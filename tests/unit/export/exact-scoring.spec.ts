/**
 * Property: for numeric columns at any offset (1e-6 … 1e12, either sign) and spread (1e-12 … 1e6),
 * standardised as the scale cell does, every export gives Descent's labels on every row; ONNX
 * (both styles) scores within 1e-5 and the JSON reference scorer bit for bit. A seeded loop
 * (fast-check is not installed): a failure names its case, and the same seed replays it.
 */
import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../../src/lib/data/feature-matrix';
import type { StandardizeStep } from '../../../src/lib/data/preprocessing';
import { modelToJson, parseModelJson } from '../../../src/lib/export/model-json';
import { scoreRow } from '../../../src/lib/export/score-text';
import type { ClassificationMetrics, LinearModel } from '../../../src/lib/ml/model';
import { decisionScores, labelsFromScores } from '../../../src/lib/ml/predict';
import { createRandom, type Random } from '../../../src/lib/ml/rng';
import { applyStandardize, fitStandardize } from '../../../src/lib/ml/standardize';
import { expectSameScoring, runOnnx } from './onnx-check';

const CASES = 60;
const TRAIN_ROWS = 50;
const TEST_ROWS = 50;

/** 10^u for u uniform in [low, high]: every decade equally likely. */
const logUniform = (random: Random, low: number, high: number): number => 10 ** (low + (high - low) * random.next());

interface Column {
	name: string;
	offset: number;
	scale: number;
	train: Float32Array;
	test: Float32Array;
}

/** Raw float32 values, as a CSV column is held: offset + scale · z, z standard normal. */
function column(random: Random, index: number, offset: number, scale: number): Column {
	const draw = (n: number) => Float32Array.from({ length: n }, () => offset + scale * random.normal());
	return { name: `x${index}`, offset, scale, train: draw(TRAIN_ROWS), test: draw(TEST_ROWS) };
}

const metrics: ClassificationMetrics = { accuracy: 0, precision: 0, recall: 0, f1: 0, confusion: [], classes: [], count: 0 };

function linearModel(random: Random, step: StandardizeStep, classes: number): LinearModel {
	const rows = classes === 2 ? 1 : classes;
	const d = step.columns.length;
	return {
		kind: 'model',
		classes: Array.from({ length: classes }, (_, k) => `c${k}`),
		features: step.columns.map((name) => ({ name, type: 'numeric' as const })),
		coef: Float32Array.from({ length: rows * d }, () => random.normal()),
		intercept: Float32Array.from({ length: rows }, () => 0.5 * random.normal()),
		objectiveCurves: [],
		finalObjective: 0,
		hyperparameters: { alpha: 1e-4, schedule: 'optimal', eta0: 0, powerT: 0.5, epochs: 5, seed: 0, shuffle: true, fitIntercept: true, average: false, classWeight: 'none', tol: 1e-3, nIterNoChange: 5, batchSize: 1 },
		preprocessing: [step],
		trainMetrics: metrics,
		validationMetrics: null,
		origin: { cellId: 'train', cellTitle: 'random weights', device: 'cpu' },
		trainingMs: 0
	};
}

/** Row-major rows of the columns' test values. */
function rowsOf(columns: readonly Float32Array[]): Float32Array {
	const d = columns.length;
	const out = new Float32Array(TEST_ROWS * d);
	columns.forEach((values, j) => values.forEach((value, i) => (out[i * d + j] = value)));
	return out;
}

/** One case: its columns (raw train and test values) and a model on them, standardised as the scale cell does. */
function makeCase(seed: number): { columns: Column[]; model: LinearModel; name: string } {
	const random = createRandom(seed);
	const count = 1 + random.int(4);
	const columns = Array.from({ length: count }, (_, j) => {
		const sign = random.next() < 0.5 ? -1 : 1;
		// Case 1 is the reported fault: Unix seconds with a spread of minutes.
		return seed === 1 && j === 0 ? column(random, j, 1.7e9, 600) : column(random, j, sign * logUniform(random, -6, 12), logUniform(random, -12, 6));
	});
	const step = fitStandardize(columns.map(({ name, train }) => ({ name, values: train })));
	const model = linearModel(random, step, random.next() < 0.5 ? 2 : 3);
	const name = `seed ${seed}, ${model.classes.length} classes: ${columns.map((item) => `${item.offset.toExponential(1)} ± ${item.scale.toExponential(1)}`).join(', ')}`;
	return { columns, model, name };
}

describe('exports score exactly as Descent at any offset (1e-6..1e12) and scale (1e-12..1e6)', () => {
	for (let seed = 1; seed <= CASES; seed++) {
		const { columns, model, name } = makeCase(seed);
		it(name, async () => {
			const count = columns.length;
			const k = model.intercept.length;
			const step = model.preprocessing[0] as StandardizeStep;

			// Descent: the scale cell's float32 columns, then decisionScores.
			const scaled = denseMatrix(rowsOf(columns.map(({ test }, j) => applyStandardize(step, j, test))), count);
			const scores = decisionScores(model, scaled);
			const ours = { scores, predicted: labelsFromScores(scores, k) };

			const raw = denseMatrix(rowsOf(columns.map(({ test }) => test)), count);
			for (const style of ['portable', 'sklearn'] as const) expectSameScoring(await runOnnx(model, raw, style), ours);

			const parsed = parseModelJson(modelToJson(model));
			if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
			for (let i = 0; i < TEST_ROWS; i++) {
				const fields = Object.fromEntries(columns.map(({ name: field, test }) => [field, test[i]!]));
				expect(scoreRow(parsed.file, fields).scores, `row ${i}`).toEqual(Array.from(scores.subarray(i * k, i * k + k)));
			}
		});
	}
});
