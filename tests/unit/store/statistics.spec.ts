import { describe, expect, it } from 'vitest';
import { diffStatistics, isEmptyDiff, tableStatistics } from '../../../src/lib/store/statistics';
import { table } from './fixtures';

describe('tableStatistics(table)', () => {
	it('gives min, max, mean, std, missing and distinct of a numeric column, NaN counted as missing', () => {
		const stats = tableStatistics(table([1, 2, 3, NaN, 2], [0, 1, 0, 1, 1]));
		expect(stats.columns[0]).toEqual({ name: 'x', type: 'numeric', min: 1, max: 3, mean: 2, std: Math.sqrt(0.5), missing: 1, distinct: 3 });
		expect(stats.classCounts).toEqual([{ name: 'neg', count: 2 }, { name: 'pos', count: 3 }]);
	});

	it('gives missing, distinct and the top tokens of a text column', () => {
		const stats = tableStatistics(table([1, 2, 3], [0, 1, 0], { text: ['Great phone, great battery', '', 'bad battery'] }));
		const text = stats.columns[1]!;
		expect(text.type).toBe('text');
		if (text.type !== 'text') return;
		expect(text.missing).toBe(1);
		expect(text.distinct).toBe(2);
		expect(text.topTokens.slice(0, 2)).toEqual([{ token: 'battery', count: 2 }, { token: 'great', count: 2 }]);
	});

	it('a column of NaN only has no min or mean, and every row missing', () => {
		const stats = tableStatistics(table([NaN, NaN], [0, 1]));
		expect(stats.columns[0]).toMatchObject({ min: NaN, mean: NaN, missing: 2, distinct: 0 });
	});
});

describe('diffStatistics(before, after)', () => {
	it('names the rows, columns, classes and statistics that changed', () => {
		const before = tableStatistics(table([1, 2, 3], [0, 1, 0]));
		const after = tableStatistics(table([1, 2, 3, 10], [0, 1, 0, 1], { text: ['a', 'b', 'c', 'd'] }));
		const diff = diffStatistics(before, after);
		expect(diff.rowsBefore).toBe(3);
		expect(diff.rowsAfter).toBe(4);
		expect(diff.addedColumns).toEqual(['review']);
		expect(diff.changes.map((change) => change.field)).toEqual(['max', 'mean', 'std', 'distinct']);
		expect(isEmptyDiff(diff)).toBe(false);
	});

	it('is empty for the same statistics', () => {
		const stats = tableStatistics(table([1, NaN], [0, 1]));
		expect(isEmptyDiff(diffStatistics(stats, stats))).toBe(true);
	});
});
