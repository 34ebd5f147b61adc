/**
 * Words as scikit-learn's default `token_pattern` `(?u)\b\w\w+\b` finds them, after Python's
 * `str.lower` when lower-casing: the regular-expression definition (`tokenize`, `wordNgrams`)
 * and the fast scanner the vectorizer uses (`TokenScanner`), tested equal to it.
 */

/** scikit-learn's default token_pattern, recorded in the step for readers of an exported model. */
export const TOKEN_PATTERN = '(?u)\\b\\w\\w+\\b';

/**
 * Python's Unicode `\w` is letters (L*), numbers (N*) and underscore: checked against Python
 * 3.11's `re` over every code point, they agree wherever both know the character (JavaScript's
 * Unicode tables are newer). JavaScript's own `\w` and `\b` are ASCII-only, hence the classes.
 * A maximal run of two or more of them (in code points) is exactly what `\b\w\w+\b` finds.
 */
const WORD_CHARACTER = /^[\p{L}\p{N}_]$/u;
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/** The tokens of a text, by the regular expression. */
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

/**
 * Splits texts into tokens without making strings: after `scan`, token t's UTF-8 bytes are
 * `bytes[start[t], end[t])`, and one space (0x20) follows each, so tokens t..u joined by spaces
 * (an n-gram, as scikit-learn joins it) are `bytes[start[t], end[u])`. The buffers are reused by
 * the next scan.
 */
export class TokenScanner {
	bytes = new Uint8Array(1 << 12);
	start = new Int32Array(1 << 10);
	end = new Int32Array(1 << 10);

	/** Scans `text`; returns the token count. */
	scan(text: string, lowercase: boolean): number {
		// Lower-casing ASCII in the scan spares a string per text; other text takes the full Unicode
		// mapping of the whole string (it can change the length: 'İ' → 'i̇'), as Python's str.lower.
		if (!lowercase) return this.scanWith(text, ASCII_SAME, false);
		const count = this.scanWith(text, ASCII_LOWER, true);
		return count >= 0 ? count : this.scanWith(text.toLowerCase(), ASCII_SAME, false);
	}

	/** `ascii` maps each ASCII code to the byte written; −1 when `asciiOnly` and the text has another character. */
	private scanWith(text: string, ascii: Uint8Array, asciiOnly: boolean): number {
		const length = text.length;
		// At most 3 bytes per UTF-16 unit, plus a space per token of at least two units.
		if (this.bytes.length < 4 * length + 4) this.bytes = new Uint8Array(4 * length + 1024);
		if (this.start.length < (length >> 1) + 1) {
			this.start = new Int32Array(length + 64);
			this.end = new Int32Array(length + 64);
		}
		const { bytes, start, end } = this;
		const table = asciiOnly || length === 0 ? ASCII_WORD : bmpTable();
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
				start[count] = runStart;
				end[count++] = position;
				bytes[position++] = 0x20;
			} else position = runStart;
			runStart = position;
			runLength = 0;
		}
		return count;
	}
}
