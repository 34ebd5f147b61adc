import { describe, expect, it } from 'vitest';
import { selectCsrRows } from '../../../src/lib/data/feature-matrix';
import type { TfidfStep } from '../../../src/lib/data/preprocessing';
import type { SparseColumn, Table } from '../../../src/lib/data/table';
import { hashBucket, murmur3Signed } from '../../../src/lib/ml/murmur3';
import { replayPreprocessing } from '../../../src/lib/ml/replay';
import { fitTfidf, idfOf, tfidfColumn, tfidfRow } from '../../../src/lib/ml/tfidf';
import { hashText, hashVectorize, hashVectorizeStep } from '../../../src/lib/ml/vectorize';
import { expectRow, fixture, stepOf } from './hashing-fixture';

const rowsOf = (column: SparseColumn, rows: number[]): SparseColumn => ({ ...column, ...selectCsrRows(column, rows) });

describe('TF-IDF parity with scikit-learn TfidfTransformer (fitted on the train rows)', () => {
	for (const { hashing, tfidf, idf, rows } of fixture.tfidf) {
		it(`fitTfidf and tfidfColumn equal TfidfTransformer(${JSON.stringify(tfidf)}) after HashingVectorizer(${JSON.stringify(hashing)})`, () => {
			const hashed = hashVectorize(fixture.texts, stepOf(hashing));
			const step = fitTfidf(rowsOf(hashed, fixture.train), tfidf);
			expect(step.documents).toBe(idf.documents);
			expect(step.buckets).toEqual(idf.buckets);
			const weights = idfOf(step);
			idf.buckets.forEach((bucket, k) => expect(weights[bucket]).toBeCloseTo(idf.values[k]!, 8));

			const weighted = tfidfColumn(hashed, step);
			fixture.texts.forEach((text, row) => {
				const start = weighted.indptr[row]!;
				const end = weighted.indptr[row + 1]!;
				const where = `row ${row} ${JSON.stringify(text.slice(0, 40))}`;
				expectRow({ indices: weighted.indices.subarray(start, end), values: weighted.values.subarray(start, end) }, rows[row]!, where);
				expectRow(tfidfRow(hashText(text, stepOf(hashing)), step), rows[row]!, `${where} (one row)`);
			});
		});
	}
});

describe('TF-IDF', () => {
	const hash = hashVectorizeStep('review', { buckets: 1 << 18, ngramMax: 1, lowercase: true, alternateSign: false, norm: 'none' });
	const train = hashVectorize(['good value', 'bad value', 'good good'], hash);

	it('fitTfidf counts documents per bucket and keeps only the buckets some training row has', () => {
		const step = fitTfidf(train, { smoothIdf: true, sublinearTf: false, norm: 'l2' });
		expect(step).toMatchObject({ type: 'tfidf', column: 'review', width: 1 << 18, documents: 3 });
		const dfOf = (word: string) => step.df[step.buckets.indexOf(hashText(word, hash).indices[0]!)];
		expect([dfOf('good'), dfOf('value'), dfOf('bad')]).toEqual([2, 2, 1]);
		const weights = idfOf(step);
		expect(weights[hashText('unseen', hash).indices[0]!]).toBeCloseTo(Math.log(4) + 1, 12);
		expect(weights[hashText('bad', hash).indices[0]!]).toBeCloseTo(Math.log(4 / 2) + 1, 12);
	});

	it('unsmoothed, a bucket no training row has is dropped instead of getting an infinite weight', () => {
		const step = fitTfidf(train, { smoothIdf: false, sublinearTf: false, norm: 'none' });
		const row = tfidfRow(hashText('good unseen', hash), step);
		expect(Array.from(row.indices)).toEqual(Array.from(hashText('good', hash).indices));
		expect(row.values[0]).toBeCloseTo(Math.log(3 / 2) + 1, 6);
	});

	it('sublinear tf refuses a value it cannot take the log of, naming the row', () => {
		const negative = Array.from({ length: 20 }, (_, i) => `w${i}`).find((word) => murmur3Signed(word) < 0)!;
		const signed = hashVectorize(['good', `${negative} ${negative}`], hashVectorizeStep('review', { buckets: 1 << 18, ngramMax: 1, lowercase: true, norm: 'none' }));
		const step = fitTfidf(signed, { smoothIdf: true, sublinearTf: true, norm: 'l2' });
		expect(() => tfidfColumn(signed, step)).toThrow(`sublinear tf takes the log of each value, and data row 2 of 'review' has -2 in bucket ${hashBucket(negative, 1 << 18)}`);
		const zero: SparseColumn = { name: 'review', type: 'sparse', width: 4, indptr: Uint32Array.of(0, 1), indices: Uint32Array.of(2), values: Float32Array.of(0) };
		expect(() => tfidfColumn(zero, fitTfidf(zero, { smoothIdf: true, sublinearTf: true, norm: 'none' }))).toThrow("row 1 of 'review' has 0 in bucket 2");
	});

	it('a fitted step survives JSON and structured clone and weighs the same', () => {
		const step = fitTfidf(train, { smoothIdf: true, sublinearTf: true, norm: 'l2' });
		const test = hashVectorize(['good value for money', 'bad'], hash);
		const expected = tfidfColumn(test, step);
		expect(tfidfColumn(test, JSON.parse(JSON.stringify(step)) as TfidfStep)).toEqual(expected);
		expect(tfidfColumn(test, structuredClone(step))).toEqual(expected);
	});

	it('idfOf refuses a step with broken arrays (from a file), and tfidfColumn a column of another width', () => {
		const step = fitTfidf(train, { smoothIdf: true, sublinearTf: false, norm: 'l2' });
		expect(() => idfOf({ ...step, df: step.df.slice(1) })).toThrow('buckets but');
		expect(() => idfOf({ ...step, buckets: [...step.buckets].reverse() })).toThrow('out of order');
		expect(() => idfOf({ ...step, df: step.df.map(() => 9) })).toThrow('document frequency 9, outside 1..3');
		expect(() => tfidfColumn({ ...train, width: 8 }, step)).toThrow("'review' has 8 buckets but its TF-IDF was fitted on 262144");
	});

	it('replayPreprocessing hashes raw text then weighs it with the fitted idf, as the pipeline did', () => {
		const step = fitTfidf(train, { smoothIdf: true, sublinearTf: false, norm: 'l2' });
		const texts = ['good value for money', 'bad', ''];
		const raw: Table = { kind: 'table', name: 'new', rowCount: 3, columns: [{ name: 'review', type: 'text', values: texts }], labelName: 'y', classes: ['a', 'b'], labels: Int8Array.of(0, 1, 0), source: 'test' };
		const replayed = replayPreprocessing(raw, [hash, step]);
		expect(replayed.columns[0]).toEqual(tfidfColumn(hashVectorize(texts, hash), step));
		expect(replayed.preprocessing).toEqual([hash, step]);
		expect(() => replayPreprocessing(raw, [step])).toThrow("column 'review' of table 'new' is not hashed words");
	});
});
