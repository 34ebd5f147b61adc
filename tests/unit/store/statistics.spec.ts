import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/lib/cells/dataset/csv';
import { diffStatistics, formatMissing, isEmptyDiff, missingShareChanged, movedChanges, tableStatistics } from '../../../src/lib/store/statistics';
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

	it('compares missing shares, not counts, between versions of different sizes', () => {
		// v1: 10 rows, 1 missing x and 1 blank review (10% each); v2: the same rows twice (20 rows, 2 of each: still 10%).
		const x = [1, 2, NaN, 4, 5, 6, 7, 8, 9, 10];
		const text = ['a', 'b', 'c', '', 'e', 'f', 'g', 'h', 'i', 'j'];
		const labels = x.map((_, i) => i % 2);
		const v1 = tableStatistics(table(x, labels, { text }));
		const v2 = tableStatistics(table([...x, ...x], [...labels, ...labels], { text: [...text, ...text] }));
		const doubled = diffStatistics(v1, v2);
		expect([doubled.rowsBefore, doubled.rowsAfter]).toEqual([10, 20]);
		expect(doubled.changes).toEqual([]);
		// v3: 20 rows with 6 missing x (30%) and still 2 blank reviews (10%): only x's share moved, and the counts stay.
		const x3 = [...x, ...x].map((value, i) => (i >= 15 && i <= 18 ? NaN : value));
		const v3 = tableStatistics(table(x3, [...labels, ...labels], { text: [...text, ...text] }));
		const moved = diffStatistics(v1, v3).changes.filter((change) => change.field === 'missing');
		expect(moved).toEqual([{ column: 'x', field: 'missing', before: 1, after: 6 }]);
		expect(formatMissing(moved[0]!.before, 10)).toBe('1 (10.0%)');
		expect(formatMissing(moved[0]!.after, 20)).toBe('6 (30.0%)');
	});

	it('missingShareChanged decides on shares, exactly; movedChanges drops a stored count change whose share stayed', () => {
		expect(missingShareChanged(1, 10, 2, 20)).toBe(false);
		expect(missingShareChanged(1, 3, 333_333, 1_000_000)).toBe(true);
		expect(missingShareChanged(0, 0, 0, 5)).toBe(false);
		expect(missingShareChanged(0, 0, 1, 5)).toBe(true);
		// As a record written before shares were compared holds it: 'missing' 1 → 2 on 10 → 20 rows.
		const stored = { rowsBefore: 10, rowsAfter: 20, changes: [{ column: 'x', field: 'missing', before: 1, after: 2 }, { column: 'x', field: 'max', before: 9, after: 10 }] };
		expect(movedChanges(stored)).toEqual([{ column: 'x', field: 'max', before: 9, after: 10 }]);
	});

	it('the same rows in another order move no mean or std (sums in another order), and a real move still shows', () => {
		// Values whose float sums depend on their order: the mean of the reversed rows differs in its last bits.
		const x = Array.from({ length: 1000 }, (_, i) => Math.fround(Math.sin(i) * 1e3 + 0.1));
		const labels = x.map((_, i) => i % 2);
		const forward = tableStatistics(table(x, labels));
		const backward = tableStatistics(table([...x].reverse(), [...labels].reverse()));
		const [a, b] = [forward.columns[0]!, backward.columns[0]!] as { mean: number; std: number }[];
		expect(a!.mean === b!.mean && a!.std === b!.std).toBe(false);
		expect(diffStatistics(forward, backward).changes).toEqual([]);
		const moved = tableStatistics(table(x.map((value, i) => (i === 0 ? value + 1 : value)), labels));
		expect(diffStatistics(forward, moved).changes.map((change) => change.field)).toEqual(['mean', 'std']);
	});

	it('is empty for the same statistics', () => {
		const stats = tableStatistics(table([1, NaN], [0, 1]));
		expect(isEmptyDiff(diffStatistics(stats, stats))).toBe(true);
	});
});

describe('statistics of a CSV with gaps', () => {
	it('counts the cells read as missing (empty, NA, NaN, null) and describes the present values only', async () => {
		const text = 'a,b,y\n1,NA,p\n,2,q\n3,null,p\nNaN,4,q\n5,,p\n';
		const table = await parseCsv({ name: 'gaps.csv', data: text, fingerprint: 'g' }, { name: 'gaps', labelColumn: 'y', featureColumns: [], textColumns: [] });
		const stats = tableStatistics(table);
		expect(stats.columns[0]).toMatchObject({ name: 'a', missing: 2, min: 1, max: 5, mean: 3, distinct: 3 });
		expect(stats.columns[1]).toMatchObject({ name: 'b', missing: 3, min: 2, max: 4, mean: 3, distinct: 2 });
		expect(formatMissing(stats.columns[1]!.type === 'sparse' ? 0 : stats.columns[1]!.missing, stats.rowCount)).toBe('3 (60.0%)');
	});

	it('formatMissing: the count beside its share, never a share of 0.0% for some', () => {
		expect(formatMissing(0, 10)).toBe('0');
		expect(formatMissing(1, 4000)).toBe('1 (0.03%)');
		expect(formatMissing(3999, 4000)).toBe('3999 (99.98%)');
		expect(formatMissing(5, 5)).toBe('5 (100.0%)');
	});
});
