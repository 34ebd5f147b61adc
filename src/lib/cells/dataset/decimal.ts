/**
 * The float32 value of a plain decimal field read straight from the CSV text, without making a
 * string of it: the hot loop of parsing a numeric CSV. Exactly Math.fround(Number(field)) where
 * it answers; NaN where it does not (the caller then takes the general path, which also words
 * the errors).
 *
 * Exact by Clinger's fast path: a mantissa of at most 15 significant digits is an exact double,
 * and so is 10^k for k ≤ 22, so one IEEE multiply or divide rounds the decimal's value
 * correctly, which is what Number() returns; rounding that double to float32 is then the same
 * as Math.fround(Number(field)).
 */

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const MAX_SIGNIFICANT = 15;
const ZERO = 48;
const NINE = 57;

/**
 * Reads the longest prefix of text[start, end) that the number syntax
 * `[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?` can take, and leaves `stop` just after it. `read`
 * gives its float32 value when that prefix is a whole number of the syntax with at most 15
 * significant digits and a decimal exponent within ±22 after moving the point; otherwise NaN.
 * The field was that number only if `stop` is the field's end: the caller checks.
 */
export class DecimalReader {
	stop = 0;

	read(text: string, start: number, end: number): number {
		let at = start;
		let code = at < end ? text.charCodeAt(at) : -1;
		const negative = code === 45;
		if (negative || code === 43) code = ++at < end ? text.charCodeAt(at) : -1;
		let mantissa = 0;
		let significant = 0;
		let digits = 0;
		let scale = 0;
		// Integer part; leading zeros are not significant.
		while (code >= ZERO && code <= NINE) {
			if (significant > 0 || code !== ZERO) {
				mantissa = mantissa * 10 + (code - ZERO);
				significant++;
			}
			digits++;
			code = ++at < end ? text.charCodeAt(at) : -1;
		}
		if (code === 46) {
			code = ++at < end ? text.charCodeAt(at) : -1;
			while (code >= ZERO && code <= NINE) {
				if (significant > 0 || code !== ZERO) {
					mantissa = mantissa * 10 + (code - ZERO);
					significant++;
				}
				digits++;
				scale--;
				code = ++at < end ? text.charCodeAt(at) : -1;
			}
		}
		let valid = digits > 0 && significant <= MAX_SIGNIFICANT;
		if (digits > 0 && (code === 101 || code === 69)) {
			code = ++at < end ? text.charCodeAt(at) : -1;
			const negativeExponent = code === 45;
			if (negativeExponent || code === 43) code = ++at < end ? text.charCodeAt(at) : -1;
			let exponent = 0;
			let exponentDigits = 0;
			while (code >= ZERO && code <= NINE) {
				// Past 4 digits the fast path is out of reach anyway; stop growing the number.
				if (exponentDigits < 4) exponent = exponent * 10 + (code - ZERO);
				exponentDigits++;
				code = ++at < end ? text.charCodeAt(at) : -1;
			}
			valid = valid && exponentDigits > 0 && exponentDigits <= 4;
			scale += negativeExponent ? -exponent : exponent;
		}
		this.stop = at;
		if (!valid) return NaN;
		if (mantissa === 0) return negative ? -0 : 0;
		if (scale < -22 || scale > 22) return NaN;
		const magnitude = scale < 0 ? mantissa / POWERS_OF_TEN[-scale]! : mantissa * POWERS_OF_TEN[scale]!;
		return Math.fround(negative ? -magnitude : magnitude);
	}
}

const reader = new DecimalReader();

/** text[start, end) as float32 when the whole of it is a number `DecimalReader` reads exactly; NaN otherwise. */
export function parseFloat32Field(text: string, start: number, end: number): number {
	const value = reader.read(text, start, end);
	return reader.stop === end ? value : NaN;
}
