import { describe, expect, it } from 'vitest';
import { partSizes, splitIndices } from '../../../src/lib/ml/split';

const labelsOf = (counts: number[]): Int8Array => Int8Array.from(counts.flatMap((count, label) => new Array<number>(count).fill(label)));
const countClasses = (labels: Int8Array, rows: Uint32Array, classes: number): number[] => {
	const counts = new Array<number>(classes).fill(0);
	for (const row of rows) counts[labels[row]!]!++;
	return counts;
};

describe('splitIndices', () => {
	it('splitIndices(labels, classes, options) splits each class in the same proportions', () => {
		const labels = labelsOf([300, 100]);
		const parts = splitIndices(labels, 2, { testFraction: 0.25, validationFraction: 0.2, seed: 1, stratify: true });
		expect(countClasses(labels, parts.test, 2)).toEqual([75, 25]);
		expect(countClasses(labels, parts.validation, 2)).toEqual([60, 20]);
		expect(countClasses(labels, parts.train, 2)).toEqual([165, 55]);
	});

	it('uses every row exactly once, and the same seed gives the same parts', () => {
		const labels = labelsOf([37, 21, 9]);
		const options = { testFraction: 0.3, validationFraction: 0.1, seed: 5, stratify: true };
		const parts = splitIndices(labels, 3, options);
		const all = [...parts.train, ...parts.test, ...parts.validation].sort((a, b) => a - b);
		expect(all).toEqual(Array.from({ length: 67 }, (_, index) => index));
		expect(splitIndices(labels, 3, options)).toEqual(parts);
		expect(splitIndices(labels, 3, { ...options, seed: 6 }).test).not.toEqual(parts.test);
	});

	it('totals follow scikit-learn (test = ⌈fraction · n⌉); leftover rows go to the largest remainders', () => {
		expect(partSizes(10, 0.25, 0)).toEqual({ train: 7, test: 3, validation: 0 });
		expect(partSizes(400, 0.3, 0)).toEqual({ train: 280, test: 120, validation: 0 });
		const labels = labelsOf([5, 5]);
		const parts = splitIndices(labels, 2, { testFraction: 0.3, validationFraction: 0, seed: 0, stratify: true });
		expect(countClasses(labels, parts.test, 2)).toEqual([2, 1]);
	});

	it('without stratification, still seeded and of the exact sizes', () => {
		const labels = labelsOf([50, 50]);
		const parts = splitIndices(labels, 2, { testFraction: 0.2, validationFraction: 0, seed: 3, stratify: false });
		expect([parts.train.length, parts.test.length, parts.validation.length]).toEqual([80, 20, 0]);
		expect(splitIndices(labels, 2, { testFraction: 0.2, validationFraction: 0, seed: 3, stratify: false })).toEqual(parts);
	});

	it('refuses fractions that leave a part empty', () => {
		expect(() => partSizes(3, 0.5, 0.4)).toThrow('3 rows are too few to split');
		expect(() => partSizes(100, 0.6, 0.4)).toThrow('leave no rows to train on');
		expect(() => partSizes(100, 0, 0)).toThrow('test fraction must be between 0 and 1');
		expect(() => partSizes(100, Number.NaN, 0)).toThrow('test fraction must be between 0 and 1');
	});

	it('gives the same parts for a seed as it always did (kept so a rewrite cannot reshuffle stored splits)', () => {
		const labels = Int8Array.from([0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0]);
		const options = { testFraction: 0.25, validationFraction: 0.25, seed: 9 };
		const stratified = splitIndices(labels, 2, { ...options, stratify: true });
		expect([...stratified.train]).toEqual([7, 10, 8, 3, 1, 2]);
		expect([...stratified.test]).toEqual([6, 11, 4]);
		expect([...stratified.validation]).toEqual([5, 9, 0]);
		const plain = splitIndices(labels, 2, { ...options, stratify: false });
		expect([...plain.train]).toEqual([4, 5, 7, 1, 9, 2]);
		expect([...plain.test]).toEqual([3, 11, 8]);
		expect([...plain.validation]).toEqual([0, 6, 10]);
	});

	it('splits a million rows (the two-blobs maximum) without overflowing the stack', () => {
		const labels = Int8Array.from({ length: 1_000_000 }, (_, row) => row % 2);
		const parts = splitIndices(labels, 2, { testFraction: 0.25, validationFraction: 0.1, seed: 0, stratify: true });
		expect([parts.train.length, parts.test.length, parts.validation.length]).toEqual([650_000, 250_000, 100_000]);
		expect(countClasses(labels, parts.test, 2)).toEqual([125_000, 125_000]);
	});

	it('refuses a label outside the classes, naming the row', () => {
		expect(() => splitIndices(Int8Array.from([0, 1, 2, 0]), 2, { testFraction: 0.5, validationFraction: 0, seed: 0, stratify: true })).toThrow('data row 3 has class 2, outside 0..1');
	});
});
