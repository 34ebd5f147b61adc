/**
 * A model trained after an impute step scores a row with missing values exactly as Descent does,
 * in every export: the JSON file (its steps read back, the per-row scorer filling null, NaN or
 * absent fields) and ONNX in both styles and both input layouts (IsNaN + Where in the graph).
 */
import { describe, expect, it } from 'vitest';
import { imputeCell, type ImputeParams } from '../../../src/lib/cells/impute';
import { defaultParams } from '../../../src/lib/cells/params';
import { scaleCell } from '../../../src/lib/cells/scale';
import { trainCell, type TrainParams } from '../../../src/lib/cells/train';
import type { Splits, Table } from '../../../src/lib/cells/values';
import { vectorizeCell } from '../../../src/lib/cells/vectorize';
import type { FeatureColumn } from '../../../src/lib/data/features';
import type { FeatureMatrix } from '../../../src/lib/data/feature-matrix';
import { tableToMatrix } from '../../../src/lib/data/table-matrix';
import { modelCard } from '../../../src/lib/export/model-card';
import { modelToJson, parseModelJson } from '../../../src/lib/export/model-json';
import { scoreRow, type RawRow } from '../../../src/lib/export/score-text';
import type { LinearModel } from '../../../src/lib/ml/model';
import { predictTable } from '../../../src/lib/ml/predict';
import { replayPreprocessing } from '../../../src/lib/ml/replay';
import { createRandom } from '../../../src/lib/ml/rng';
import { fakeContext } from '../cells/fake-context';
import { gappedSplits, gappedTable } from '../cells/gaps';
import { expectSameScoring, runOnnx } from './onnx-check';

// α 0.01 keeps the weights, and so the scores, near 1, where a 1e-5 tolerance means something for float32 sums.
const trainParams = { ...(defaultParams(trainCell) as unknown as TrainParams), alpha: 0.01, epochs: 8 };
const impute = (splits: Splits, strategy: ImputeParams['strategy']) => imputeCell.run({ strategy, fillValue: 0, columns: [] }, { data: [splits] }, fakeContext());
const scale = (splits: Splits) => scaleCell.run({ columns: [] }, { data: [splits] }, fakeContext());

/** A value no test row holds, so it marks where NaN goes back after tableToMatrix (which refuses NaN). */
const SENTINEL = 987654.5;

/** The raw rows of `features` with their NaN, as an exported graph receives them. */
function rawMatrix(table: Table, features: readonly FeatureColumn[]): FeatureMatrix {
	const marked: Table = { ...table, columns: table.columns.map((column) => (column.type === 'numeric' ? { ...column, values: column.values.map((value) => (Number.isNaN(value) ? SENTINEL : value)) } : column)) };
	const { matrix } = tableToMatrix(marked, features);
	return { ...matrix, values: matrix.values.map((value) => (value === SENTINEL ? Number.NaN : value)) } as FeatureMatrix;
}

/** Descent's own scores of the raw rows: the model's steps replayed, then the linear model. */
const descent = (model: LinearModel, raw: Table) => predictTable(model, replayPreprocessing(raw, model.preprocessing));

