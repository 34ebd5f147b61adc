import { describe, expect, it } from 'vitest';
import { scaleCell } from '../../../src/lib/cells/scale';
import type { Splits, Table } from '../../../src/lib/cells/values';
import { fakeContext } from './fake-context';

const part = (name: string, x: number[], constant: number): Table => ({
	kind: 'table',
	name,
	rowCount: x.length,
	columns: [
		{ name: 'x', type: 'numeric', values: Float32Array.from(x) },
		{ name: 'flat', type: 'numeric', values: new Float32Array(x.length).fill(constant) },
		{ name: 'note', type: 'text', values: x.map(String) }
	],
	labelName: 'y',
	classes: ['a', 'b'],
	labels: Int8Array.from(x, (_, index) => index % 2),
	source: 'test'
});

const splits = (): Splits => ({
	kind: 'splits',
	train: part('train', [1, 2, 3, 4], 7),
	test: part('test', [100, 200], 7),
	validation: part('validation', [2.5], 9),
	preprocessing: []
});

describe('scale cell', () => {
	it('fits mean and population std on train only and applies them to every part', async () => {
		const scaled = await scaleCell.run({ columns: [] }, { data: [splits()] }, fakeContext());
		const std = Math.sqrt(1.25);
		expect(Array.from(scaled.train.columns[0]!.values as Float32Array)).toEqual(Array.from(Float32Array.from([1, 2, 3, 4], (x) => (x - 2.5) / std)));
		// Test rows are scaled with train's statistics: their own large values do not move the mean.
		expect((scaled.test.columns[0]!.values as Float32Array)[0]).toBeCloseTo((100 - 2.5) / std, 4);
		expect((scaled.validation!.columns[0]!.values as Float32Array)[0]).toBe(0);
		expect(scaled.preprocessing).toEqual([{ type: 'standardize', columns: ['x', 'flat'], mean: [2.5, 7], std: [std, 1] }]);
	});

	it('maps a constant column to 0 (std 1) and leaves text untouched', async () => {
		const scaled = await scaleCell.run({ columns: [] }, { data: [splits()] }, fakeContext());
		expect(Array.from(scaled.train.columns[1]!.values as Float32Array)).toEqual([0, 0, 0, 0]);
		expect(Array.from(scaled.validation!.columns[1]!.values as Float32Array)).toEqual([2]);
		expect(scaled.test.columns[2]).toEqual(splits().test.columns[2]);
	});

	it('scales only the named columns, and refuses unknown or text ones', async () => {
		const scaled = await scaleCell.run({ columns: ['flat'] }, { data: [splits()] }, fakeContext());
		expect(scaled.train.columns[0]).toEqual(splits().train.columns[0]);
		await expect(scaleCell.run({ columns: ['z'] }, { data: [splits()] }, fakeContext())).rejects.toThrow("column 'z' not found; numeric columns: 'x', 'flat'");
		await expect(scaleCell.run({ columns: ['note'] }, { data: [splits()] }, fakeContext())).rejects.toThrow("column 'note' is text: vectorize it before scaling");
	});
});
