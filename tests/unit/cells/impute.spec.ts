import { describe, expect, it } from 'vitest';
import { evaluateCell } from '../../../src/lib/cells/evaluate';
import { predictCell, type PredictParams } from '../../../src/lib/cells/predict';
import { modelBindingSource } from '../../../src/lib/cells/predict-binding';
import { modelToJson } from '../../../src/lib/export/model-json';
import type { LinearModel } from '../../../src/lib/ml/model';
import { imputeCell, type ImputeParams } from '../../../src/lib/cells/impute';
import { defaultParams } from '../../../src/lib/cells/params';
import { scaleCell } from '../../../src/lib/cells/scale';
import { trainCell, type TrainParams } from '../../../src/lib/cells/train';
import { trainGridCell } from '../../../src/lib/cells/train-grid';
import type { NumericColumn, Splits, Table } from '../../../src/lib/cells/values';
import { countMissing } from '../../../src/lib/data/missing';
import { imputeStatistic } from '../../../src/lib/ml/impute';
import { predictTable } from '../../../src/lib/ml/predict';
import { assertScorable, replayPreprocessing } from '../../../src/lib/ml/replay';
import { fakeContext } from './fake-context';
import { gappedSplits, gappedTable } from './gaps';
import { gridParams } from './grid-fixture';

const impute = (splits: Splits, overrides: Partial<ImputeParams> = {}, context = fakeContext()) =>
	imputeCell.run({ ...(defaultParams(imputeCell) as unknown as ImputeParams), ...overrides }, { data: [splits] }, context);

const trainParams = { ...(defaultParams(trainCell) as unknown as TrainParams), epochs: 5 };

const values = (table: Table, name: string): Float32Array => (table.columns.find((column) => column.name === name) as NumericColumn).values;

describe('impute cell', () => {
	it('fits each column on the train part only and fills train, test and validation with the same values', async () => {
		const splits = await gappedSplits(gappedTable(200, 0.15, 1));
		const context = fakeContext();
		const done = await impute(splits, { strategy: 'median' }, context);
		const step = done.preprocessing.at(-1)!;
		expect(step.type === 'impute' && step.columns).toEqual(['length', 'weight', 'height']);
		for (const name of ['length', 'weight', 'height']) {
			const fill = Math.fround(imputeStatistic(values(splits.train, name), 'median'));
			expect(step.type === 'impute' && step.fill[step.columns.indexOf(name)]).toBe(fill);
			for (const part of ['train', 'test', 'validation'] as const) {
				const before = values(splits[part]!, name);
				const after = values(done[part]!, name);
				expect(countMissing({ name, type: 'numeric', values: after })).toBe(0);
				before.forEach((value, i) => expect(after[i]).toBe(Number.isNaN(value) ? fill : value));
			}
		}
		// The log names each column, how many train rows missed it and its fill value.
		expect(context.lines.some((line) => /^weight: \d+ of \d+ train rows missing, fill 17\d{3}/.test(line))).toBe(true);
		expect(context.lines.some((line) => line.startsWith('test: filled '))).toBe(true);
		expect(imputeCell.summarize(done)).toMatchObject({ strategy: 'median', columns: 3 });
	});

	it('fills only the listed columns, with a constant, and leaves the others missing', async () => {
		const splits = await gappedSplits(gappedTable(120, 0.2, 2));
		const done = await impute(splits, { strategy: 'constant', fillValue: -1, columns: ['height'] });
		expect(done.preprocessing.at(-1)).toEqual({ type: 'impute', strategy: 'constant', columns: ['height'], fill: [-1], fillValue: -1 });
		expect(countMissing({ name: 'h', type: 'numeric', values: values(done.train, 'height') })).toBe(0);
		expect(countMissing({ name: 'l', type: 'numeric', values: values(done.train, 'length') })).toBeGreaterThan(0);
		await expect(impute(splits, { columns: ['colour'] })).rejects.toThrow(/column 'colour' not found/);
	});

	it('refuses a column that no train row has, for mean (scikit-learn would drop it), and fills it with a constant', async () => {
		const table = gappedTable(60, 0.1, 3);
		const empty: Table = { ...table, columns: [...table.columns, { name: 'income', type: 'numeric', values: new Float32Array(60).fill(Number.NaN) }] };
		const splits = await gappedSplits(empty);
		await expect(impute(splits, { strategy: 'mean' })).rejects.toThrow(/'income' has no value in the \d+ train rows.*'constant'/);
		const filled = await impute(splits, { strategy: 'constant', fillValue: 0 });
		expect(values(filled.test, 'income').every((value) => value === 0)).toBe(true);
	});
});

