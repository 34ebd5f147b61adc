import { describe, expect, it } from 'vitest';
import { parseModelJson, modelToJson } from '../../../src/lib/export/model-json';
import { scoreRow, scoreText } from '../../../src/lib/export/score-text';
import { predictTable } from '../../../src/lib/ml/predict';
import { splitCell } from '../../../src/lib/cells/split';
import { fakeContext } from '../cells/fake-context';
import { numericModel, reviewsModel, SPLIT_PARAMS, type Trained } from './pipeline';

function exported(trained: Trained) {
	const parsed = parseModelJson(modelToJson(trained.model));
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	return parsed.file;
}

/** The test rows' review texts: the raw table split with the same seed gives the same rows. */
async function rawTexts(trained: Trained): Promise<string[]> {
	const parts = await splitCell.run(SPLIT_PARAMS, { data: [trained.table] }, fakeContext());
	expect(Array.from(parts.test.labels)).toEqual(Array.from(trained.splits.test.labels));
	const column = parts.test.columns.find((item) => item.name === 'review');
	if (column?.type !== 'text') throw new Error('no review column');
	return column.values;
}

describe('reference scorer of the JSON export', () => {
	for (const scale of [false, true]) {
		it(`scores raw review texts exactly as the pipeline predicts them${scale ? ' (with a scaler after the words)' : ''}`, async () => {
			const trained = await reviewsModel({ scale });
			const file = exported(trained);
			const ours = predictTable(trained.model, trained.splits.test);
			const raw = await rawTexts(trained);
			raw.forEach((text, row) => {
				const result = scoreText(file, text);
				expect(result.classIndex).toBe(ours.predicted[row]);
				expect(result.label).toBe(trained.model.classes[ours.predicted[row]!]);
				expect(result.scores).toEqual([ours.scores[row]]);
			});
		});
	}

	it('scores typed text a user would write', async () => {
		const file = exported(await reviewsModel());
		expect(scoreText(file, 'Great quality, works perfectly and I highly recommend it.').label).toBe('positive');
		expect(scoreText(file, 'It broke on the first day. A complete waste of money.').label).toBe('negative');
	});

	it('scores a numeric row by its field names, and names a missing field', async () => {
		const trained = await numericModel(3);
		const file = exported(trained);
		const ours = predictTable(trained.model, trained.splits.test);
		const columns = trained.unscaled.test.columns;
		for (let row = 0; row < trained.splits.test.rowCount; row++) {
			const fields = Object.fromEntries(columns.map((column) => [column.name, column.values[row] as number]));
			const result = scoreRow(file, fields);
			expect(result.classIndex).toBe(ours.predicted[row]);
			expect(result.scores).toEqual(Array.from(ours.scores.subarray(row * 3, row * 3 + 3)));
		}
		expect(() => scoreRow(file, { length: 1, weight: 2 })).toThrow("field 'temperature' is missing");
		expect(() => scoreText(file, 'hello')).toThrow(/takes numbers/);
	});
});
