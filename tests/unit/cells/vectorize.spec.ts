import { describe, expect, it } from 'vitest';
import { splitCell } from '../../../src/lib/cells/split';
import { trainCell } from '../../../src/lib/cells/train';
import type { Splits, Table } from '../../../src/lib/cells/values';
import { defaultTextColumn, vectorizeCell } from '../../../src/lib/cells/vectorize';
import { validateCsr } from '../../../src/lib/data/feature-matrix';
import type { SparseColumn } from '../../../src/lib/data/table';
import { hashBucket } from '../../../src/lib/ml/murmur3';
import { predictTable } from '../../../src/lib/ml/predict';
import { replayPreprocessing } from '../../../src/lib/ml/replay';
import { fitTfidf, tfidfColumn } from '../../../src/lib/ml/tfidf';
import { hashVectorize } from '../../../src/lib/ml/vectorize';
import { fakeContext } from './fake-context';

const reviews = (texts = ['Great great value', 'not great', 'Good value', 'bad', 'great price', 'bad value', 'not bad', 'good good']): Table => ({
	kind: 'table',
	name: 'reviews',
	rowCount: texts.length,
	columns: [
		{ name: 'stars', type: 'numeric', values: Float32Array.from(texts, (_, i) => i % 5) },
		{ name: 'review', type: 'text', values: texts }
	],
	labelName: 'sentiment',
	classes: ['negative', 'positive'],
	labels: Int8Array.from(texts, (_, i) => (i % 2 === 0 ? 1 : 0)),
	source: 'test'
});

/** The keys of notebooks written before the scikit-learn options: the rest take the fields' defaults. */
const oldParams = { column: '', buckets: 16, ngramMax: 1, lowercase: true };
const counts = { ...oldParams, alternateSign: false, norm: 'none' as const };
const splitParams = { testFraction: 0.25, validationFraction: 0.25, seed: 1, stratify: true };

const sparse = (table: Table, name = 'review') => table.columns.find((column) => column.name === name) as SparseColumn;
const row = (column: SparseColumn, index: number) => {
	const start = column.indptr[index]!;
	const end = column.indptr[index + 1]!;
	return new Map(Array.from(column.indices.subarray(start, end), (bucket, k) => [bucket, column.values[start + k]!]));
};

