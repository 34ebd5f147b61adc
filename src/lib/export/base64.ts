/**
 * Standard base64 (RFC 4648 §4, with padding) of bytes, without Buffer or btoa, so the model
 * file codec runs the same in the browser, a worker and Node. Linear in the bytes and fast at
 * model sizes (a 2^24-weight row is 64 MB): characters are written as ASCII codes into a byte
 * array and turned into text a chunk at a time; nothing is built character by character.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = Uint8Array.from(ALPHABET, (character) => character.charCodeAt(0));
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
const PAD = 61; // '='

/** Text a chunk of ASCII codes at a time: one string per megabyte, joined once. */
const CHUNK = 1 << 20;
const ascii = new TextDecoder('ascii');

/** Bytes → base64 text. */
export function bytesToBase64(bytes: Uint8Array): string {
	const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
	let at = 0;
	let i = 0;
	for (; i + 2 < bytes.length; i += 3) {
		const group = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
		out[at++] = ENCODE[group >> 18]!;
		out[at++] = ENCODE[(group >> 12) & 63]!;
		out[at++] = ENCODE[(group >> 6) & 63]!;
		out[at++] = ENCODE[group & 63]!;
	}
	if (i < bytes.length) {
		const group = (bytes[i]! << 16) | (i + 1 < bytes.length ? bytes[i + 1]! << 8 : 0);
		out[at++] = ENCODE[group >> 18]!;
		out[at++] = ENCODE[(group >> 12) & 63]!;
		out[at++] = i + 1 < bytes.length ? ENCODE[(group >> 6) & 63]! : PAD;
		out[at++] = PAD;
	}
	const parts: string[] = [];
	for (let start = 0; start < out.length; start += CHUNK) parts.push(ascii.decode(out.subarray(start, start + CHUNK)));
	return parts.join('');
}

/** Base64 text → bytes; throws on a length that is not a multiple of 4 or a character outside the alphabet. */
export function base64ToBytes(text: string): Uint8Array {
	if (text.length % 4 !== 0) throw new Error(`base64 text of ${text.length} characters (not a multiple of 4)`);
	const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
	const bytes = new Uint8Array((text.length / 4) * 3 - padding);
	let at = 0;
	for (let i = 0; i < text.length; i += 4) {
		let group = 0;
		for (let k = 0; k < 4; k++) {
			const code = text.charCodeAt(i + k);
			const value = code < 256 ? DECODE[code]! : -1;
			const isPadding = code === PAD && i + 4 === text.length && k >= 4 - padding;
			if (value < 0 && !isPadding) throw new Error(`character ${i + k + 1} of the base64 text is not base64`);
			group = (group << 6) | (isPadding ? 0 : value);
		}
		bytes[at++] = group >> 16;
		if (at < bytes.length) bytes[at++] = (group >> 8) & 255;
		if (at < bytes.length) bytes[at++] = group & 255;
	}
	return bytes;
}
