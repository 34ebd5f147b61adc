import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/lib/components/format';
import { describeShares, distributionDiff } from '../../../src/lib/store/distribution-diff';
import type { TableStatistics } from '../../../src/lib/store/statistics';

const text = (topTokens: string[]) => ({ name: 'review', type: 'text' as const, missing: 0, distinct: 10, topTokens: topTokens.map((token, index) => ({ token, count: 10 - index })) });
const version = (pos: number, neg: number, tokens: string[]): TableStatistics => ({
	rowCount: pos + neg,
	columns: [text(tokens)],
	classCounts: [
		{ name: 'neg', count: neg },
		{ name: 'pos', count: pos }
	]
});

describe('the dataset diff shows class balance and top tokens', () => {
	it('reports a class balance that moved, with both shares', () => {
		const diff = distributionDiff(version(50, 50, ['good']), version(90, 10, ['good']));
		expect(describeShares(diff.classes)).toBe('neg 50.0% → 10.0%, pos 50.0% → 90.0%');
		expect(diff.tokens).toEqual([]);
	});

	it('says nothing of a balance that held, even with more rows', () => {
		expect(distributionDiff(version(50, 50, ['good']), version(100, 100, ['good'])).classes).toEqual([]);
	});

	it('names the tokens that entered and left the top list of a text column', () => {
		const diff = distributionDiff(version(5, 5, ['good', 'bad', 'plot']), version(5, 5, ['good', 'refund', 'bad']));
		expect(diff.tokens).toEqual([{ column: 'review', entered: ['refund'], left: ['plot'] }]);
	});

	it('counts a class new in this version from 0%', () => {
		const before: TableStatistics = { rowCount: 4, columns: [], classCounts: [{ name: 'a', count: 4 }] };
		const after: TableStatistics = { rowCount: 4, columns: [], classCounts: [{ name: 'a', count: 2 }, { name: 'b', count: 2 }] };
		expect(describeShares(distributionDiff(before, after).classes)).toBe('a 100.0% → 50.0%, b 0.0% → 50.0%');
	});
});

describe('one byte formatter', () => {
	it('writes sizes in SI units with one decimal, never "0.0 MB" for kilobytes', () => {
		expect(formatBytes(812)).toBe('812 B');
		expect(formatBytes(5_120)).toBe('5.1 kB');
		expect(formatBytes(44_000_000)).toBe('44.0 MB');
		expect(formatBytes(999_990)).toBe('1.0 MB');
		expect(formatBytes(10_737_418_240)).toBe('10.7 GB');
	});
});

describe('one number format', () => {
	it('writes four significant digits without padding, so 1 and 0.94 sit side by side alike', async () => {
		const { formatNumber } = await import('../../../src/lib/components/format');
		expect([1, 0.94, 0.9375, 12.345678, 0.000123456].map(formatNumber)).toEqual(['1', '0.94', '0.9375', '12.35', '0.0001235']);
		expect(formatNumber(NaN)).toBe('—');
		expect(formatNumber(null)).toBe('—');
	});
});
