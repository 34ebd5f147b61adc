import { describe, expect, it } from 'vitest';
import { validateCsr } from '../../../src/lib/data/feature-matrix';
import type { HashVectorizeStep } from '../../../src/lib/data/preprocessing';
import { hashBucket, murmur3Signed } from '../../../src/lib/ml/murmur3';
import { createRandom } from '../../../src/lib/ml/rng';
import { tokenize, wordNgrams } from '../../../src/lib/ml/tokens';
import { hashText, hashVectorize, hashVectorizeStep, MAX_BUCKETS } from '../../../src/lib/ml/vectorize';

/** The row by the plain definition: regex tokens, n-gram strings, murmur3 of each, summed per bucket. */
function referenceRow(text: string, step: { buckets: number; ngramMin: number; ngramMax: number; lowercase: boolean; alternateSign: boolean }): Map<number, number> {
	const row = new Map<number, number>();
	for (const ngram of wordNgrams(tokenize(text, step.lowercase), step.ngramMax, step.ngramMin)) {
		const bucket = hashBucket(ngram, step.buckets);
		const sign = step.alternateSign && murmur3Signed(ngram) < 0 ? -1 : 1;
		row.set(bucket, (row.get(bucket) ?? 0) + sign);
	}
	return row;
}

const asMap = (row: { indices: Uint32Array; values: Float32Array }) => new Map(Array.from(row.indices, (bucket, k) => [bucket, row.values[k]!]));

describe('tokenize and wordNgrams', () => {
	it('tokenize(text, lowercase) keeps runs of two or more word characters, Unicode included', () => {
		expect(tokenize("Don't buy: it's a 10/10 NO-GO, naïve_user — Ökonomie!", true)).toEqual(['don', 'buy', 'it', '10', '10', 'no', 'go', 'naïve_user', 'ökonomie']);
		expect(tokenize('Great Value', false)).toEqual(['Great', 'Value']);
	});

	it('wordNgrams(tokens, ngramMax, ngramMin) lists the shortest n-grams first, joined by a space', () => {
		expect(wordNgrams(['not', 'very', 'good'], 3)).toEqual(['not', 'very', 'good', 'not very', 'very good', 'not very good']);
		expect(wordNgrams(['not', 'very', 'good'], 3, 2)).toEqual(['not very', 'very good', 'not very good']);
		expect(wordNgrams(['ok'], 2)).toEqual(['ok']);
		expect(wordNgrams(['ok'], 3, 2)).toEqual([]);
	});
});

