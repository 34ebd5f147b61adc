import { describe, expect, it } from 'vitest';
import { hashBucket } from '../../../src/lib/ml/murmur3';
import { hashCounts, hashVectorizeStep, tokenize, wordNgrams } from '../../../src/lib/ml/vectorize';

describe('tokenize and wordNgrams', () => {
	it('tokenize(text, lowercase) keeps runs of two or more word characters, Unicode included', () => {
		expect(tokenize("Don't buy: it's a 10/10 NO-GO, naïve_user — Ökonomie!", true)).toEqual(['don', 'buy', 'it', '10', '10', 'no', 'go', 'naïve_user', 'ökonomie']);
		expect(tokenize('Great Value', false)).toEqual(['Great', 'Value']);
	});

	it('wordNgrams(tokens, ngramMax) lists unigrams, then bigrams, then trigrams, joined by a space', () => {
		expect(wordNgrams(['not', 'very', 'good'], 3)).toEqual(['not', 'very', 'good', 'not very', 'very good', 'not very good']);
		expect(wordNgrams(['ok'], 2)).toEqual(['ok']);
	});

	it('hashCounts(text, step) counts each n-gram in its murmur3 bucket', () => {
		const step = hashVectorizeStep('review', { buckets: 1 << 20, ngramMax: 2, lowercase: true });
		const counts = hashCounts('Good good, not good', step);
		const expected = new Map<number, number>();
		for (const [ngram, count] of [['good', 3], ['not', 1], ['good good', 1], ['good not', 1], ['not good', 1]] as const) {
			const bucket = hashBucket(ngram, 1 << 20);
			expected.set(bucket, (expected.get(bucket) ?? 0) + count);
		}
		expect(counts).toEqual(expected);
	});
});
