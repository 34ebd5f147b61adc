import { describe, expect, it } from 'vitest';
import { splitCell } from '../../../src/lib/cells/split';
import type { Splits, Table } from '../../../src/lib/cells/values';
import { vectorizeCell } from '../../../src/lib/cells/vectorize';
import { hashBucket } from '../../../src/lib/ml/murmur3';
import { fakeContext } from './fake-context';

const reviews = (): Table => ({
	kind: 'table',
	name: 'reviews',
	rowCount: 4,
	columns: [
		{ name: 'stars', type: 'numeric', values: Float32Array.from([5, 1, 4, 2]) },
		{ name: 'review', type: 'text', values: ['Great great value', 'not great', 'Good value', 'bad'] }
	],
	labelName: 'sentiment',
	classes: ['negative', 'positive'],
	labels: Int8Array.from([1, 0, 1, 0]),
	source: 'test'
});

const params = { column: '', buckets: 16, ngramMax: 1, lowercase: true };

describe('vectorize cell', () => {
	it('replaces the text column by one count column per bucket, in place, and records the step', async () => {
		const table = (await vectorizeCell.run(params, { data: [reviews()] }, fakeContext())) as Table;
		expect(table.kind).toBe('table');
		expect(table.columns.map((column) => column.name)).toEqual(['stars', ...Array.from({ length: 16 }, (_, bucket) => `review#${bucket}`)]);
		const great = table.columns[1 + hashBucket('great', 16)]!.values as Float32Array;
		expect(great[0]).toBeGreaterThanOrEqual(2);
		expect(great[3]).toBe(0);
		const total = (row: number) => table.columns.slice(1).reduce((sum, column) => sum + (column.values as Float32Array)[row]!, 0);
		expect([0, 1, 2, 3].map(total)).toEqual([3, 2, 2, 1]);
		expect(table.preprocessing).toEqual([
			{ type: 'hash-vectorize', column: 'review', buckets: 16, ngramMax: 1, lowercase: true, tokenPattern: '(?u)\\b\\w\\w+\\b', hash: 'murmur3_32', seed: 0, prefix: 'review#' }
		]);
	});

	it('counts bigrams when ngramMax is 2', async () => {
		const table = (await vectorizeCell.run({ ...params, buckets: 1 << 12, ngramMax: 2 }, { data: [reviews()] }, fakeContext())) as Table;
		const notGreat = table.columns[1 + hashBucket('not great', 1 << 12)]!.values as Float32Array;
		expect(notGreat[1]).toBeGreaterThanOrEqual(1);
		const total = table.columns.slice(1).reduce((sum, column) => sum + (column.values as Float32Array)[1]!, 0);
		expect(total).toBe(3);
	});

	it('works on splits too, each part alike, and the split carries a table step into splits', async () => {
		const splits = await splitCell.run({ testFraction: 0.5, validationFraction: 0, seed: 1, stratify: true }, { data: [reviews()] }, fakeContext());
		const vectorized = (await vectorizeCell.run(params, { data: [splits] }, fakeContext())) as Splits;
		expect(vectorized.kind).toBe('splits');
		expect(vectorized.test.columns).toHaveLength(17);
		expect(vectorized.preprocessing.map((step) => step.type)).toEqual(['hash-vectorize']);

		const beforeSplit = (await vectorizeCell.run(params, { data: [reviews()] }, fakeContext())) as Table;
		const splitAfter = await splitCell.run({ testFraction: 0.5, validationFraction: 0, seed: 1, stratify: true }, { data: [beforeSplit] }, fakeContext());
		expect(splitAfter.preprocessing).toEqual(vectorized.preprocessing);
		expect(splitAfter.test.columns).toEqual(vectorized.test.columns);
	});

	it('refuses a numeric or missing column', async () => {
		await expect(vectorizeCell.run({ ...params, column: 'stars' }, { data: [reviews()] }, fakeContext())).rejects.toThrow("column 'stars' is numeric");
		await expect(vectorizeCell.run({ ...params, column: 'text' }, { data: [reviews()] }, fakeContext())).rejects.toThrow("column 'text' not found in reviews; text columns: 'review'");
	});
});