describe('nothing trains or scores on a missing value silently', () => {
	it('train and train-grid refuse a split with gaps, naming the columns and the impute cell', async () => {
		const splits = await gappedSplits(gappedTable(100, 0.1, 4));
		await expect(trainCell.run(trainParams, { data: [splits] }, fakeContext())).rejects.toThrow(/the train split has missing values in 'length' \(\d+ of \d+ rows\), 'weight'.*impute cell/);
		await expect(trainGridCell.run(gridParams({ seeds: ['1'], schedules: ['optimal'] }), { data: [splits] }, fakeContext())).rejects.toThrow(/the train split has missing values in 'length'.*impute cell/);
		const filledTrainOnly: Splits = { ...splits, train: (await impute(splits)).train };
		await expect(trainCell.run(trainParams, { data: [filledTrainOnly] }, fakeContext())).rejects.toThrow(/the validation split has missing values/);
	});

	it('scale, as StandardScaler, leaves NaN out of the fit and keeps it; then impute → train works', async () => {
		const splits = await gappedSplits(gappedTable(100, 0.1, 5));
		const context = fakeContext();
		const scaled = await scaleCell.run({ columns: [] }, { data: [splits] }, context);
		expect(context.lines.some((line) => line.startsWith("missing values left out of the fit and kept as missing: 'length'"))).toBe(true);
		const before = values(splits.test, 'weight');
		values(scaled.test, 'weight').forEach((value, i) => expect(Number.isNaN(value)).toBe(Number.isNaN(before[i]!)));
		const step = scaled.preprocessing[0]!;
		expect(step.type === 'standardize' && step.mean.every(Number.isFinite)).toBe(true);
		// Scale first, impute after: the model replays both, in that order.
		const model = await trainCell.run(trainParams, { data: [await impute(scaled)] }, fakeContext());
		expect(model.preprocessing.map((item) => item.type)).toEqual(['standardize', 'impute']);
	});

	it('evaluate refuses a model without an impute step on a split with gaps, naming the columns', async () => {
		const splits = await gappedSplits(gappedTable(100, 0.1, 6));
		const model = await trainCell.run(trainParams, { data: [await impute(splits)] }, fakeContext());
		await expect(evaluateCell.run({ split: 'test' }, { model: [{ ...model, preprocessing: [] }], data: [splits] }, fakeContext())).rejects.toThrow(
			/the test split has missing values in 'length'.*no impute step/
		);
	});

	it('a model trained after impute → scale scores the raw rows with gaps exactly as the pipeline scored its own test part', async () => {
		const splits = await gappedSplits(gappedTable(300, 0.2, 7));
		const prepared = await scaleCell.run({ columns: [] }, { data: [await impute(splits, { strategy: 'most_frequent' })] }, fakeContext());
		const model = await trainCell.run(trainParams, { data: [prepared] }, fakeContext());
		expect(model.preprocessing.map((step) => step.type)).toEqual(['impute', 'standardize']);
		const replayed = assertScorable(replayPreprocessing(splits.test, model.preprocessing), model.features, 'the raw test rows');
		const ours = predictTable(model, replayed);
		const pipeline = predictTable(model, prepared.test);
		expect(Array.from(ours.scores)).toEqual(Array.from(pipeline.scores));
		expect(() => assertScorable(replayPreprocessing(splits.test, model.preprocessing.slice(1)), model.features, 'the raw test rows')).toThrow(/the raw test rows has missing values/);
	});

	it('predict, given the model file, fills the raw rows with gaps from the model and scores them as the pipeline did; without the step it refuses', async () => {
		const splits = await gappedSplits(gappedTable(200, 0.2, 8));
		const prepared = await scaleCell.run({ columns: [] }, { data: [await impute(splits, { strategy: 'mean' })] }, fakeContext());
		const model = await trainCell.run(trainParams, { data: [prepared] }, fakeContext());
		const predict = (bound: LinearModel) => {
			const binding = modelBindingSource({ label: "'checkups' v1 (production)", text: modelToJson(bound, { exportedAt: '2026-01-01T00:00:00.000Z' }) }, null, 'test');
			const params = { ...(defaultParams(predictCell) as unknown as PredictParams), modelName: 'checkups' };
			return predictCell.run(params, { data: [splits.test] }, fakeContext(binding));
		};
		const predictions = await predict(model);
		expect(Array.from(predictions.scores)).toEqual(Array.from(predictTable(model, prepared.test).scores));
		await expect(predict({ ...model, preprocessing: model.preprocessing.slice(1) })).rejects.toThrow(/table 'measurements \(test\)' has missing values in 'length'.*no impute step/);
	});
});
