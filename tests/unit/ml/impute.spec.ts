import { describe, expect, it } from 'vitest';
import type { ImputeStrategy } from '../../../src/lib/data/preprocessing';
import { applyImpute, fitImpute, imputeStatistic } from '../../../src/lib/ml/impute';
import fixture from '../../fixtures/impute.json';

/** Made by scripts/fixtures/impute.py with scikit-learn 1.2.1's SimpleImputer. */
const cases = fixture.imputer;

const column = (values: (number | null)[]): Float32Array => Float32Array.from(values, (value) => (value === null ? Number.NaN : value));

describe('imputeStatistic(values, strategy) against SimpleImputer.statistics_', () => {
	for (const item of cases) {
		it(`${item.name}: every column's statistic, NaN where sklearn has none`, () => {
			item.train.forEach((values, j) => {
				const statistic = imputeStatistic(column(values), item.strategy as ImputeStrategy, item.fillValue ?? 0);
				const expected = item.statistics[j];
				if (expected === null || expected === undefined) expect(statistic).toBeNaN();
				// Summation order (numpy's pairwise sum) may move a mean by an ulp or two of float64.
				else expect(Math.abs(statistic - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-14);
			});
		});
	}
});

describe('fitImpute + applyImpute against SimpleImputer.transform', () => {
	for (const item of cases) {
		it(`${item.name}: the filled test rows equal sklearn's, bit for bit in float32`, () => {
			const kept = item.keptColumns;
			const columns = kept.map((j) => ({ name: `c${j}`, values: column(item.train[j]!) }));
			const step = fitImpute(columns, item.strategy as ImputeStrategy, item.fillValue ?? 0);
			kept.forEach((j, index) => {
				const { values, filled } = applyImpute(step, index, column(item.test[j]!));
				const expected = item.transformedTest[index]!;
				// ±0 compare equal: a mode of −0 and of 0 fill the same.
				expect(Array.from(values).every((value, i) => value === Math.fround(expected[i]!))).toBe(true);
				expect(filled).toBe(item.test[j]!.filter((value) => value === null).length);
			});
		});
	}

	it('the median of an even count is the mean of the two middle values; most_frequent ties pick the smallest', () => {
		expect(imputeStatistic(column([4, null, 1, 3, 2]), 'median')).toBe(2.5);
		expect(imputeStatistic(column([5, 5, 2, 2, 9, 9, null, null, null]), 'most_frequent')).toBe(2);
		expect(imputeStatistic(column([-1, 7, 7, -1]), 'most_frequent')).toBe(-1);
	});

	it('refuses a column with no value in train for mean/median/most_frequent, naming it (sklearn would drop it)', () => {
		const columns = [
			{ name: 'age', values: column([1, 2, null]) },
			{ name: 'income', values: column([null, null, null]) }
		];
		for (const strategy of ['mean', 'median', 'most_frequent'] as const) {
			expect(() => fitImpute(columns, strategy)).toThrow(/'income' has no value in the 3 train rows.*'constant'/);
		}
		const constant = fitImpute(columns, 'constant', -1);
		expect(constant).toEqual({ type: 'impute', strategy: 'constant', columns: ['age', 'income'], fill: [-1, -1], fillValue: -1 });
		expect(() => fitImpute(columns, 'constant', Number.NaN)).toThrow(/finite/);
	});

	it('stores fill values as float32 numbers, so every replay fills the same bits', () => {
		const step = fitImpute([{ name: 'x', values: column([0.1, 0.2, null]) }], 'mean');
		expect(step.fill[0]).toBe(Math.fround((Math.fround(0.1) + Math.fround(0.2)) / 2));
	});
});
