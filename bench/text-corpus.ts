/**
 * The benchmark's generated text corpus (issue 11): documents of 50–300 tokens drawn from a
 * Zipf-distributed vocabulary, labelled by a hidden linear rule over the words with 5 % of the
 * labels flipped. Seeded (mulberry32 of ml/rng.ts), so every run and every machine gets the same
 * corpus; the same texts are written to a file for the scikit-learn peer.
 *
 * Shape of the text: lower-case pseudo-words made of consonant–vowel syllables (frequent words
 * short, as in real text), sentences of 5–20 words that start with a capital and end with a
 * period, so lower-casing and the token pattern have work to do on both sides.
 */
import { createRandom, type Random } from '../src/lib/ml/rng';

export interface CorpusOptions {
	documents: number;
	/** Distinct words; the word of rank r (0-based) has probability ∝ 1 / (r + 1)^exponent. */
	vocabulary: number;
	minTokens: number;
	maxTokens: number;
	/** Share of labels flipped after the hidden rule (0.05 = 5 %). */
	noise: number;
	exponent: number;
	seed: number;
}

export interface Corpus {
	texts: string[];
	/** ±1 per document. */
	labels: Int8Array;
	/** Tokens in all documents together (the vectorizers' work). */
	tokens: number;
}

export const DEFAULT_CORPUS: Omit<CorpusOptions, 'documents'> = { vocabulary: 100_000, minTokens: 50, maxTokens: 300, noise: 0.05, exponent: 1, seed: 2024 };

const CONSONANTS = 'bcdfghjklmnpqrstvwxyz';
const VOWELS = 'aeiou';
const SYLLABLES = CONSONANTS.length * VOWELS.length;

/**
 * The word of rank r: one syllable for the 105 most frequent words, two for the next 105², then
 * three. Words of different lengths differ, and within a length the syllable digits differ, so
 * every rank has its own word (of two or more letters: always a token).
 */
export function wordOfRank(rank: number): string {
	let syllables = 1;
	let first = 0;
	while (rank - first >= SYLLABLES ** syllables) {
		first += SYLLABLES ** syllables;
		syllables += 1;
	}
	let code = rank - first;
	let word = '';
	for (let s = 0; s < syllables; s++) {
		const syllable = code % SYLLABLES;
		code = Math.floor(code / SYLLABLES);
		word += CONSONANTS[Math.floor(syllable / VOWELS.length)]! + VOWELS[syllable % VOWELS.length]!;
	}
	return word;
}

/** Cumulative Zipf probabilities, for inverse-CDF sampling by binary search. */
function zipfCumulative(vocabulary: number, exponent: number): Float64Array {
	const cumulative = new Float64Array(vocabulary);
	let total = 0;
	for (let r = 0; r < vocabulary; r++) cumulative[r] = total += 1 / Math.pow(r + 1, exponent);
	for (let r = 0; r < vocabulary; r++) cumulative[r] = cumulative[r]! / total;
	return cumulative;
}

function sampleRank(cumulative: Float64Array, random: Random): number {
	const u = random.next();
	let low = 0;
	let high = cumulative.length - 1;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (cumulative[middle]! < u) low = middle + 1;
		else high = middle;
	}
	return low;
}

/**
 * `documents` texts and their labels. The hidden rule: each word has a weight ~ N(0, 1); a
 * document's label is the sign of the sum of its tokens' weights less their expected value, then flipped with
 * probability `noise`. Linear in the word counts, so a hashed linear model can learn it up to
 * the noise and the bucket collisions. Memory: the texts themselves (≈ 1.1 kB a document).
 */
export function generateCorpus(options: CorpusOptions): Corpus {
	const { documents, vocabulary, minTokens, maxTokens, noise, exponent, seed } = options;
	if (!(Number.isInteger(documents) && documents >= 1)) throw new Error(`documents must be an integer ≥ 1, got ${documents}`);
	if (!(minTokens >= 1 && maxTokens >= minTokens)) throw new Error(`token range ${minTokens}–${maxTokens} is empty`);
	const random = createRandom(seed);
	const words: string[] = new Array<string>(vocabulary);
	const capitalised: string[] = new Array<string>(vocabulary);
	const weights = new Float64Array(vocabulary);
	for (let r = 0; r < vocabulary; r++) {
		words[r] = wordOfRank(r);
		capitalised[r] = words[r]![0]!.toUpperCase() + words[r]!.slice(1);
		weights[r] = random.normal();
	}
	const cumulative = zipfCumulative(vocabulary, exponent);
	// Centre the rule on the expected word weight, so the classes are about balanced although a
	// few frequent words make up much of every document (still linear: Σ counts · (w − mean)).
	let mean = 0;
	for (let r = 0; r < vocabulary; r++) mean += (cumulative[r]! - (r > 0 ? cumulative[r - 1]! : 0)) * weights[r]!;
	const texts: string[] = new Array<string>(documents);
	const labels = new Int8Array(documents);
	let tokens = 0;
	for (let doc = 0; doc < documents; doc++) {
		const length = minTokens + random.int(maxTokens - minTokens + 1);
		const parts: string[] = new Array<string>(length);
		let score = 0;
		let sentenceLeft = 0;
		for (let k = 0; k < length; k++) {
			const rank = sampleRank(cumulative, random);
			score += weights[rank]! - mean;
			if (sentenceLeft === 0) {
				sentenceLeft = 5 + random.int(16);
				parts[k] = capitalised[rank]!;
			} else {
				parts[k] = words[rank]!;
			}
			sentenceLeft -= 1;
			if (sentenceLeft === 0 || k === length - 1) parts[k] += '.';
		}
		texts[doc] = parts.join(' ');
		tokens += length;
		const label = score > 0 ? 1 : -1;
		labels[doc] = random.next() < noise ? -label : label;
	}
	return { texts, labels, tokens };
}
