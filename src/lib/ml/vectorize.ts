/**
 * Hashed bag of words, number for number scikit-learn's `HashingVectorizer` (1.2): lower-case
 * the text (optional), take the tokens of `(?u)\b\w\w+\b`, form word n-grams joined by one space,
 * hash each n-gram's UTF-8 bytes with murmur3_32 (seed 0) into bucket abs(h) % n_features with
 * sign(h) when `alternate_sign`, sum per bucket (keeping buckets whose signs cancel as stored
 * zeros, as `FeatureHasher`'s `sum_duplicates` does), then `binary`, then `norm`.
 *
 * Speed: one pass over the UTF-16 text classifies characters through a lookup table and writes
 * the UTF-8 bytes of the tokens into one scratch buffer, one space after each, so a token and
 * every n-gram of consecutive tokens ("not good") is one byte range hashed in place: no regex
 * match arrays, no TextEncoder or string per token, no Map per text. A row's entries are sorted
 * as packed integers (bucket · 2 + sign bit) and summed in one scan.
 */
import { hashSettings, type HashSettings, type HashVectorizeStep, type RowNorm } from '../data/preprocessing';
import type { SparseColumn } from '../data/table';
import { murmur3Range } from './murmur3';

/** scikit-learn's default token_pattern, recorded in the step for readers of an exported model. */
export const TOKEN_PATTERN = '(?u)\\b\\w\\w+\\b';

/** The largest n_features a step may have: bucket · 2 + sign must fit a Uint32. */
export const MAX_BUCKETS = 1 << 24;

/**
 * Python's Unicode `\w` is letters (L*), numbers (N*) and underscore: checked against Python
 * 3.11's `re` over every code point, they agree wherever both know the character (JavaScript's
 * Unicode tables are newer). JavaScript's own `\w` and `\b` are ASCII-only, hence the classes.
 * A maximal run of two or more of them is exactly what `\b\w\w+\b` finds.
 */
const WORD_CHARACTER = /^[\p{L}\p{N}_]$/u;
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

export interface HashVectorizeOptions {
	buckets: number;
	ngramMin?: number;
	ngramMax: number;
	lowercase: boolean;
	alternateSign?: boolean;
	binary?: boolean;
	norm?: RowNorm;
}

/** A new step with every option written out; scikit-learn's defaults where `options` is silent. */
export function hashVectorizeStep(column: string, options: HashVectorizeOptions): HashVectorizeStep {
	const { buckets, ngramMin = 1, ngramMax, lowercase, alternateSign = true, binary = false, norm = 'l2' } = options;
	if (!Number.isInteger(buckets) || buckets < 2 || buckets > MAX_BUCKETS) throw new Error(`buckets must be a whole number from 2 to ${MAX_BUCKETS}, got ${buckets}`);
	if (!Number.isInteger(ngramMin) || !Number.isInteger(ngramMax) || ngramMin < 1 || ngramMax < ngramMin) {
		throw new Error(`n-gram range must satisfy 1 ≤ shortest ≤ longest, got (${ngramMin}, ${ngramMax})`);
	}
	return { type: 'hash-vectorize', column, buckets, ngramMin, ngramMax, lowercase, alternateSign, binary, norm, tokenPattern: TOKEN_PATTERN, hash: 'murmur3_32', seed: 0, prefix: `${column}#` };
}

/** The tokens of a text, by the regular expression (the reference the fast scanner is tested against). */
export function tokenize(text: string, lowercase: boolean): string[] {
	return (lowercase ? text.toLowerCase() : text).match(TOKEN) ?? [];
}

/** n-grams of ngramMin..ngramMax consecutive tokens, shortest first (scikit-learn's `_word_ngrams` order). */
export function wordNgrams(tokens: readonly string[], ngramMax: number, ngramMin = 1): string[] {
	const ngrams: string[] = [];
	for (let n = ngramMin; n <= Math.min(ngramMax, tokens.length); n++) {
		for (let start = 0; start + n <= tokens.length; start++) ngrams.push(tokens.slice(start, start + n).join(' '));
	}
	return ngrams;
}

// Character classes: 1 = word character. The BMP table is built once, on first use (~65k tests).
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, code) => (WORD_CHARACTER.test(String.fromCharCode(code)) ? 1 : 0));
const ASCII_SAME = Uint8Array.from({ length: 128 }, (_, code) => code);
const ASCII_LOWER = Uint8Array.from({ length: 128 }, (_, code) => String.fromCharCode(code).toLowerCase().charCodeAt(0));
let bmpWord: Uint8Array | null = null;
const astralWord = new Map<number, boolean>();

