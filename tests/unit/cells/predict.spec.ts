import { describe, expect, it } from 'vitest';
import { datasetCell } from '../../../src/lib/cells/dataset';
import { defaultParams } from '../../../src/lib/cells/params';
import { predictCell, type PredictParams, type Predictions } from '../../../src/lib/cells/predict';
import { modelBindingSource, type BindingSide } from '../../../src/lib/cells/predict-binding';
import { scaleCell } from '../../../src/lib/cells/scale';
import { splitCell } from '../../../src/lib/cells/split';
import { trainCell, type TrainParams } from '../../../src/lib/cells/train';
import type { CellValue, Table } from '../../../src/lib/cells/values';
import { modelToJson } from '../../../src/lib/export/model-json';
import { predictionsCsv } from '../../../src/lib/export/predictions-csv';
import { modelMetrics } from '../../../src/lib/ml/metrics';
import type { LinearModel } from '../../../src/lib/ml/model';
import { predictTable } from '../../../src/lib/ml/predict';
import { reviewsModel, SPLIT_PARAMS, type Trained } from '../export/pipeline';
import { csvFile, fakeContext } from './fake-context';

const params = (overrides: Partial<PredictParams> = {}): PredictParams => ({ ...(defaultParams(predictCell) as unknown as PredictParams), modelName: 'reviews', ...overrides });

const side = (model: LinearModel, label: string): BindingSide => ({ label, text: modelToJson(model, { exportedAt: '2026-01-01T00:00:00.000Z' }) });

function predict(model: LinearModel, data: CellValue, overrides: Partial<PredictParams> = {}, challenger: LinearModel | null = null): Promise<Predictions> {
	const binding = modelBindingSource(side(model, "'reviews' v1 (production)"), challenger ? side(challenger, "'reviews' v2 (staging)") : null, 'test');
	return predictCell.run(params(overrides), { data: [data] }, fakeContext(binding));
}

/** A 2-D set on very different scales, split and standardised before training. */
async function scaled2d(): Promise<Trained> {
	const table = await datasetCell.run({ ...defaultParams(datasetCell), name: 'blobs', source: 'overlapping-blobs', rows: 300, seed: 5 } as never, {}, fakeContext());
	const stretched: Table = { ...table, columns: table.columns.map((column, j) => (column.type === 'numeric' ? { ...column, values: column.values.map((value) => value * (j === 0 ? 1000 : 0.01) + 7) } : column)) };
	const unscaled = await splitCell.run({ testFraction: 0.3, validationFraction: 0, seed: 1, stratify: true }, { data: [stretched] }, fakeContext());
	const splits = await scaleCell.run({ columns: [] }, { data: [unscaled] }, fakeContext());
	const model = await trainCell.run({ ...(defaultParams(trainCell) as unknown as TrainParams), epochs: 10 }, { data: [splits] }, fakeContext());
	return { model, splits, table: stretched, unscaled };
}

