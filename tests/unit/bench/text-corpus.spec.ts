import { describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS, generateCorpus, wordOfRank } from '../../../bench/text-corpus';
import { tokenize } from '../../../src/lib/ml/tokens';

describe('bench text corpus', () => {
	const corpus = generateCorpus({ ...DEFAULT_CORPUS, documents: 600 });

	it('is the same for the same seed and differs for another', () => {
		const again = generateCorpus({ ...DEFAULT_CORPUS, documents: 600 });
		expect(again.texts).toEqual(corpus.texts);
		expect(Array.from(again.labels)).toEqual(Array.from(corpus.labels));
		const other = generateCorpus({ ...DEFAULT_CORPUS, documents: 600, seed: DEFAULT_CORPUS.seed + 1 });
		expect(other.texts[0]).not.toBe(corpus.texts[0]);
	});

	it('gives every document 50–300 tokens, as the vectorizers count them', () => {
		let total = 0;
		for (const text of corpus.texts) {
			const count = tokenize(text, true).length;
			expect(count).toBeGreaterThanOrEqual(50);
			expect(count).toBeLessThanOrEqual(300);
			total += count;
		}
		expect(total).toBe(corpus.tokens);
		expect(corpus.texts.every((text) => !text.includes('\n'))).toBe(true);
	});

	it('draws words by Zipf rank: the rank-0 word is the most frequent, about 1/H(10⁵) of the tokens', () => {
		const counts = new Map<string, number>();
		for (const text of corpus.texts) for (const token of tokenize(text, true)) counts.set(token, (counts.get(token) ?? 0) + 1);
		let top = '';
		for (const [word, count] of counts) if (top === '' || count > counts.get(top)!) top = word;
		expect(top).toBe(wordOfRank(0));
		// H(10⁵) ≈ 12.09, so the top word is ≈ 8.3 % of the tokens.
		expect(counts.get(top)! / corpus.tokens).toBeGreaterThan(0.07);
		expect(counts.get(top)! / corpus.tokens).toBeLessThan(0.095);
	});

	it('labels ±1 about evenly (the hidden rule is centred)', () => {
		const positive = corpus.labels.filter((label) => label === 1).length;
		expect(corpus.labels.every((label) => label === 1 || label === -1)).toBe(true);
		expect(positive / corpus.labels.length).toBeGreaterThan(0.4);
		expect(positive / corpus.labels.length).toBeLessThan(0.6);
	});

	it('gives every rank of the vocabulary its own word of two or more letters', () => {
		const words = new Set<string>();
		const malformed: string[] = [];
		for (let rank = 0; rank < DEFAULT_CORPUS.vocabulary; rank++) {
			const word = wordOfRank(rank);
			if (!/^[a-z]{2,}$/.test(word)) malformed.push(word);
			words.add(word);
		}
		expect(malformed).toEqual([]);
		expect(words.size).toBe(DEFAULT_CORPUS.vocabulary);
	});
});
