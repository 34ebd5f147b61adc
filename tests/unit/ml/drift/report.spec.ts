/** driftReport and columnDrift: Evidently's choice of test, overrides, missing values, the dataset verdict. */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Column, SparseColumn } from '../../../../src/lib/data/table';
import { columnDrift, describeDrift, driftReport, ksTwoSample, normedWasserstein } from '../../../../src/lib/ml/drift';
import { numericSample, sorted } from './generate';

const numeric = (name: string, values: ArrayLike<number>): Column => ({ name, type: 'numeric', values: Float32Array.from(values) });
const text = (name: string, values: string[]): Column => ({ name, type: 'text', values });
const normal = (seed: number, n: number, loc = 0) => numericSample({ seed, n, loc, scale: 1 });
const repeat = <T>(values: T[], n: number): T[] => Array.from({ length: n }, (_, i) => values[i % values.length]!);

describe('columnDrift(reference, current) picks the test as Evidently _get_default_stattest', () => {
	it.each([
		['numeric, > 5 values, reference ≤ 1000 rows', numeric('x', normal(1, 1000)), numeric('x', normal(2, 300)), 'ks'],
		['numeric, > 5 values, reference > 1000 rows', numeric('x', normal(1, 1001)), numeric('x', normal(2, 300)), 'wasserstein'],
		['numeric, 3 values, small reference', numeric('x', repeat([1, 2, 3], 500)), numeric('x', repeat([1, 2, 3], 200)), 'chisquare'],
		['numeric, 2 values, small reference', numeric('x', repeat([0, 1], 500)), numeric('x', repeat([0, 1], 200)), 'z'],
		['numeric, 5 values, large reference', numeric('x', repeat([1, 2, 3, 4, 5], 5000)), numeric('x', repeat([1, 2], 200)), 'jensenshannon'],
		['categorical, small reference', text('c', repeat(['a', 'b', 'c'], 100)), text('c', repeat(['a', 'b'], 80)), 'chisquare'],
		['categorical, two values', text('c', repeat(['yes', 'no'], 100)), text('c', repeat(['no'], 80)), 'z'],
		['categorical, large reference', text('c', repeat(['a', 'b', 'c'], 3000)), text('c', repeat(['a', 'b'], 80)), 'jensenshannon'],
		['free text', text('t', Array.from({ length: 60 }, (_, i) => `review number ${i} was fine`)), text('t', ['awful film']), 'tokens-permutation'],
		['free text, reference > 1000 rows', text('t', Array.from({ length: 1001 }, (_, i) => `review number ${i} was fine`)), text('t', ['awful film']), 'tokens']
	].map(([name, reference, current, test]) => ({ name, reference, current, test })))('$name → $test', ({ reference, current, test }) => {
		expect(columnDrift(reference as Column, current as Column).test).toBe(test);
	});

	it('a shifted numeric column drifts and an unshifted one does not (KS at p ≤ 0.05)', () => {
		expect(columnDrift(numeric('x', normal(1, 500)), numeric('x', normal(2, 500, 0.5)))).toMatchObject({ test: 'ks', drifted: true, scoreKind: 'p-value' });
		expect(columnDrift(numeric('x', normal(1, 500)), numeric('x', normal(2, 500)))).toMatchObject({ test: 'ks', drifted: false });
	});

	it('a category the reference never had makes chi-squared p = 0 (drift), and shows as a bar', () => {
		const result = columnDrift(text('c', repeat(['a', 'b', 'c'], 300)), text('c', repeat(['a', 'b', 'c', 'new'], 300)));
		expect(result).toMatchObject({ test: 'chisquare', score: 0, drifted: true, statistic: Infinity });
		expect(result.distribution).toMatchObject({ type: 'categories', labels: ['a', 'b', 'c', 'new'] });
	});
});

