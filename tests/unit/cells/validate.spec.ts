import { describe, expect, it } from 'vitest';
import { datasetCell } from '../../../src/lib/cells/dataset';
import { defaultParams } from '../../../src/lib/cells/params';
import { predictCell, type PredictParams } from '../../../src/lib/cells/predict';
import { modelBindingSource } from '../../../src/lib/cells/predict-binding';
import { splitCell } from '../../../src/lib/cells/split';
import { trainCell, type TrainParams } from '../../../src/lib/cells/train';
import { isValidatedTable, learnedParam, validateCell, type ValidateParams } from '../../../src/lib/cells/validate';
import type { Table } from '../../../src/lib/cells/values';
import { modelToJson } from '../../../src/lib/export/model-json';
import { fakeContext } from './fake-context';

const blobs = (rows = 200, seed = 3): Promise<Table> =>
	datasetCell.run({ ...defaultParams(datasetCell), name: 'blobs', source: 'overlapping-blobs', rows, seed } as never, {}, fakeContext());

/** The same rows with column 0 shifted by `by` in rows `at` (0-based). */
function shifted(table: Table, at: number[], by: number): Table {
	const column = table.columns[0]!;
	if (column.type !== 'numeric') throw new Error('fixture: column 0 is numeric');
	const values = Float32Array.from(column.values);
	for (const row of at) values[row]! += by;
	return { ...table, columns: [{ ...column, values }, ...table.columns.slice(1)] };
}

const params = (overrides: Partial<ValidateParams> = {}): ValidateParams => ({ ...(defaultParams(validateCell) as unknown as ValidateParams), ...overrides });

describe('validate cell', () => {
	it('learns from its input when it has no expectations yet, and passes the rows on unchanged', async () => {
		const table = await blobs();
		const context = fakeContext();
		const out = await validateCell.run(params(), { data: [table] }, context);
		expect(out.validation.learned).toBe(true);
		expect(out.validation.report.broken).toEqual([]);
		expect(out.columns[0]!.values).toBe(table.columns[0]!.values);
		expect(out.labels).toBe(table.labels);
		expect(isValidatedTable(out)).toBe(true);
		expect(context.lines[0]).toMatch(/learned expectations for 2 columns from table 'blobs' \(200 rows\)/);
		expect(validateCell.summarize(out)).toMatchObject({ rows: 200, broken: 0, expectations: 'learned from this input' });
	});

	it('fails naming each broken expectation with its rows; warns instead when asked', async () => {
		const table = await blobs();
		const expectations = learnedParam(table);
		const bad = shifted(table, [16, 99], 1000);
		const name = table.columns[0]!.name;
		await expect(validateCell.run(params({ expectations }), { data: [bad] }, fakeContext())).rejects.toThrow(
			new RegExp(`^1 of \\d+ expectations broken: '${name}' above max [-0-9.e]+ in 2 rows \\(data rows 17, 100\\)$`)
		);
		const context = fakeContext();
		const warned = await validateCell.run(params({ expectations, onBreak: 'warn' }), { data: [bad] }, context);
		expect(warned.validation.learned).toBe(false);
		expect(warned.validation.report.broken).toHaveLength(1);
		expect(validateCell.summarize(warned)).toMatchObject({ broken: 1 });
		expect(context.lines.some((line) => line.startsWith(`broken: '${name}' above max`))).toBe(true);
	});

	it('warns of a column the reference did not have, without failing the cell', async () => {
		const table = await blobs();
		const expectations = learnedParam(table);
		const wider: Table = { ...table, columns: [...table.columns, { name: 'visits', type: 'numeric', values: new Float32Array(table.rowCount).fill(1) }] };
		const context = fakeContext();
		// onBreak 'fail': a new column breaks no expectation, so the cell still succeeds.
		const out = await validateCell.run(params({ expectations }), { data: [wider] }, context);
		expect(out.validation.report.broken).toEqual([]);
		expect(out.validation.report.warnings).toEqual([
			{ rule: 'new-column', column: 'visits', message: "column 'visits' (numeric) is not in the expectations (learned from table 'blobs' (200 rows)): a new column is not checked" }
		]);
		expect(context.lines).toContain("warning: column 'visits' (numeric) is not in the expectations (learned from table 'blobs' (200 rows)): a new column is not checked");
		expect(validateCell.summarize(out)).toMatchObject({ broken: 0, warnings: 1 });
		// With something broken too, the failure still names the new column.
		await expect(validateCell.run(params({ expectations }), { data: [shifted(wider, [3], 1000)] }, fakeContext())).rejects.toThrow(/^1 of \d+ expectations broken: .+; warning: column 'visits' \(numeric\) is not in the expectations/);
		// Its own reference warns of nothing.
		expect((await validateCell.run(params({ expectations }), { data: [table] }, fakeContext())).validation.report.warnings).toEqual([]);
	});

	it('names the JSON path of an expectation edited into nonsense', async () => {
		const table = await blobs();
		const text = learnedParam(table).replace('"maxMissingShare":0', '"maxMissingShare":3');
		await expect(validateCell.run(params({ expectations: text }), { data: [table] }, fakeContext())).rejects.toThrow(/^expectations\.columns\[0\]\.maxMissingShare: /);
	});
});

describe('predict cell with expectations from a validate cell (serving)', () => {
	it('checks the rows it scores against the training expectations, row by row', async () => {
		const table = await blobs(300, 5);
		const validated = await validateCell.run(params({ expectations: learnedParam(table) }), { data: [table] }, fakeContext());
		const splits = await splitCell.run({ testFraction: 0.3, validationFraction: 0, seed: 1, stratify: true }, { data: [validated] }, fakeContext());
		const model = await trainCell.run({ ...(defaultParams(trainCell) as unknown as TrainParams), epochs: 5 }, { data: [splits] }, fakeContext());
		const binding = modelBindingSource({ label: "'blobs' v1", text: modelToJson(model, { exportedAt: '2026-01-01T00:00:00.000Z' }) }, null, 'test');
		const predictParams = { ...(defaultParams(predictCell) as unknown as PredictParams), modelName: 'blobs' };

		// A small batch within range: row-level rules hold, the row count of a batch is not checked.
		const batch: Table = { ...table, rowCount: 3, columns: table.columns.map((column) => ({ ...column, values: column.values.slice(0, 3) }) as typeof column), labels: table.labels.slice(0, 3) };
		const context = fakeContext(binding);
		const scored = await predictCell.run(predictParams, { data: [batch], expectations: [validated] }, context);
		expect(scored.rowCount).toBe(3);
		expect(context.lines[0]).toMatch(/^serving expectations on table 'blobs': all \d+ expectations hold on 3 rows$/);

		await expect(predictCell.run(predictParams, { data: [shifted(batch, [1], -1000)], expectations: [validated] }, fakeContext(binding))).rejects.toThrow(
			/^table 'blobs' breaks the training expectations: 1 of \d+ expectations broken: '.+' below min [-0-9.e]+ in 1 row \(data row 2\)$/
		);
		await expect(predictCell.run(predictParams, { data: [batch], expectations: [table] }, fakeContext(binding))).rejects.toThrow(/takes the expectations a validate cell produces, but it got table '[^']+', which carries none/);
		// Standardised rows would break raw ranges for the wrong reason: refused, saying what to link instead.
		const scaled = { ...splits, preprocessing: [{ type: 'standardize' }] } as unknown as typeof splits;
		await expect(predictCell.run(predictParams, { data: [scaled], expectations: [validated] }, fakeContext(binding))).rejects.toThrow(/^the test split is already preprocessed \(standardize\): .*link the raw rows/);
	});
});