describe('hashText', () => {
	it('hashText(text, step) equals the plain definition on random texts of tricky characters (scanner vs regex)', () => {
		const alphabet = ['a', 'B', 'z', '_', '0', '9', ' ', ' ', '.', "'", '-', 'é', 'İ', 'Σ', 'ß', '東', '京', '😀', '👍🏽', '𝐀', '𠀀', '\u0301', '\u00a0', '\u200b', '٣', '½', 'Ⅻ', '\ud800', '\n', 'ǅ'];
		const random = createRandom(7);
		for (let trial = 0; trial < 400; trial++) {
			const text = Array.from({ length: random.int(40) }, () => alphabet[random.int(alphabet.length)]!).join('');
			const settings = { buckets: [2, 16, 1 << 18, MAX_BUCKETS][trial % 4]!, ngramMin: 1 + (trial % 2), ngramMax: 1 + (trial % 3) + (trial % 2), lowercase: trial % 5 !== 0, alternateSign: trial % 3 !== 0 };
			const step = hashVectorizeStep('t', { ...settings, norm: 'none' });
			const row = hashText(text, step);
			expect(asMap(row), JSON.stringify({ text, settings })).toEqual(referenceRow(text, settings));
			expect([...row.indices]).toEqual([...row.indices].sort((a, b) => a - b));
		}
	});

	it('keeps a bucket whose alternate signs cancel as a stored 0, as FeatureHasher does, and binary makes it 1', () => {
		// Find two words that share a bucket of 2 with opposite signs.
		const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
		const plus = words.find((word) => murmur3Signed(word) >= 0 && hashBucket(word, 2) === 0)!;
		const minus = words.find((word) => murmur3Signed(word) < 0 && hashBucket(word, 2) === 0)!;
		const step = hashVectorizeStep('t', { buckets: 2, ngramMax: 1, lowercase: true, norm: 'none' });
		expect(hashText(`${plus} ${minus}`, step)).toEqual({ indices: Uint32Array.of(0), values: Float32Array.of(0) });
		expect(hashText(`${plus} ${minus}`, { ...step, binary: true })).toEqual({ indices: Uint32Array.of(0), values: Float32Array.of(1) });
		expect(hashText(`${minus} ${minus} ${minus}`, step).values).toEqual(Float32Array.of(-3));
	});

	it('norm l2 and l1 divide the row by its norm in float64, then round to float32', () => {
		const counts = hashVectorizeStep('t', { buckets: 1 << 20, ngramMax: 1, lowercase: true, alternateSign: false, norm: 'none' });
		const raw = hashText('good good good bad', counts);
		const l2 = hashText('good good good bad', { ...counts, norm: 'l2' });
		const l1 = hashText('good good good bad', { ...counts, norm: 'l1' });
		expect(l2.indices).toEqual(raw.indices);
		expect([...l2.values].sort()).toEqual([Math.fround(1 / Math.sqrt(10)), Math.fround(3 / Math.sqrt(10))].sort());
		expect([...l1.values].sort()).toEqual([Math.fround(0.25), Math.fround(0.75)].sort());
		expect(hashText('', { ...counts, norm: 'l2' })).toEqual({ indices: new Uint32Array(0), values: new Float32Array(0) });
	});

	it('a step stored before the options existed replays as it did: counts, no sign, no norm, n-grams from 1', () => {
		const old: HashVectorizeStep = { type: 'hash-vectorize', column: 'review', buckets: 1 << 20, ngramMax: 2, lowercase: true, tokenPattern: '(?u)\\b\\w\\w+\\b', hash: 'murmur3_32', seed: 0, prefix: 'review#' };
		const row = hashText('Good good, not good', old);
		const counts = new Map(Array.from(row.indices, (bucket, k) => [bucket, row.values[k]!]));
		const expected = new Map<number, number>();
		for (const [ngram, count] of [['good', 3], ['not', 1], ['good good', 1], ['good not', 1], ['not good', 1]] as const) {
			const bucket = hashBucket(ngram, 1 << 20);
			expected.set(bucket, (expected.get(bucket) ?? 0) + count);
		}
		expect(counts).toEqual(expected);
	});
});

describe('hashVectorize and hashVectorizeStep', () => {
	it('hashVectorize(texts, step) is one valid CSR column whose rows are hashText rows', () => {
		const texts = ['Great great value', '', 'not great', 'a', 'Good value, good price', '東京 東京'];
		const step = hashVectorizeStep('review', { buckets: 64, ngramMax: 2, lowercase: true });
		const column = hashVectorize(texts, step);
		expect(column).toMatchObject({ name: 'review', type: 'sparse', width: 64 });
		validateCsr({ ...column, rowCount: texts.length, featureCount: column.width }, 'hashed');
		texts.forEach((text, row) => {
			const { indices, values } = hashText(text, step);
			expect(column.indices.slice(column.indptr[row], column.indptr[row + 1])).toEqual(indices);
			expect(column.values.slice(column.indptr[row], column.indptr[row + 1])).toEqual(values);
		});
	});

	it('grows past its first guess of the non-zeros', () => {
		const long = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ');
		const column = hashVectorize([long, long], hashVectorizeStep('t', { buckets: 1 << 22, ngramMax: 1, lowercase: true, alternateSign: false, norm: 'none' }));
		expect(column.indptr[2]).toBe(6000);
		expect(column.values.every((value) => value === 1)).toBe(true);
	});

	it('hashVectorizeStep writes every option, with scikit-learn defaults, and refuses what scikit-learn refuses', () => {
		expect(hashVectorizeStep('review', { buckets: 1 << 18, ngramMax: 1, lowercase: true })).toEqual({
			type: 'hash-vectorize', column: 'review', buckets: 1 << 18, ngramMin: 1, ngramMax: 1, lowercase: true, alternateSign: true, binary: false, norm: 'l2',
			tokenPattern: '(?u)\\b\\w\\w+\\b', hash: 'murmur3_32', seed: 0, prefix: 'review#'
		});
		expect(() => hashVectorizeStep('t', { buckets: MAX_BUCKETS + 1, ngramMax: 1, lowercase: true })).toThrow('buckets must be a whole number from 2 to 16777216');
		expect(() => hashVectorizeStep('t', { buckets: 1, ngramMax: 1, lowercase: true })).toThrow('buckets must be');
		expect(() => hashVectorizeStep('t', { buckets: 16, ngramMin: 3, ngramMax: 2, lowercase: true })).toThrow('n-gram range must satisfy 1 ≤ shortest ≤ longest, got (3, 2)');
	});
});