describe('missing values are left out of the tests and their share reported', () => {
	it('NaN and ±Infinity rows: the test equals the test on the finite values', () => {
		const finiteReference = normal(3, 200);
		const finiteCurrent = normal(4, 150, 0.2);
		const withMissing = (values: Float32Array, every: number) => Float32Array.from({ length: values.length + Math.floor(values.length / every) }, (_, i) => ((i + 1) % (every + 1) === 0 ? (i % 2 ? Number.NaN : Infinity) : values[i - Math.floor((i + 1) / (every + 1))]!));
		const reference = withMissing(finiteReference, 4);
		const current = withMissing(finiteCurrent, 3);
		const result = columnDrift(numeric('x', reference), numeric('x', current));
		expect(result.score).toBe(ksTwoSample(sorted(finiteReference), sorted(finiteCurrent)).pValue);
		expect(result.reference).toEqual({ rows: 250, missing: 50, missingShare: 0.2 });
		expect(result.current).toEqual({ rows: 200, missing: 50, missingShare: 0.25 });
	});

	it('an all-missing column is named, not tested, and does not count toward the share', () => {
		const report = driftReport(
			{ name: 'v1', rowCount: 3, columns: [numeric('x', [1, 2, 3]), numeric('empty', [1, 2, 3])] },
			{ name: 'v2', rowCount: 3, columns: [numeric('x', [1, 2, 3]), numeric('empty', [Number.NaN, Number.NaN, Number.NaN])] }
		);
		const empty = report.columns.find((column) => column.column === 'empty')!;
		expect(empty).toMatchObject({ score: null, drifted: false });
		expect(empty.note).toMatch(/all missing/);
		expect(describeDrift(report)).toBe('0 of 1 columns drifted (0%): no dataset drift (threshold 50%)');
	});
});

describe('overrides: test and threshold per column', () => {
	it('a threshold and a test set by the user are used and marked', () => {
		const reference = numeric('x', normal(5, 500));
		const current = numeric('x', normal(6, 500, 0.05));
		const result = columnDrift(reference, current, { test: 'wasserstein', threshold: 0.01 });
		expect(result).toMatchObject({ test: 'wasserstein', threshold: 0.01, overridden: true, drifted: true });
		expect(result.score).toBe(normedWasserstein(sorted(reference.values as Float32Array), sorted(current.values as Float32Array)).normed);
		expect(columnDrift(reference, current).overridden).toBe(false);
	});

	it('a test that does not apply to the column is refused, naming the column', () => {
		expect(() => columnDrift(numeric('age', [1, 2]), numeric('age', [1, 2]), { test: 'tokens' })).toThrow("column 'age' is numeric: the tokens test applies to text or sparse columns");
		expect(columnDrift(text('c', ['a', 'b']), text('c', ['a', 'a']), { test: 'tokens' })).toMatchObject({ kind: 'text', test: 'tokens' });
	});

	it('an override naming an unknown column is refused', () => {
		const sample = { name: 'v1', rowCount: 2, columns: [numeric('x', [1, 2])] };
		expect(() => driftReport(sample, sample, { overrides: { agee: { threshold: 0.1 } } })).toThrow("the override names column 'agee', which v1 does not have");
	});
});

describe('driftReport: the dataset drifts when ≥ shareThreshold of its columns drift', () => {
	const reference = { name: 'v1', rowCount: 400, columns: [numeric('a', normal(7, 400)), numeric('b', normal(80_021, 400)), text('only in v1', repeat(['x'], 400))] };
	const current = { name: 'v2', rowCount: 400, columns: [numeric('a', normal(9, 400, 1)), numeric('b', normal(4_242_421, 400)), numeric('only in v2', normal(11, 400))] };

	it('1 of 2 columns drifted is 50%: dataset drift at the default 0.5, none at 0.6', () => {
		const report = driftReport(reference, current);
		expect(report).toMatchObject({ driftedColumns: 1, driftShare: 0.5, datasetDrift: true, unmatched: ['only in v1', 'only in v2'] });
		expect(report.columns.map((column) => [column.column, column.drifted])).toEqual([['a', true], ['b', false]]);
		expect(driftReport(reference, current, { shareThreshold: 0.6 }).datasetDrift).toBe(false);
	});

	it("a model's outputs on one side only are named apart, not as columns missing from the other; a feature on one side only still is", () => {
		const scored = { ...current, columns: [...current.columns, numeric('score', normal(12, 400)), text('prediction', repeat(['yes', 'no'], 400))], outputs: ['score', 'prediction'] };
		const report = driftReport(reference, scored);
		expect(report.unmatched).toEqual(['only in v1', 'only in v2']);
		expect(report.modelOutputs).toEqual(['score', 'prediction']);
		expect(report.columns.map((column) => column.column)).toEqual(['a', 'b']);
		// Outputs on the reference side (last month's predictions against a fresh table) are named the same way.
		expect(driftReport(scored, reference)).toMatchObject({ unmatched: ['only in v2', 'only in v1'], modelOutputs: ['score', 'prediction'] });
		// Both sides' outputs are compared like any column.
		const both = driftReport({ ...scored, name: 'p1' }, { ...scored, name: 'p2' });
		expect(both.modelOutputs).toEqual([]);
		expect(both.columns.map((column) => column.column)).toEqual(['a', 'b', 'only in v2', 'score', 'prediction']);
	});

	it('tables that share no column are refused', () => {
		expect(() => driftReport(reference, { ...current, columns: [numeric('z', [1])] }, { columns: [] })).toThrow('v1 and v2 share no column to compare');
	});
});