describe('vectorize cell', () => {
	it('replaces the text column by one sparse column, in place, and records the step', async () => {
		const context = fakeContext();
		const table = (await vectorizeCell.run(counts, { data: [reviews()] }, context)) as Table;
		expect(table.columns.map((column) => [column.name, column.type])).toEqual([['stars', 'numeric'], ['review', 'sparse']]);
		const column = sparse(table);
		expect(column.width).toBe(16);
		validateCsr({ ...column, rowCount: table.rowCount, featureCount: 16 }, 'review');
		expect(row(column, 0).get(hashBucket('great', 16))).toBeGreaterThanOrEqual(2);
		const total = (index: number) => [...row(column, index).values()].reduce((sum, value) => sum + value, 0);
		expect([0, 1, 2, 3].map(total)).toEqual([3, 2, 2, 1]);
		expect(table.preprocessing).toEqual([
			{ type: 'hash-vectorize', column: 'review', buckets: 16, ngramMin: 1, ngramMax: 1, lowercase: true, alternateSign: false, binary: false, norm: 'none', tokenPattern: '(?u)\\b\\w\\w+\\b', hash: 'murmur3_32', seed: 0, prefix: 'review#' }
		]);
		const nnz = column.indices.length;
		// The log names the column it hashed, which an empty "Text column" leaves to the cell.
		expect(context.lines).toEqual([`reviews: 8 texts of 'review' → hashed words: ${nnz} non-zeros in ${new Set(column.indices).size} of 16 buckets, ${(nnz / 8).toFixed(1)} per row`]);
	});

	it('an empty Text column means the first text column, as its placeholder says', async () => {
		const two: Table = { ...reviews(), columns: [...reviews().columns, { name: 'title', type: 'text', values: reviews().columns[1]!.values as string[] }] };
		expect(defaultTextColumn(two)).toBe('review');
		expect(defaultTextColumn({ columns: [two.columns[0]!] })).toBeUndefined();
		const context = fakeContext();
		const table = (await vectorizeCell.run(counts, { data: [two] }, context)) as Table;
		expect(table.columns.map((column) => column.type)).toEqual(['numeric', 'sparse', 'text']);
		expect(context.lines[0]).toContain("8 texts of 'review' → hashed words");
		const field = vectorizeCell.fields.find((candidate) => candidate.key === 'column');
		expect(field?.type === 'text' && field.placeholder).toBe('first text column');
	});

	it("defaults to scikit-learn's HashingVectorizer: 2^18 buckets, alternate sign, l2 norm", async () => {
		const defaults = Object.fromEntries(vectorizeCell.fields.map((field) => [field.key, field.default]));
		expect(defaults).toMatchObject({ buckets: 2 ** 18, ngramMin: 1, ngramMax: 1, lowercase: true, alternateSign: true, binary: false, norm: 'l2', tfidf: false, smoothIdf: true, sublinearTf: false });
		expect(vectorizeCell.fields.find((field) => field.key === 'buckets')).toMatchObject({ min: 2, max: 2 ** 24 });
		const table = (await vectorizeCell.run({ ...oldParams, buckets: 2 ** 18 }, { data: [reviews()] }, fakeContext())) as Table;
		const first = row(sparse(table), 0);
		expect([...first.values()].reduce((sum, value) => sum + value * value, 0)).toBeCloseTo(1, 6);
		expect(table.preprocessing?.[0]).toMatchObject({ alternateSign: true, norm: 'l2', buckets: 2 ** 18 });
	});

	it('holds 2^24 buckets: memory follows the words, not the buckets', async () => {
		const table = (await vectorizeCell.run({ ...oldParams, buckets: 2 ** 24 }, { data: [reviews()] }, fakeContext())) as Table;
		expect(sparse(table).width).toBe(2 ** 24);
		expect(sparse(table).indices.length).toBe(14);
	});

	it('counts n-grams in the chosen range', async () => {
		const bigrams = (await vectorizeCell.run({ ...counts, buckets: 1 << 12, ngramMin: 2, ngramMax: 2 }, { data: [reviews()] }, fakeContext())) as Table;
		expect(row(sparse(bigrams), 1)).toEqual(new Map([[hashBucket('not great', 1 << 12), 1]]));
		await expect(vectorizeCell.run({ ...counts, ngramMin: 3, ngramMax: 2 }, { data: [reviews()] }, fakeContext())).rejects.toThrow('shortest n-gram (3) is longer than the longest (2)');
	});

	it('works on splits too, each part alike, and the split carries a table step into splits', async () => {
		const splits = await splitCell.run(splitParams, { data: [reviews()] }, fakeContext());
		const vectorized = (await vectorizeCell.run(oldParams, { data: [splits] }, fakeContext())) as Splits;
		expect(vectorized.kind).toBe('splits');
		expect(vectorized.test.columns.map((column) => column.type)).toEqual(['numeric', 'sparse']);
		expect(vectorized.preprocessing.map((step) => step.type)).toEqual(['hash-vectorize']);

		const beforeSplit = (await vectorizeCell.run(oldParams, { data: [reviews()] }, fakeContext())) as Table;
		const splitAfter = await splitCell.run(splitParams, { data: [beforeSplit] }, fakeContext());
		expect(splitAfter.preprocessing).toEqual(vectorized.preprocessing);
		expect(splitAfter.test.columns).toEqual(vectorized.test.columns);
	});

	it('TF-IDF on splits fits idf on the train part only and weighs every part with it', async () => {
		const splits = await splitCell.run(splitParams, { data: [reviews()] }, fakeContext());
		const params = { ...oldParams, buckets: 1 << 10, tfidf: true, alternateSign: false, sublinearTf: true };
		const context = fakeContext();
		const vectorized = (await vectorizeCell.run(params, { data: [splits] }, context)) as Splits;
		const [hash, tfidf] = vectorized.preprocessing;
		expect(hash).toMatchObject({ type: 'hash-vectorize', norm: 'none' });
		expect(tfidf).toMatchObject({ type: 'tfidf', column: 'review', width: 1 << 10, smoothIdf: true, sublinearTf: true, norm: 'l2', documents: splits.train.rowCount });

		const texts = (table: Table) => (table.columns[1] as { values: string[] }).values;
		const expectedStep = fitTfidf(hashVectorize(texts(splits.train), hash as never), { smoothIdf: true, sublinearTf: true, norm: 'l2' });
		expect(tfidf).toEqual(expectedStep);
		for (const part of ['train', 'test', 'validation'] as const) {
			expect(sparse(vectorized[part]!)).toEqual(tfidfColumn(hashVectorize(texts(splits[part]!), hash as never), expectedStep));
		}
		expect(context.lines.some((line) => line.startsWith(`TF-IDF fitted on ${splits.train.rowCount} train rows`))).toBe(true);

		// Other test rows, the same weights: nothing of the test part reaches the fitted step.
		const otherTest = { ...splits, test: { ...splits.test, columns: [splits.test.columns[0]!, { name: 'review', type: 'text' as const, values: texts(splits.test).map(() => 'completely different words') }] } };
		const again = (await vectorizeCell.run(params, { data: [otherTest] }, fakeContext())) as Splits;
		expect(again.preprocessing).toEqual(vectorized.preprocessing);
		expect(again.train).toEqual(vectorized.train);
	});

	it('a model trained on TF-IDF features scores the raw test text exactly as its vectorized test split', async () => {
		const splits = await splitCell.run(splitParams, { data: [reviews()] }, fakeContext());
		const vectorized = (await vectorizeCell.run({ ...oldParams, buckets: 1 << 12, ngramMax: 2, tfidf: true, sublinearTf: true, alternateSign: false }, { data: [splits] }, fakeContext())) as Splits;
		const defaults = Object.fromEntries(trainCell.fields.map((field) => [field.key, field.default])) as unknown as Parameters<typeof trainCell.run>[0];
		const model = await trainCell.run({ ...defaults, epochs: 5 }, { data: [vectorized] }, fakeContext());
		expect(model.preprocessing.map((step) => step.type)).toEqual(['hash-vectorize', 'tfidf']);
		const fromRaw = predictTable(model, replayPreprocessing(splits.test, model.preprocessing));
		expect(fromRaw).toEqual(predictTable(model, vectorized.test));
	});

	it('refuses TF-IDF before the split (idf would see test rows) and sublinear tf of signed counts', async () => {
		await expect(vectorizeCell.run({ ...oldParams, tfidf: true }, { data: [reviews()] }, fakeContext())).rejects.toThrow(
			'TF-IDF fits its idf on training rows, and this cell gets the whole table: link it after a split cell (vectorize after the split)'
		);
		const splits = await splitCell.run(splitParams, { data: [reviews()] }, fakeContext());
		await expect(vectorizeCell.run({ ...oldParams, tfidf: true, sublinearTf: true, alternateSign: true }, { data: [splits] }, fakeContext())).rejects.toThrow(
			'sublinear tf takes the log of each count, and with alternate sign a count can be negative or cancel to 0'
		);
	});

	it('refuses a numeric or missing column', async () => {
		await expect(vectorizeCell.run({ ...oldParams, column: 'stars' }, { data: [reviews()] }, fakeContext())).rejects.toThrow("column 'stars' is numeric");
		await expect(vectorizeCell.run({ ...oldParams, column: 'text' }, { data: [reviews()] }, fakeContext())).rejects.toThrow("column 'text' not found in reviews; text columns: 'review'");
	});
});