describe('exports of a model with an impute step', () => {
	const orders = [
		{ name: 'impute (mean) → scale', strategy: 'mean' as const, impute_first: true },
		{ name: 'scale → impute (median)', strategy: 'median' as const, impute_first: false }
	];
	for (const order of orders) {
		it(`${order.name}: ONNX (portable and sklearn) gives Descent's labels and scores within 1e-5 on rows with gaps`, async () => {
			const splits = await gappedSplits(gappedTable(300, 0.25, 21));
			const prepared = order.impute_first ? await scale(await impute(splits, order.strategy)) : await impute(await scale(splits), order.strategy);
			const model = await trainCell.run(trainParams, { data: [prepared] }, fakeContext());
			const ours = descent(model, splits.test);
			expect(Array.from(ours.scores)).toEqual(Array.from(predictTable(model, prepared.test).scores));
			const raw = rawMatrix(splits.test, model.features);
			expect(raw.values.some(Number.isNaN)).toBe(true);
			for (const style of ['portable', 'sklearn'] as const) expectSameScoring(await runOnnx(model, raw, style), ours);
		});
	}

	it('JSON: the step reads back and the per-row scorer fills null, NaN and absent fields bit for bit', async () => {
		const splits = await gappedSplits(gappedTable(200, 0.25, 22));
		const model = await trainCell.run(trainParams, { data: [await scale(await impute(splits, 'most_frequent'))] }, fakeContext());
		const parsed = parseModelJson(modelToJson(model, { exportedAt: '2026-01-01T00:00:00.000Z' }));
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		expect(parsed.model.preprocessing).toEqual(model.preprocessing);
		expect(modelCard(model)).toMatch(/filled missing values of 3 numeric column\(s\) with the train part's most frequent \('length' [-\d.e+]+, 'weight' /);
		const ours = descent(model, splits.test);
		const test = splits.test;
		let gaps = 0;
		for (let i = 0; i < test.rowCount; i++) {
			const row: Record<string, number | null> = {};
			test.columns.forEach((column, j) => {
				if (column.type !== 'numeric') return;
				const value = column.values[i]!;
				if (!Number.isNaN(value)) row[column.name] = value;
				// Each way a caller may say "missing": null, NaN, or leaving the field out.
				else if (gaps++ % 3 === 0) row[column.name] = null;
				else if (j % 2 === 0) row[column.name] = Number.NaN;
			});
			expect(scoreRow(parsed.file, row as RawRow).scores, `row ${i}`).toEqual([ours.scores[i]!]);
		}
		expect(gaps).toBeGreaterThan(10);
		// Without the impute step the scorer refuses the gap instead of guessing.
		const bare = { ...parsed.file, preprocessing: parsed.file.preprocessing.filter((step) => step.type !== 'impute') };
		expect(() => scoreRow(bare, { length: null, weight: 1.7e4, height: 3 })).toThrow("field 'length' is missing: the model was trained on it, without an impute step to fill it");
	});

	it('JSON: a file whose impute step has the wrong number of fill values is refused with its path', async () => {
		const splits = await gappedSplits(gappedTable(80, 0.2, 23));
		const model = await trainCell.run(trainParams, { data: [await impute(splits, 'mean')] }, fakeContext());
		const document = JSON.parse(modelToJson(model));
		document.preprocessing[0].fill.pop();
		const parsed = parseModelJson(JSON.stringify(document));
		expect(parsed.ok).toBe(false);
		expect(!parsed.ok && parsed.errors).toEqual([{ path: '$.preprocessing[0].fill', message: 'has 2 values for 3 columns' }]);
	});

	it('ONNX, sparse input layout: hashed words beside numeric columns with gaps', async () => {
		const random = createRandom(24);
		const base = gappedTable(240, 0.2, 24);
		const words = [['fine', 'good', 'solid'], ['poor', 'weak', 'broken']];
		const text = Array.from(base.labels, (label) => `${words[label]![random.int(3)]} item ${words[random.int(2)]![random.int(3)]}`);
		const table: Table = { ...base, columns: [...base.columns, { name: 'note', type: 'text', values: text }] };
		const hashed = (await vectorizeCell.run({ column: 'note', buckets: 64, ngramMax: 1, lowercase: true }, { data: [table] }, fakeContext())) as Table;
		const splits = await gappedSplits(hashed);
		// Scaled too: unscaled weights of 1.7e4-sized values give scores near 1e9, where float32 sums in another order differ by 64.
		const model = await trainCell.run(trainParams, { data: [await scale(await impute(splits, 'median'))] }, fakeContext());
		expect(model.features.some((feature) => feature.type === 'sparse')).toBe(true);
		const ours = predictTable(model, replayPreprocessing(splits.test, model.preprocessing.slice(1)));
		expectSameScoring(await runOnnx(model, rawMatrix(splits.test, model.features), 'portable', 'sparse'), ours);
	});
});

describe('the model card of a model with an impute step', () => {
	it('writes each fill value as the shortest decimal of its float32, and names the evaluated part as the others', async () => {
		const { numericModel } = await import('./pipeline');
		const { model } = await numericModel(2);
		const names = model.features.map((feature) => feature.name);
		// Fill values are float32: 5.6 is stored as 5.599999904632568.
		const fill = [Math.fround(5.6), Math.fround(27.55), 128];
		const imputed: LinearModel = { ...model, preprocessing: [{ type: 'impute', strategy: 'median', columns: names, fill }, ...model.preprocessing] };
		const card = modelCard(imputed, { evaluation: { split: 'test', metrics: model.trainMetrics } });
		expect(card).toContain(`with the train part's median ('${names[0]}' 5.6, '${names[1]}' 27.55, '${names[2]}' 128)`);
		expect(card).toContain(`- Test part: ${model.trainMetrics.count} rows, never seen in training.`);
	});
});