function bmpTable(): Uint8Array {
	if (bmpWord) return bmpWord;
	const table = new Uint8Array(0x10000);
	for (let code = 0; code < 0x10000; code++) {
		// Surrogates (a lone one included) are never word characters.
		if (code < 0xd800 || code > 0xdfff) table[code] = WORD_CHARACTER.test(String.fromCharCode(code)) ? 1 : 0;
	}
	return (bmpWord = table);
}

function isAstralWord(codePoint: number): boolean {
	let word = astralWord.get(codePoint);
	if (word === undefined) astralWord.set(codePoint, (word = WORD_CHARACTER.test(String.fromCodePoint(codePoint))));
	return word;
}

// Scratch buffers, grown as needed and reused by every row (JavaScript runs one row at a time).
let bytes = new Uint8Array(1 << 12);
let tokenStart = new Int32Array(1 << 10);
let tokenEnd = new Int32Array(1 << 10);
let keys = new Uint32Array(1 << 10);
/** The row just hashed: `rowLength` buckets, ascending, and their values (float64 until stored). */
let rowIndices = new Uint32Array(1 << 10);
let rowValues = new Float64Array(1 << 10);

/**
 * Splits `text` into tokens: token t's UTF-8 bytes are `bytes[tokenStart[t], tokenEnd[t])`, and
 * one space (0x20) follows each, so tokens t..u joined by spaces are `[tokenStart[t], tokenEnd[u])`.
 * Returns the token count, or −1 when `asciiOnly` and the text has a character beyond ASCII.
 * `ascii` maps each ASCII code to the byte written (identity, or lower-casing).
 */
function scanTokens(text: string, ascii: Uint8Array, asciiOnly: boolean): number {
	const length = text.length;
	// At most 3 bytes per UTF-16 unit, plus a space per token of at least two units.
	if (bytes.length < 4 * length + 4) bytes = new Uint8Array(4 * length + 1024);
	if (tokenStart.length < (length >> 1) + 1) {
		tokenStart = new Int32Array(length + 64);
		tokenEnd = new Int32Array(length + 64);
	}
	const table = length > 0 ? bmpTable() : ASCII_WORD;
	let position = 0;
	let runStart = 0;
	let runLength = 0;
	let count = 0;
	for (let i = 0; i <= length; i++) {
		const code = i < length ? text.charCodeAt(i) : 0x20;
		if (code < 0x80) {
			if (ASCII_WORD[code] === 1) {
				bytes[position++] = ascii[code]!;
				runLength++;
				continue;
			}
		} else if (asciiOnly) {
			return -1;
		} else if (code < 0xd800 || code > 0xdfff) {
			if (table[code] === 1) {
				if (code < 0x800) {
					bytes[position++] = 0xc0 | (code >> 6);
				} else {
					bytes[position++] = 0xe0 | (code >> 12);
					bytes[position++] = 0x80 | ((code >> 6) & 0x3f);
				}
				bytes[position++] = 0x80 | (code & 0x3f);
				runLength++;
				continue;
			}
		} else if (code < 0xdc00 && i + 1 < length) {
			const low = text.charCodeAt(i + 1);
			if (low >= 0xdc00 && low <= 0xdfff) {
				i++;
				const codePoint = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
				if (isAstralWord(codePoint)) {
					bytes[position++] = 0xf0 | (codePoint >> 18);
					bytes[position++] = 0x80 | ((codePoint >> 12) & 0x3f);
					bytes[position++] = 0x80 | ((codePoint >> 6) & 0x3f);
					bytes[position++] = 0x80 | (codePoint & 0x3f);
					runLength++;
					continue;
				}
			}
		}
		// A non-word character ends the run: a token if it has two or more code points.
		if (runLength >= 2) {
			tokenStart[count] = runStart;
			tokenEnd[count++] = position;
			bytes[position++] = 0x20;
		} else position = runStart;
		runStart = position;
		runLength = 0;
	}
	return count;
}

