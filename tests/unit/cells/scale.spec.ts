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

	it('divides a sparse column by its train std without centring, keeping its non-zeros only, and applies train’s scale to test', async () => {
		// Buckets 0 and 3 of 8: train rows hold 2, 0, 4, 0 in bucket 0 and 1 in bucket 3 of every row.
		const sparsePart = (name: string, bucket0: number[]): Table => {
			const indptr = new Uint32Array(bucket0.length + 1);
			const indices: number[] = [];
			const values: number[] = [];
			bucket0.forEach((value, row) => {
				if (value !== 0) {
					indices.push(0);
					values.push(value);
				}
				indices.push(3);
				values.push(1);
				indptr[row + 1] = indices.length;
			});
			return { ...part(name, bucket0, 1), columns: [{ name: 'words', type: 'sparse', width: 8, indptr, indices: Uint32Array.from(indices), values: Float32Array.from(values) }] };
		};
		const input: Splits = { kind: 'splits', train: sparsePart('train', [2, 0, 4, 0]), test: sparsePart('test', [6]), validation: null, preprocessing: [] };
		const context = fakeContext();
		const scaled = await scaleCell.run({ columns: [], sparse: 'standard' }, { data: [input] }, context);
		// Bucket 0 over all four rows: mean 1.5, population std sqrt(2.75); bucket 3 is constant (1 everywhere): scale 1.
		const std = Math.fround(Math.sqrt(2.75));
		const step = scaled.preprocessing[0];
		expect(step).toMatchObject({ type: 'sparse-scale', column: 'words', method: 'standard', width: 8 });
		expect(step?.type === 'sparse-scale' && step.scale).toEqual([std, 1, 1, 1, 1, 1, 1, 1]);
		const train = scaled.train.columns[0]!;
		const test = scaled.test.columns[0]!;
		if (train.type !== 'sparse' || test.type !== 'sparse') throw new Error('expected sparse columns');
		expect(Array.from(train.values)).toEqual([2, 1, 1, 4, 1, 1].map((value, k) => (k === 0 || k === 3 ? Math.fround(value / std) : 1)));
		expect(Array.from(train.indices)).toEqual(Array.from(input.train.columns[0]!.type === 'sparse' ? input.train.columns[0]!.indices : []));
		expect(Array.from(test.values)).toEqual([Math.fround(6 / std), 1]);
		expect(scaleCell.summarize(scaled)).toEqual({ columns: 1, train: 4 });
		expect(context.lines).toContain('words: 8 features divided by their std, not centred; 7 constant or unseen keep scale 1');

		const maxAbs = await scaleCell.run({ columns: ['words'], sparse: 'max-abs' }, { data: [input] }, fakeContext());
		const byMax = maxAbs.train.columns[0]!;
		expect(byMax.type === 'sparse' && Array.from(byMax.values)).toEqual([0.5, 1, 1, 1, 1, 1]);
	});

	it('scales numeric columns (centred) and sparse ones (not) of the same table in one cell', async () => {
		const base = splits();
		const words = { name: 'words', type: 'sparse' as const, width: 4, indptr: Uint32Array.from([0, 1, 1, 2, 3]), indices: Uint32Array.from([1, 1, 2]), values: Float32Array.from([2, 2, 5]) };
		const withWords: Splits = { ...base, train: { ...base.train, columns: [...base.train.columns, words] }, test: { ...base.test, columns: base.test.columns }, validation: null };
		await expect(scaleCell.run({ columns: [] }, { data: [withWords] }, fakeContext())).rejects.toThrow("column 'words' is in train but not in test");
		const test = { ...base.test, columns: [...base.test.columns, { ...words, indptr: Uint32Array.from([0, 1, 2]), indices: Uint32Array.from([1, 3]), values: Float32Array.from([4, 9]) }] };
		const scaled = await scaleCell.run({ columns: [] }, { data: [{ ...withWords, test }] }, fakeContext());
		expect(scaled.preprocessing.map((step) => step.type)).toEqual(['standardize', 'sparse-scale']);
		expect(scaleCell.summarize(scaled)).toEqual({ columns: 3, train: 4 });
		// Bucket 3 never appears in train: scale 1, so a test value there passes unchanged.
		const testWords = scaled.test.columns[3]!;
		expect(testWords.type === 'sparse' && testWords.values[1]).toBe(9);
	});

	it('scales an input it owns in place, to the same values, and a buffer reached twice only once', async () => {
		const copied = await scaleCell.run({ columns: [] }, { data: [splits()] }, fakeContext());
		const owned = splits();
		const trainX = owned.train.columns[0]!.values;
		const inPlace = await scaleCell.run({ columns: [] }, { data: [owned] }, { ...fakeContext(), ownsInputs: true });
		expect(inPlace).toEqual(copied);
		expect(inPlace.train.columns[0]!.values).toBe(trainX);
		// The same rows as train and as validation (one array in both parts): scaled once, then copied.
		const twice = splits();
		twice.validation = twice.train;
		const scaled = await scaleCell.run({ columns: [] }, { data: [twice] }, { ...fakeContext(), ownsInputs: true });
		expect(Array.from(scaled.validation!.columns[0]!.values as Float32Array)).toEqual(Array.from(copied.train.columns[0]!.values as Float32Array));
		expect(scaled.validation!.columns[0]!.values).not.toBe(scaled.train.columns[0]!.values);
	});
});
