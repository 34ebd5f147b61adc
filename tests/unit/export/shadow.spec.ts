import { describe, expect, it } from 'vitest';
import { modelToFile } from '../../../src/lib/export/model-json';
import { shadowCompare } from '../../../src/lib/export/shadow';
import { modelMetrics } from '../../../src/lib/ml/metrics';
import type { Table } from '../../../src/lib/cells/values';
import { unlabelled as unlabelledFields } from '../../../src/lib/data/table';
import { vectorizeCell } from '../../../src/lib/cells/vectorize';
import { fakeContext } from '../cells/fake-context';
import { numericModel, reviewsModel } from './pipeline';

describe('shadow comparison', () => {
	it('a model compared with itself agrees everywhere; a weaker challenger shows its metric loss on raw rows', async () => {
		const production = await reviewsModel();
		const challenger = await reviewsModel({ buckets: 16 });
		const same = shadowCompare(modelToFile(production.model), modelToFile(production.model), production.table);
		expect(same.agreement).toBe(1);
		expect(same.disagreements).toEqual([]);
		expect(same.difference!.accuracy).toBe(0);

		const report = shadowCompare(modelToFile(production.model), modelToFile(challenger.model), production.table);
		expect(report.rows).toBe(400);
		expect(report.agreement).toBeLessThan(1);
		expect(report.disagreements[0]).toMatchObject({ production: expect.any(String), challenger: expect.any(String), actual: expect.any(String) });
		// The metrics on the raw rows are those of the pipeline's own prediction of the same rows.
		const words = await vectorizeCell.run({ column: 'review', buckets: 1024, ngramMax: 2, lowercase: true }, { data: [production.table] }, fakeContext());
		expect(report.production).toEqual(modelMetrics(production.model, words as Table));
		expect(report.difference!.accuracy).toBe(report.challenger!.accuracy - report.production!.accuracy);
		expect(report.production!.accuracy).toBeGreaterThan(report.challenger!.accuracy);

		// The same rows without labels (rows to score): the same agreement and rows, no metrics.
		const unlabelled: Table = { ...production.table, ...unlabelledFields() };
		const scoring = shadowCompare(modelToFile(production.model), modelToFile(challenger.model), unlabelled);
		expect(scoring.agreement).toBe(report.agreement);
		expect(scoring.disagreements).toEqual(report.disagreements.map((row) => ({ ...row, actual: '' })));
		expect([scoring.production, scoring.challenger, scoring.difference]).toEqual([null, null, null]);
	});

	it('refuses a table without a column the models read, rather than fill the whole column as missing values', async () => {
		const { model, table } = await numericModel(2);
		const imputed = { ...model, preprocessing: [{ type: 'impute' as const, strategy: 'median' as const, columns: model.features.map((feature) => feature.name), fill: model.features.map(() => 1) }, ...model.preprocessing] };
		const lacking: Table = { ...table, columns: table.columns.filter((column) => column.name !== 'weight') };
		expect(() => shadowCompare(modelToFile(imputed), modelToFile(imputed), lacking)).toThrow(/^table 'measurements' lacks a column the production model reads: 'weight' \(its columns: /);
	});
});
