import { describe, expect, it } from 'vitest';
import type { SparseColumn } from '../../../src/lib/data/table';
import { applySparseScale, applyStandardize, fitSparseScale, fitStandardize, isConstantFeature } from '../../../src/lib/ml/standardize';
import fixture from '../../fixtures/scalers.json';
import imputeFixture from '../../fixtures/impute.json';

/** Made by scripts/fixtures/scalers.py with scikit-learn. */
const { sparse, dense } = fixture;

const column = (): SparseColumn => ({
	name: 'text',
	type: 'sparse',
	width: sparse.width,
	indptr: Uint32Array.from(sparse.indptr),
	indices: Uint32Array.from(sparse.indices),
	values: Float32Array.from(sparse.values)
});

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);

describe('isConstantFeature(variance, mean, n)', () => {
	it('is scikit-learn’s relative bound, not an absolute epsilon', () => {
		expect(isConstantFeature(0, 0, 10)).toBe(true);
		// A rounding residue around a large mean is constant…
		expect(isConstantFeature(1e-20, 1e6, 100)).toBe(true);
		// …but a genuine spread of 2e-16 around 3e-16 is not.
		expect(isConstantFeature(4e-32, 3e-16, 20)).toBe(false);
	});
});

describe('fitStandardize(columns) on numeric columns', () => {
	it('matches scikit-learn’s StandardScaler: mean, population std, a constant column kept at 1, a tiny-spread column scaled', () => {
		const columns = dense.columns.map((values, index) => ({ name: `c${index}`, values: Float32Array.from(values) }));
		const step = fitStandardize(columns);
		step.mean.forEach((mean, j) => expect(relative(mean, dense.mean[j]!)).toBeLessThan(1e-12));
		step.std.forEach((std, j) => expect(relative(std, dense.scale[j]!)).toBeLessThan(1e-9));
		expect(step.std[1]).toBe(1);
		// std 2e-16: the old absolute test (std < 10 ε) called this constant.
		expect(relative(step.std[2]!, 2e-16)).toBeLessThan(1e-6);
		columns.forEach((column, j) => {
			const scaled = applyStandardize(step, j, column.values);
			scaled.forEach((value, i) => expect(Math.abs(value - dense.transformed[j]![i]!)).toBeLessThan(1e-5));
		});
	});
});

describe('fitSparseScale(column, method) and applySparseScale(step, column)', () => {
	it("'standard' matches StandardScaler(with_mean=False): std over every row, zeros included; constant and unseen features keep 1", () => {
		const step = fitSparseScale(column(), 'standard');
		expect(step).toMatchObject({ type: 'sparse-scale', column: 'text', method: 'standard', width: sparse.width });
		step.scale.forEach((scale, j) => expect(relative(scale, sparse.standard.scale[j]!)).toBeLessThan(1e-6));
		expect(step.scale[8]).toBe(1);
		expect(step.scale[9]).toBe(1);
		const scaled = applySparseScale(step, column());
		scaled.values.forEach((value, k) => expect(relative(value, sparse.standard.values[k]!)).toBeLessThan(1e-6));
	});

	it("'max-abs' matches MaxAbsScaler", () => {
		const step = fitSparseScale(column(), 'max-abs');
		expect(step.scale).toEqual(sparse.maxAbs.scale.map(Math.fround));
		const scaled = applySparseScale(step, column());
		scaled.values.forEach((value, k) => expect(relative(value, sparse.maxAbs.values[k]!)).toBeLessThan(1e-6));
	});

	it('touches only the stored entries: the CSR structure is shared and nothing is densified', () => {
		const input = column();
		const scaled = applySparseScale(fitSparseScale(input, 'standard'), input);
		expect(scaled.indptr).toBe(input.indptr);
		expect(scaled.indices).toBe(input.indices);
		expect(scaled.values.length).toBe(input.values.length);
	});

	it('replays train’s scale on other rows, and refuses another width or an overflow, naming the row', () => {
		const train = column();
		const step = fitSparseScale(train, 'standard');
		const other: SparseColumn = { name: 'text', type: 'sparse', width: sparse.width, indptr: Uint32Array.from([0, 1, 2]), indices: Uint32Array.from([0, 8]), values: Float32Array.from([3, 7]) };
		expect(Array.from(applySparseScale(step, other).values)).toEqual([Math.fround(3 / step.scale[0]!), 7]);
		expect(() => applySparseScale(step, { ...other, width: 4 })).toThrow('has 4 features, but was scaled with 12');
		const tiny = { ...step, scale: step.scale.map(() => 1e-39) };
		expect(() => applySparseScale(tiny, other, 'test part')).toThrow('test part, row 1, feature 0: 3 / 1e-39 overflows a 32-bit float');
	});
});

describe('fitStandardize on columns with missing values (NaN)', () => {
	const { scalerWithNaN } = imputeFixture;
	const column = (values: (number | null)[]): Float32Array => Float32Array.from(values, (value) => (value === null ? Number.NaN : value));

	it('disregards NaN in fit and keeps it in transform, as StandardScaler (scripts/fixtures/impute.py)', () => {
		const columns = scalerWithNaN.train.map((values, j) => ({ name: `c${j}`, values: column(values) }));
		const step = fitStandardize(columns);
		step.mean.forEach((mean, j) => expect(relative(mean, scalerWithNaN.mean[j]!)).toBeLessThan(1e-12));
		step.std.forEach((std, j) => expect(relative(std, scalerWithNaN.scale[j]!)).toBeLessThan(1e-9));
		scalerWithNaN.test.forEach((values, j) => {
			const scaled = applyStandardize(step, j, column(values));
			scalerWithNaN.transformedTest[j]!.forEach((expected, i) => {
				if (expected === null) expect(scaled[i]).toBeNaN();
				else expect(Math.abs(scaled[i]! - expected)).toBeLessThanOrEqual(Math.abs(expected) * 2e-7 + 1e-12);
			});
		});
	});

	it('refuses a column with no value at all, naming it', () => {
		expect(() => fitStandardize([{ name: 'ok', values: column([1, 2]) }, { name: 'gone', values: column([null, null]) }])).toThrow(/'gone' has no value/);
	});
});