/** Hashes one text into `rowIndices`/`rowValues` (ascending buckets, float64 values); returns the entry count. */
function hashRow(text: string, settings: HashSettings): number {
	// Lower-casing ASCII in the scan spares a string per text; other text takes the full Unicode
	// mapping of the whole string (it can change the length: 'İ' → 'i̇'), as Python's str.lower.
	let tokens = settings.lowercase ? scanTokens(text, ASCII_LOWER, true) : scanTokens(text, ASCII_SAME, false);
	if (tokens < 0) tokens = scanTokens(text.toLowerCase(), ASCII_SAME, false);
	const { buckets, ngramMin, alternateSign, seed } = settings;
	const ngramMax = Math.min(settings.ngramMax, tokens);
	let total = 0;
	for (let n = ngramMin; n <= ngramMax; n++) total += tokens - n + 1;
	if (keys.length < total) keys = new Uint32Array(total + 1024);

	// Every n-gram's bucket · 2 + (1 when its sign is negative).
	let m = 0;
	for (let n = ngramMin; n <= ngramMax; n++) {
		for (let first = 0; first + n <= tokens; first++) {
			const h = murmur3Range(bytes, tokenStart[first]!, tokenEnd[first + n - 1]!, seed) | 0;
			// abs(−2³¹) % buckets is 2³¹ % buckets, as scikit-learn defines that one case.
			keys[m++] = (Math.abs(h) % buckets) * 2 + (alternateSign && h < 0 ? 1 : 0);
		}
	}
	if (m > 1) keys.subarray(0, m).sort();

	// Sum per bucket; a bucket whose signs cancel keeps its 0 (sum_duplicates does not eliminate zeros).
	if (rowIndices.length < m) {
		rowIndices = new Uint32Array(m + 1024);
		rowValues = new Float64Array(m + 1024);
	}
	let length = 0;
	for (let k = 0; k < m; ) {
		const bucket = keys[k]! >>> 1;
		let sum = 0;
		for (; k < m && keys[k]! >>> 1 === bucket; k++) sum += keys[k]! & 1 ? -1 : 1;
		rowIndices[length] = bucket;
		rowValues[length++] = settings.binary ? 1 : sum;
	}
	normalizeRow(rowValues, 0, length, settings.norm);
	return length;
}

/**
 * Divides `values[start, end)` by their L1 or L2 norm in float64, as scikit-learn's
 * `normalize` (`inplace_csr_row_normalize_l1/l2`); a row whose norm is 0 stays as it is.
 */
export function normalizeRow(values: Float64Array, start: number, end: number, norm: RowNorm): void {
	if (norm === 'none') return;
	let sum = 0;
	if (norm === 'l1') for (let k = start; k < end; k++) sum += Math.abs(values[k]!);
	else for (let k = start; k < end; k++) sum += values[k]! * values[k]!;
	if (sum === 0) return;
	const scale = norm === 'l1' ? sum : Math.sqrt(sum);
	for (let k = start; k < end; k++) values[k] = values[k]! / scale;
}

/**
 * One text's hashed row, as HashingVectorizer's: `indices` ascending buckets (below
 * `step.buckets`), `values` rounded to float32. What the JSON reference scorer replays.
 */
export function hashText(text: string, step: HashVectorizeStep): { indices: Uint32Array; values: Float32Array } {
	const length = hashRow(text, hashSettings(step));
	return { indices: rowIndices.slice(0, length), values: Float32Array.from(rowValues.subarray(0, length)) };
}

/** One text's row as bucket → value (for callers that look buckets up by name). */
export function hashCounts(text: string, step: HashVectorizeStep): Map<number, number> {
	const { indices, values } = hashText(text, step);
	return new Map(Array.from(indices, (bucket, k) => [bucket, values[k]!]));
}

/**
 * Every text's hashed row as one CSR column named `step.column`, `step.buckets` wide, float32
 * values. Memory is O(non-zeros): arrays grow by doubling and are trimmed at the end.
 */
export function hashVectorize(texts: readonly string[], step: HashVectorizeStep): SparseColumn {
	const settings = hashSettings(step);
	const indptr = new Uint32Array(texts.length + 1);
	let indices = new Uint32Array(Math.max(1024, texts.length * 32));
	let values = new Float32Array(indices.length);
	let nnz = 0;
	for (let row = 0; row < texts.length; row++) {
		const length = hashRow(texts[row]!, settings);
		if (nnz + length > indices.length) {
			const grown = Math.max(indices.length * 2, nnz + length);
			const moreIndices = new Uint32Array(grown);
			moreIndices.set(indices.subarray(0, nnz));
			const moreValues = new Float32Array(grown);
			moreValues.set(values.subarray(0, nnz));
			indices = moreIndices;
			values = moreValues;
		}
		indices.set(rowIndices.subarray(0, length), nnz);
		for (let k = 0; k < length; k++) values[nnz + k] = rowValues[k]!;
		nnz += length;
		indptr[row + 1] = nnz;
	}
	return { name: step.column, type: 'sparse', width: step.buckets, indptr, indices: indices.slice(0, nnz), values: values.slice(0, nnz) };
}
