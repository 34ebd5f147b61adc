/**
 * Property (fast-check): for any numeric columns (offsets 1e-6..1e9, spreads 1e-6..1e4), any share
 * of missing values, any strategy and either order of impute and standardize, the JSON model's
 * per-row scorer gives Descent's scores bit for bit on rows with gaps, and ONNX (both styles)
 * gives Descent's labels with scores within 1e-5.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/lib/data/table';
import { denseMatrix } from '../../../src/lib/data/feature-matrix';
import type { ImputeStrategy, PreprocessingStep } from '../../../src/lib/data/preprocessing';
import { modelToJson, parseModelJson } from '../../../src/lib/export/model-json';
import { scoreRow } from '../../../src/lib/export/score-text';
import { fitImpute, imputeTable } from '../../../src/lib/ml/impute';
import type { ClassificationMetrics, LinearModel } from '../../../src/lib/ml/model';
import { predictTable } from '../../../src/lib/ml/predict';
import { replayPreprocessing } from '../../../src/lib/ml/replay';
import { createRandom } from '../../../src/lib/ml/rng';
import { fitStandardize } from '../../../src/lib/ml/standardize';
import { applyScaling } from '../../../src/lib/cells/scale';
import { expectSameScoring, runOnnx } from './onnx-check';

const ROWS = 40;
const metrics: ClassificationMetrics = { accuracy: 0, precision: 0, recall: 0, f1: 0, confusion: [], classes: [], count: 0 };

interface Case {
	seed: number;
	columns: number;
	share: number;
	strategy: ImputeStrategy;
	imputeFirst: boolean;
	classes: number;
}

function table(name: string, columns: Float32Array[]): Table {
	return {
		kind: 'table',
		name,
		rowCount: ROWS,
		columns: columns.map((values, j) => ({ name: `x${j}`, type: 'numeric', values })),
		labelName: 'y',
		classes: ['a', 'b'],
		labels: new Int8Array(ROWS),
		source: 'property'
	};
}

/** Train and test tables with gaps (train keeps one present value per column), and a model with random weights over its fitted steps. */
function makeCase(item: Case): { test: Table; model: LinearModel } {
	const random = createRandom(item.seed);
	const draws = Array.from({ length: item.columns }, () => ({ offset: (random.next() < 0.5 ? -1 : 1) * 10 ** (-6 + 15 * random.next()), spread: 10 ** (-6 + 10 * random.next()) }));
	// Values repeat (rounded to a grid of 4 spreads) so most_frequent has ties to break.
	const column = (draw: { offset: number; spread: number }, keepFirst: boolean) =>
		Float32Array.from({ length: ROWS }, (_, i) => (random.next() < item.share && !(keepFirst && i === 0) ? Number.NaN : draw.offset + draw.spread * Math.round(4 * random.normal()) / 4));
	let train = table('train', draws.map((draw) => column(draw, true)));
	const test = table('test', draws.map((draw) => column(draw, false)));
	const steps: PreprocessingStep[] = [];
	const impute = () => {
		const step = fitImpute(train.columns.map((c) => ({ name: c.name, values: (c as { values: Float32Array }).values })), item.strategy, -0.5);
		steps.push(step);
		train = imputeTable(train, step).table;
	};
	const scale = () => {
		const step = fitStandardize(train.columns.map((c) => ({ name: c.name, values: (c as { values: Float32Array }).values })));
		steps.push(step);
		train = applyScaling(train, [step]);
	};
	if (item.imputeFirst) (impute(), scale());
	else (scale(), impute());
	const rows = item.classes === 2 ? 1 : item.classes;
	const model: LinearModel = {
		kind: 'model',
		classes: Array.from({ length: item.classes }, (_, k) => `c${k}`),
		features: train.columns.map((c) => ({ name: c.name, type: 'numeric' as const })),
		coef: Float32Array.from({ length: rows * item.columns }, () => random.normal()),
		intercept: Float32Array.from({ length: rows }, () => 0.5 * random.normal()),
		objectiveCurves: [],
		finalObjective: 0,
		hyperparameters: { alpha: 1e-4, schedule: 'optimal', eta0: 0, powerT: 0.5, epochs: 5, seed: 0, shuffle: true, fitIntercept: true, average: false, classWeight: 'none', tol: 1e-3, nIterNoChange: 5, batchSize: 1 },
		preprocessing: steps,
		trainMetrics: metrics,
		validationMetrics: null,
		origin: { cellId: 'train', cellTitle: 'random weights', device: 'cpu' },
		trainingMs: 0
	};
	return { test, model };
}

const cases = fc.record({
	seed: fc.integer({ min: 1, max: 2 ** 30 }),
	columns: fc.integer({ min: 1, max: 4 }),
	share: fc.double({ min: 0, max: 0.8, noNaN: true }),
	strategy: fc.constantFrom<ImputeStrategy>('mean', 'median', 'most_frequent', 'constant'),
	imputeFirst: fc.boolean(),
	classes: fc.constantFrom(2, 3)
});

describe('a model with an impute step scores rows with gaps as Descent does, in every export', () => {
	it('JSON per-row scorer: bit for bit (missing fields given as null)', () => {
		fc.assert(
			fc.property(cases, (item) => {
				const { test, model } = makeCase(item);
				const ours = predictTable(model, replayPreprocessing(test, model.preprocessing));
				const parsed = parseModelJson(modelToJson(model));
				if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
				const k = model.intercept.length;
				for (let i = 0; i < ROWS; i++) {
					const row = Object.fromEntries(test.columns.map((c) => [c.name, Number.isNaN((c.values as Float32Array)[i]!) ? null : (c.values as Float32Array)[i]!]));
					expect(scoreRow(parsed.file, row).scores).toEqual(Array.from(ours.scores.subarray(i * k, i * k + k)));
				}
			}),
			{ numRuns: 200 }
		);
	}, 60_000);

	it('ONNX, portable and sklearn styles: the same labels, scores within 1e-5', async () => {
		await fc.assert(
			fc.asyncProperty(cases, async (item) => {
				const { test, model } = makeCase(item);
				const ours = predictTable(model, replayPreprocessing(test, model.preprocessing));
				const d = item.columns;
				const raw = new Float32Array(ROWS * d);
				test.columns.forEach((c, j) => (c.values as Float32Array).forEach((value, i) => (raw[i * d + j] = value)));
				for (const style of ['portable', 'sklearn'] as const) expectSameScoring(await runOnnx(model, denseMatrix(raw, d), style), ours);
			}),
			{ numRuns: 30 }
		);
	}, 120_000);
});
