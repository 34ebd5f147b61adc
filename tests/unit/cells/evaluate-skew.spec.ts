/**
 * Train/serve skew (issue 12, item 6): a model trained on scaled splits, evaluated on the
 * unscaled split, scored 0.50 silently. Evaluate now replays the model's remaining steps on rawer
 * data and refuses data preprocessed otherwise, naming what differs.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCell } from '../../../src/lib/cells/evaluate';
import { splitCell } from '../../../src/lib/cells/split';
import { scaleCell } from '../../../src/lib/cells/scale';
import type { Splits } from '../../../src/lib/cells/values';
import { vectorizeCell } from '../../../src/lib/cells/vectorize';
import { modelMetrics } from '../../../src/lib/ml/metrics';
import { numericModel, reviewsModel, SPLIT_PARAMS } from '../export/pipeline';
import { fakeContext } from './fake-context';

const evaluate = (model: Parameters<typeof evaluateCell.run>[1]['model'][number], data: Splits, split: 'test' | 'validation' = 'test', context = fakeContext()) =>
	evaluateCell.run({ split, positiveClass: '' }, { model: [model], data: [data] }, context);

describe('evaluate: train/serve skew', () => {
	it('a model trained on scaled splits, fed the unscaled split, is scored on replayed scaling: the same accuracy as on the scaled split', async () => {
		const { model, splits, unscaled } = await numericModel(2);
		const right = await evaluate(model, splits);
		const context = fakeContext();
		const replayed = await evaluate(model, unscaled, 'test', context);
		// Without the replay the raw weights (≈1000) meet unit-variance weights: the accuracy collapses.
		expect(right.metrics.accuracy).toBeGreaterThan(0.9);
		expect(replayed.metrics).toEqual(right.metrics);
		expect(Array.from(replayed.scores!)).toEqual(Array.from(right.scores!));
		expect(replayed.metrics.accuracy).toBe(modelMetrics(model, splits.test).accuracy);
		expect(context.lines[0]).toMatch(/^replayed the model's standardisation of 3 columns on \d+ rows of the test split/);
	});

	it('refuses a split scaled with other numbers, naming the column and both scalings', async () => {
		const { model, unscaled } = await numericModel(2);
		// The same columns standardised, but fitted on the test rows: a different scaler.
		const refit = await scaleCell.run({ columns: [] }, { data: [{ ...unscaled, train: unscaled.test }] }, fakeContext());
		const foreign: Splits = { ...refit, train: unscaled.train };
		await expect(evaluate(model, foreign)).rejects.toThrow(/the test split went through standardisation of 3 columns, which the model was not trained with: the scaling differs: column 'length' was standardised with mean [\d.]+, std [\d.]+ here, mean [\d.]+, std [\d.]+ for the model/);
	});

	it('refuses scaled data for a model trained without scaling', async () => {
		const { unscaled, splits } = await numericModel(2);
		const { model } = await numericModel(2);
		const rawModel = { ...model, preprocessing: [] };
		await expect(evaluate(rawModel, splits)).rejects.toThrow(/went through standardisation of 3 columns, which the model was not trained with \(it was trained on data without it\)/);
		await expect(evaluate(rawModel, unscaled)).resolves.toMatchObject({ kind: 'evaluation' });
	});

	it('replays hashed words on a raw split, and refuses words hashed with another vectoriser spec, naming the setting', async () => {
		const { model, splits, table } = await reviewsModel();
		const raw = await splitCell.run(SPLIT_PARAMS, { data: [table] }, fakeContext());
		const replayed = await evaluate(model, raw);
		expect(replayed.metrics).toEqual((await evaluate(model, splits)).metrics);

		const hashedOtherwise = await vectorizeCell.run({ column: 'review', buckets: 512, ngramMax: 2, lowercase: true }, { data: [table] }, fakeContext());
		const other = await splitCell.run(SPLIT_PARAMS, { data: [hashedOtherwise] }, fakeContext());
		await expect(evaluate(model, other)).rejects.toThrow(/the vectoriser spec differs: buckets 512 here, 1024 for the model/);
	}, 30_000);

	it('names a column the model reads that the split lacks', async () => {
		const { model, unscaled } = await numericModel(2);
		const drop = (table: Splits['test']) => ({ ...table, columns: table.columns.filter((column) => column.name !== 'weight') });
		const lacking: Splits = { ...unscaled, test: drop(unscaled.test) };
		await expect(evaluate(model, lacking)).rejects.toThrow(/^the test split lacks a column the model reads: 'weight' \(its columns: '[^']+', '[^']+'\)/);
	});
});