describe('hashed (CSR) columns: bucket distributions, O(non-zeros)', () => {
	const csr = (rows: number[][]): SparseColumn => {
		const indptr = new Uint32Array(rows.length + 1);
		const indices: number[] = [];
		rows.forEach((row, r) => {
			indices.push(...row);
			indptr[r + 1] = indices.length;
		});
		return { name: 'words', type: 'sparse', width: 1 << 20, indptr, indices: Uint32Array.from(indices), values: Float32Array.from(indices, () => 0.5) };
	};

	it('the same buckets do not drift; new buckets do; the top buckets are drawn', () => {
		const base = csr(repeat([[1, 5, 900000], [5, 7]], 100));
		expect(columnDrift(base, csr(repeat([[1, 5, 900000], [5, 7]], 50)))).toMatchObject({ kind: 'sparse', test: 'tokens-permutation', statistic: 0, drifted: false });
		expect(columnDrift(base, csr(repeat([[1, 5, 900000], [5, 7]], 50)), { test: 'tokens' })).toMatchObject({ kind: 'sparse', test: 'tokens', score: 0, drifted: false });
		const shifted = columnDrift(base, csr(repeat([[2, 3], [3, 4, 5]], 50)));
		expect(shifted.drifted).toBe(true);
		expect(shifted.distribution).toMatchObject({ type: 'categories', more: 0 });
		expect((shifted.distribution as { labels: string[] }).labels).toContain('#900000');
	});
});

describe('small text samples: the permutation test, not the raw distance', () => {
	// The fault that made the permutation test the default: 400 reviews split 3:1 at random have
	// a token distance of 0.18, above the 0.1 threshold, though nothing changed.
	const reviews = (Papa.parse(readFileSync('static/examples/reviews.csv', 'utf8'), { header: true, skipEmptyLines: true }).data as { review: string }[]).map((row) => row.review);
	const reference = reviews.filter((_, i) => i % 4 !== 0);
	const current = reviews.filter((_, i) => i % 4 === 0);

	it('a random split of the example reviews: distance above 0.1, yet p ≥ 0.05 (no drift)', () => {
		expect(columnDrift(text('review', reference), text('review', current), { test: 'tokens' })).toMatchObject({ drifted: true });
		const result = columnDrift(text('review', reference), text('review', current));
		expect(result.test).toBe('tokens-permutation');
		expect(result.statistic!).toBeGreaterThan(0.1);
		expect(result.score!).toBeGreaterThanOrEqual(0.05);
		expect(result.drifted).toBe(false);
	});

	it('reviews against texts about something else drift (p = 0), seeded so the p-value repeats', () => {
		const other = Array.from({ length: 100 }, (_, i) => `shipment ${i % 7} delayed again, refund requested from support`);
		const first = columnDrift(text('review', reference), text('review', other));
		expect(first).toMatchObject({ score: 0, drifted: true });
		expect(columnDrift(text('review', reference), text('review', current)).score).toBe(columnDrift(text('review', reference), text('review', current)).score);
	});
});
