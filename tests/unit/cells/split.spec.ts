import { describe, expect, it } from 'vitest';
import { splitCell } from '../../../src/lib/cells/split';
import type { Table } from '../../../src/lib/cells/values';
import type { HashVectorizeStep } from '../../../src/lib/data/preprocessing';
import { fakeContext } from './fake-context';

const table = (rows: number): Table => ({
	kind: 'table',
	name: 'points',
	rowCount: rows,
	columns: [
		{ name: 'x', type: 'numeric', values: Float32Array.from({ length: rows }, (_, row) => row) },
		{ name: 'note', type: 'text', values: Array.from({ length: rows }, (_, row) => `row ${row}`) }
	],
	labelName: 'y',
	classes: ['a', 'b'],
	labels: Int8Array.from({ length: rows }, (_, row) => (row % 4 === 0 ? 1 : 0)),
	source: 'test'
});

describe('split cell', () => {
	it('splits a table into train, test and validation, keeping each row with its label', async () => {
		const context = fakeContext();
		const splits = await splitCell.run({ testFraction: 0.25, validationFraction: 0.25, seed: 2, stratify: true }, { data: [table(40)] }, context);
		expect(splitCell.summarize(splits)).toEqual({ train: 20, test: 10, validation: 10 });
		for (const part of [splits.train, splits.test, splits.validation!]) {
			const x = part.columns[0]!.values as Float32Array;
			part.labels.forEach((label, index) => {
				expect(label).toBe(x[index]! % 4 === 0 ? 1 : 0);
				expect((part.columns[1]!.values as string[])[index]).toBe(`row ${x[index]}`);
			});
		}
		// 10 of 'b' × 10/40 = 2.5 rows: the tied remainder goes to the earlier class 'a'.
		expect(splits.test.labels.filter((label) => label === 1).length).toBe(2);
		expect(context.lines.some((line) => line.startsWith('points (train): 20 rows'))).toBe(true);
	});

	it('carries the preprocessing a table already went through', async () => {
		const step: HashVectorizeStep = { type: 'hash-vectorize', column: 'note', buckets: 4, ngramMax: 1, lowercase: true, tokenPattern: '', hash: 'murmur3_32', seed: 0, prefix: 'note#' };
		const splits = await splitCell.run({ testFraction: 0.25, validationFraction: 0, seed: 2, stratify: true }, { data: [{ ...table(8), preprocessing: [step] }] }, fakeContext());
		expect(splits.preprocessing).toEqual([step]);
		expect(splits.validation).toBeNull();
	});

	it('refuses when a part would be empty', async () => {
		await expect(splitCell.run({ testFraction: 0.5, validationFraction: 0.4, seed: 0, stratify: true }, { data: [table(3)] }, fakeContext())).rejects.toThrow('too few to split');
	});

	it('splits a sparse (CSR) column row by row, keeping the non-zeros of each row with its label', async () => {
		const rows = 12;
		// Row r has r % 3 non-zeros at buckets r, r + 1, … with value r (row 0 is empty).
		const indptr = new Uint32Array(rows + 1);
		const indices: number[] = [];
		const values: number[] = [];
		for (let r = 0; r < rows; r++) {
			for (let k = 0; k < r % 3; k++) {
				indices.push(r + k);
				values.push(r);
			}
			indptr[r + 1] = indices.length;
		}
		const sparse: Table = {
			...table(rows),
			columns: [
				{ name: 'x', type: 'numeric', values: Float32Array.from({ length: rows }, (_, row) => row) },
				{ name: 'text', type: 'sparse', width: 1 << 18, indptr, indices: Uint32Array.from(indices), values: Float32Array.from(values) }
			]
		};
		const splits = await splitCell.run({ testFraction: 0.25, validationFraction: 0, seed: 4, stratify: true }, { data: [sparse] }, fakeContext());
		for (const part of [splits.train, splits.test]) {
			const x = part.columns[0]!.values as Float32Array;
			const column = part.columns[1]!;
			if (column.type !== 'sparse') throw new Error('expected a sparse column');
			expect(column.width).toBe(1 << 18);
			x.forEach((row, i) => {
				const start = column.indptr[i]!;
				const end = column.indptr[i + 1]!;
				expect(end - start).toBe(row % 3);
				expect([...column.indices.subarray(start, end)]).toEqual(Array.from({ length: row % 3 }, (_, k) => row + k));
				expect([...column.values.subarray(start, end)]).toEqual(new Array<number>(row % 3).fill(row));
				expect(part.labels[i]).toBe(row % 4 === 0 ? 1 : 0);
			});
		}
	});

	it('releases each column of an input it owns once every part has its rows, with the same parts', async () => {
		const params = { testFraction: 0.25, validationFraction: 0.25, seed: 3, stratify: true };
		const kept = table(40);
		const copied = await splitCell.run(params, { data: [kept] }, fakeContext());
		// Not its own (the in-process executor): the input is left whole.
		expect((kept.columns[0]!.values as Float32Array).length).toBe(40);
		const owned = table(40);
		const released = await splitCell.run(params, { data: [owned] }, { ...fakeContext(), ownsInputs: true });
		expect(released).toEqual(copied);
		expect(owned.columns.map((column) => [column.name, column.type, column.values.length])).toEqual([
			['x', 'numeric', 0],
			['note', 'text', 0]
		]);
	});

	it('never releases a column in shared memory (another thread reads it), even from an owned input', async () => {
		const shared = table(40);
		const values = new Float32Array(new SharedArrayBuffer(40 * 4));
		values.set(shared.columns[0]!.values as Float32Array);
		shared.columns[0] = { name: 'x', type: 'numeric', values };
		await splitCell.run({ testFraction: 0.25, validationFraction: 0, seed: 3, stratify: true }, { data: [shared] }, { ...fakeContext(), ownsInputs: true });
		expect(shared.columns[0]!.values).toBe(values);
		expect(shared.columns[1]!.values.length).toBe(40);
	});
});