describe('predict cell', () => {
	it('scores the raw test rows of the reviews pipeline exactly as the pipeline does (hashed words replayed)', async () => {
		const { model, splits, table } = await reviewsModel();
		// The raw rows: the dataset's text, split with the same seed (the split depends on labels and seed only).
		const raw = await splitCell.run(SPLIT_PARAMS, { data: [table] }, fakeContext());
		expect(raw.test.columns.some((column) => column.type === 'text')).toBe(true);
		const predictions = await predict(model, raw, { part: 'test' });
		const expected = predictTable(model, splits.test);
		expect(Array.from(predictions.predicted)).toEqual(Array.from(expected.predicted));
		expect(Array.from(predictions.scores)).toEqual(Array.from(expected.scores));
		expect(predictions.metrics?.accuracy).toBe(modelMetrics(model, splits.test).accuracy);
		expect(predictions.modelLabel).toBe("'reviews' v1 (production)");
		expect(predictions.columns.map((column) => column.name)).toEqual(['review']);
	}, 30_000);

	it('scores the raw test rows of a scaled 2-D pipeline as the pipeline does (standardisation replayed)', async () => {
		const { model, splits, unscaled } = await scaled2d();
		const predictions = await predict(model, unscaled.test);
		const expected = predictTable(model, splits.test);
		expect(Array.from(predictions.predicted)).toEqual(Array.from(expected.predicted));
		expect(Array.from(predictions.scores)).toEqual(Array.from(expected.scores));
		expect(predictions.metrics?.accuracy).toBeCloseTo(modelMetrics(model, splits.test).accuracy, 12);
	});

	it('replays only the steps the data has not been through (scaled splits score as they are)', async () => {
		const { model, splits } = await scaled2d();
		const predictions = await predict(model, splits, { part: 'test' });
		expect(Array.from(predictions.predicted)).toEqual(Array.from(predictTable(model, splits.test).predicted));
		// Its rows count within the test part (the view heads them "test row"), not as the file's data rows.
		expect(predictions.part).toBe('test');
		expect((await predict(model, splits.test)).part).toBeUndefined();
	});

	it('refuses data preprocessed differently from the model, naming the step', async () => {
		const { model } = await scaled2d();
		const other = await scaled2d();
		const foreign = { ...other.splits, preprocessing: [{ ...other.splits.preprocessing[0]!, mean: [1, 2] } as never] };
		await expect(predict(model, foreign)).rejects.toThrow(/standardisation of 2 columns, which the model was not trained with: the scaling differs: column '\w+' was standardised with mean 1, std [\d.e+-]+ here, mean [\d.e+-]+, std [\d.e+-]+ for the model/);
	});

	it('names every column the model reads that new data lacks, with the columns the data has, before any step meets the gap', async () => {
		const { model, unscaled } = await scaled2d();
		const [first, second] = model.features.map((feature) => feature.name) as [string, string];
		// Trained after an impute cell: without the check, its step met the gap first and blamed the fill values.
		const imputed: LinearModel = { ...model, preprocessing: [{ type: 'impute', strategy: 'median', columns: [first, second], fill: [0, 0] }, ...model.preprocessing] };
		const test = unscaled.test;
		const renamed: Table = { ...test, name: 'new', columns: test.columns.flatMap((column) => (column.name === first ? [{ ...column, name: first.toUpperCase() }] : column.name === second ? [] : [column])) };
		const message = `table 'new' lacks 2 columns the model 'reviews' v1 (production) reads: '${first}', '${second}' (its columns: '${first.toUpperCase()}'; '${first.toUpperCase()}' differs from '${first}' only in case): give the data the columns the model was trained on, with the same names`;
		await expect(predict(imputed, renamed)).rejects.toThrow(message);
		// A challenger is checked the same way, and named as the challenger.
		const dropped: Table = { ...test, name: 'new', columns: test.columns.filter((column) => column.name !== second) };
		await expect(predict(model, { ...test, name: 'new' }, {}, { ...model, features: [{ name: 'extra', type: 'numeric' }, model.features[1]!] })).rejects.toThrow(
			/^table 'new' lacks a column the challenger 'reviews' v2 \(staging\) reads: 'extra' \(its columns: /
		);
		await expect(predict(model, dropped)).rejects.toThrow(`table 'new' lacks a column the model 'reviews' v1 (production) reads: '${second}' (its columns: '${first}')`);
		// Rows without a label: the dataset cell took the last feature as the label, and the message says so.
		const labelled: Table = { ...dropped, labelName: second };
		await expect(predict(model, labelled)).rejects.toThrow(`(its columns: '${first}'; '${second}' was read as the label (the dataset cell's Label column, by default the last column): give the label column's name, or turn "Has a label column" off there for rows without labels)`);
		// A column the model does not read is simply not read.
		const extra: Table = { ...test, columns: [...test.columns, { name: 'visits', type: 'numeric', values: new Float32Array(test.rowCount) }] };
		await expect(predict(model, extra)).resolves.toMatchObject({ rowCount: test.rowCount });
	});

	it('scores rows without labels, given a placeholder label of one class: predictions, no metrics', async () => {
		const { model, unscaled } = await scaled2d();
		const test = unscaled.test;
		const unlabelled: Table = { ...test, name: 'inbox', classes: ['?'], labels: new Int8Array(test.rowCount) };
		const predictions = await predict(model, unlabelled);
		expect(predictions.metrics).toBeNull();
		expect(predictions.actual).toBeNull();
		expect(Array.from(predictions.predicted)).toEqual(Array.from(predictTable(model, (await scaleCell.run({ columns: [] }, { data: [unscaled] }, fakeContext())).test).predicted));
	});

	it('fails with a clear message when no model is bound, or the alias could not be resolved', async () => {
		const { table } = await scaled2d();
		await expect(predictCell.run(params(), { data: [table] }, fakeContext())).rejects.toThrow(/no model is bound.*--model reviews=path\.json/);
		const unresolved = modelBindingSource({ error: "model 'reviews' has no alias 'production'" }, null, 'x');
		await expect(predictCell.run(params(), { data: [table] }, fakeContext(unresolved))).rejects.toThrow("model 'reviews' has no alias 'production'");
	});

	it('compares with a challenger: agreement and metric differences (shadowCompare)', async () => {
		const { model, unscaled } = await scaled2d();
		const challenger: LinearModel = { ...model, intercept: Float32Array.from(model.intercept, (bias) => bias + 0.8) };
		const same = await predict(model, unscaled.test, {}, model);
		expect(same.shadow?.agreement).toBe(1);
		expect(same.shadow?.difference!.accuracy).toBe(0);
		const shifted = await predict(model, unscaled.test, {}, challenger);
		expect(shifted.shadow!.agreement).toBeLessThan(1);
		expect(shifted.shadow!.challengerLabel).toBe("'reviews' v2 (staging)");
		expect(shifted.shadow!.difference!.accuracy).toBeCloseTo(shifted.shadow!.challenger!.accuracy - shifted.shadow!.production!.accuracy, 12);
		expect(shifted.shadow!.production!.accuracy).toBeCloseTo(shifted.metrics!.accuracy, 12);
	});

	it('scores a file read with "Has a label column" off: predictions, no metrics, a shadow without metrics, a CSV without actual', async () => {
		const { model, unscaled } = await scaled2d();
		const test = unscaled.test;
		const x = (j: number) => (test.columns[j] as { values: Float32Array }).values;
		// The test rows as a file to score: features only, the label column left out.
		const text = ['x1,x2', ...Array.from({ length: test.rowCount }, (_, i) => `${x(0)[i]},${x(1)[i]}`)].join('\n');
		const context = fakeContext(csvFile(text, 'inbox.csv'));
		const rows = await datasetCell.run({ ...defaultParams(datasetCell), name: 'inbox', source: 'csv', labelled: false } as never, {}, context);
		expect([rows.labelName, rows.classes, rows.labels.length]).toEqual(['', [], 0]);
		expect(rows.columns.map((column) => column.name)).toEqual(['x1', 'x2']);
		expect(context.lines).toContain('no label column: rows to score (a predict cell scores them; split, train and evaluate need labels)');
		const predictions = await predict(model, rows);
		expect([predictions.metrics, predictions.actual]).toEqual([null, null]);
		expect(Array.from(predictions.predicted)).toEqual(Array.from((await predict(model, test)).predicted));
		expect(predictionsCsv(predictions).split('\n')[0]).toBe(`row,x1,x2,predicted,score (${model.classes[1]})`);
		const challenger: LinearModel = { ...model, intercept: Float32Array.from(model.intercept, (bias) => bias + 0.8) };
		const shadow = (await predict(model, rows, {}, challenger)).shadow!;
		expect(shadow.agreement).toBe((await predict(model, test, {}, challenger)).shadow!.agreement);
		expect([shadow.production, shadow.difference]).toEqual([null, null]);
		expect(shadow.disagreements[0]?.actual).toBe('');
		// An id column of words beside the model's columns, in another order: read as text, left unread, the same predictions.
		const withIds = ['ticket,x2,x1', ...Array.from({ length: test.rowCount }, (_, i) => `T-${i},${x(1)[i]},${x(0)[i]}`)].join('\n');
		const tickets = await datasetCell.run({ ...defaultParams(datasetCell), name: 'inbox', source: 'csv', labelled: false } as never, {}, fakeContext(csvFile(withIds, 'tickets.csv')));
		expect(Array.from((await predict(model, tickets)).predicted)).toEqual(Array.from(predictions.predicted));
		// Training needs labels: the split says so, naming the table and the switch.
		await expect(splitCell.run(SPLIT_PARAMS, { data: [rows] }, fakeContext())).rejects.toThrow(`table 'inbox' has no labels (its dataset cell has "Has a label column" off), so there is nothing to train or test on`);
	});

	it('writes the predictions as CSV: row, input columns, class, score, actual', async () => {
		const { model, unscaled } = await scaled2d();
		const predictions = await predict(model, unscaled.test);
		const lines = predictionsCsv(predictions).trim().split('\n');
		expect(lines).toHaveLength(predictions.rowCount + 1);
		expect(lines[0]).toBe(`row,x1,x2,predicted,score (${model.classes[1]}),actual`);
		expect(lines[1]!.split(',')[3]).toBe(model.classes[predictions.predicted[0]!]);
		// Inputs and scores are float32: written as the file wrote them (4.8, not 4.800000190734863), a gap as an empty cell.
		const x1 = new Float32Array(predictions.rowCount).fill(Number.NaN);
		x1[0] = 4.8;
		const scores = predictions.scores.slice();
		scores[0] = 0.1;
		const written = predictionsCsv({ ...predictions, scores, columns: [{ name: 'x1', type: 'numeric', values: x1 }] }).split('\n');
		expect(written[1]!.split(',').slice(0, 2)).toEqual(['1', '4.8']);
		expect(written[1]!.split(',')[3]).toBe('0.1');
		expect(written[2]!.split(',')[1]).toBe('');
	});
});
