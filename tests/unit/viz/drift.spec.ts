import { describe, expect, it } from 'vitest';
import type { ColumnDrift } from '../../../src/lib/ml/drift/types';
import { categoryTicks, driftSeverity, orderColumns, shortLabel, verdictLine } from '../../../src/lib/viz/drift';

const column = (name: string, test: ColumnDrift['test'], scoreKind: ColumnDrift['scoreKind'], score: number | null, threshold: number, drifted: boolean): ColumnDrift => ({
	column: name,
	kind: 'numeric',
	test,
	testLabel: test,
	scoreKind,
	score,
	statistic: null,
	threshold,
	drifted,
	overridden: false,
	distinct: 10,
	reference: { rows: 1, missing: 0, missingShare: 0 },
	current: { rows: 1, missing: 0, missingShare: 0 },
	distribution: { type: 'categories', labels: [], reference: [], current: [], more: 0 },
	...(score === null ? { note: 'all missing' } : {})
});

describe('orderColumns(columns, "severity"): the most drifted first, across p-values and distances', () => {
	const columns = [
		column('a', 'ks', 'p-value', 0.5, 0.05, false),
		column('b', 'wasserstein', 'distance', 0.3, 0.1, true),
		column('c', 'chisquare', 'p-value', 0, 0.05, true),
		column('d', 'ks', 'p-value', null, 0.05, false),
		column('e', 'jensenshannon', 'distance', 0.05, 0.1, false)
	];

	it('p = 0 first, then 3× the distance threshold, then the non-drifted, untested last', () => {
		expect(orderColumns(columns, 'severity').map((c) => c.column)).toEqual(['c', 'b', 'e', 'a', 'd']);
		expect(driftSeverity(columns[0]!)).toBeCloseTo(0.1);
		expect(orderColumns(columns, 'name').map((c) => c.column)).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(orderColumns(columns, 'report')).toEqual(columns);
	});

	it('verdictLine says the comparison as the test decides it (KS drifts at p ≤ threshold)', () => {
		expect(verdictLine(column('x', 'ks', 'p-value', 0.05, 0.05, true))).toBe('ks 0.0500 ≤ 0.05: drift');
		expect(verdictLine(column('x', 'chisquare', 'p-value', 0.05, 0.05, false))).toBe('chisquare 0.0500 ≥ 0.05: no drift');
		expect(verdictLine(column('x', 'wasserstein', 'distance', 0.0001234, 0.1, false))).toBe('wasserstein 1.23e-4 < 0.1: no drift');
		expect(verdictLine(column('x', 'ks', 'p-value', null, 0.05, false))).toBe('ks: not tested (all missing)');
		expect(verdictLine(column('x', 'tokens-permutation', 'p-value', 0, 0.05, true))).toBe('tokens-permutation < 0.01 (threshold 0.05): drift');
	});
});

describe('categoryTicks: token labels under the bars never overlap', () => {
	const tokens = ['delivery', 'good', 'price', 'size', 'ok', 'described', 'box', 'support', 'slow', 'again', 'gift', 'great', 'weeks', 'happy', 'fits', 'soft', 'nice', 'as', 'broken', 'sturdy'];

	it('keeps a few short labels upright', () => {
		expect(categoryTicks(['app', 'store', 'web'], 85)).toEqual({ shown: [0, 1, 2], vertical: false, extraHeight: 0 });
	});

	it('turns 20 labels 13 units apart vertical, each one a font height from the next, with room below', () => {
		const ticks = categoryTicks(tokens, 13);
		expect(ticks.vertical).toBe(true);
		expect(ticks.shown).toHaveLength(20);
		expect(ticks.extraHeight).toBeGreaterThanOrEqual(shortLabel('described').length * 6 + 12 - 30);
	});

	it('draws every other label when bands are narrower than a font height', () => {
		const ticks = categoryTicks([...tokens, ...tokens].map((token, k) => `${token}${k}`), 6.4);
		expect(ticks.shown.slice(0, 3)).toEqual([0, 2, 4]);
		const gaps = ticks.shown.slice(1).map((k, index) => (k - ticks.shown[index]!) * 6.4);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(12);
	});

	it('cuts a label to 9 characters', () => {
		expect(shortLabel('described')).toBe('described');
		expect(shortLabel('disappointing')).toBe('disappoi…');
	});
});
