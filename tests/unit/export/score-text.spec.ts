import { describe, expect, it } from 'vitest';
import { parseModelJson, modelToJson } from '../../../src/lib/export/model-json';
import { scoreRow, scoreText } from '../../../src/lib/export/score-text';
import { tableRow } from '../../../src/lib/export/shadow';
import { predictTable } from '../../../src/lib/ml/predict';
import { splitCell } from '../../../src/lib/cells/split';
import type { Table } from '../../../src/lib/cells/values';
import { fakeContext } from '../cells/fake-context';
import { numericModel, reviewsModel, SPLIT_PARAMS, type Trained } from './pipeline';

function exported(trained: Trained) {
	const parsed = parseModelJson(modelToJson(trained.model));
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	return parsed.file;
}

/** The test rows as they were before any step: the raw table split with the same seed gives the same rows. */
async function rawTestPart(trained: Trained): Promise<Table> {
	const parts = await splitCell.run(SPLIT_PARAMS, { data: [trained.table] }, fakeContext());
	expect(Array.from(parts.test.labels)).toEqual(Array.from(trained.splits.test.labels));
	return parts.test;
}

describe('reference scorer of the JSON export', () => {
	const cases = [
		{ name: 'review texts', options: {} },
		{ name: 'review texts and their Unix-seconds dates, standardised', options: { posted: true } },
		{ name: 'review texts at 2^18 buckets', options: { buckets: 1 << 18, epochs: 5 } }
	];
	for (const { name, options } of cases) {
		it(`scores raw ${name} exactly as the pipeline does, bit for bit`, async () => {
			const trained = await reviewsModel(options);
			const file = exported(trained);
			const ours = predictTable(trained.model, trained.splits.test);
			const raw = await rawTestPart(trained);
			expect(raw.columns.map((column) => column.type)).toEqual(options.posted ? ['text', 'numeric'] : ['text']);
			for (let row = 0; row < raw.rowCount; row++) {
				const result = scoreRow(file, tableRow(raw, row));
				expect(result.classIndex).toBe(ours.predicted[row]);
				expect(result.label).toBe(trained.model.classes[ours.predicted[row]!]);
				expect(result.scores).toEqual([ours.scores[row]]);
			}
		}, 30_000);
	}

	it('scores rows whose words are already hashed (a vectorised table) as their raw text', async () => {
		const trained = await reviewsModel();
		const raw = await rawTestPart(trained);
		const hashed = trained.unscaled.test;
		const { preprocessing: _steps, ...weights } = trained.model;
		for (let row = 0; row < raw.rowCount; row++) {
			expect(scoreRow({ ...weights, preprocessing: [] }, tableRow(hashed, row))).toEqual(scoreRow(trained.model, tableRow(raw, row)));
		}
	});

	it('scores typed text a user would write', async () => {
		const file = exported(await reviewsModel());
		expect(scoreText(file, 'Great quality, works perfectly and I highly recommend it.').label).toBe('positive');
		expect(scoreText(file, 'It broke on the first day. A complete waste of money.').label).toBe('negative');
	});

	it('scores a numeric row by its field names, and names a missing field', async () => {
		const trained = await numericModel(3, {}, { recorded: true });
		const file = exported(trained);
		const ours = predictTable(trained.model, trained.splits.test);
		for (let row = 0; row < trained.splits.test.rowCount; row++) {
			const result = scoreRow(file, tableRow(trained.unscaled.test, row));
			expect(result.classIndex).toBe(ours.predicted[row]);
			expect(result.scores).toEqual(Array.from(ours.scores.subarray(row * 3, row * 3 + 3)));
		}
		expect(() => scoreRow(file, { length: 1, weight: 2, recorded: 1.7e9 })).toThrow("field 'temperature' is missing");
		expect(() => scoreRow(file, { length: 1, weight: 2, recorded: 1.7e9, temperature: 'warm' })).toThrow("field 'temperature' is not a number");
		expect(() => scoreText(file, 'hello')).toThrow(/takes numbers/);
	});
});
