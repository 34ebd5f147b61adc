/**
 * Standard base64 (RFC 4648 §4, with padding) of bytes, without Buffer or btoa, so the model
 * file codec runs the same in the browser, a worker and Node. Linear in the bytes; never builds
 * an array of characters or spreads one (a 2^24-weight row is 64 MB).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Bytes → base64 text. */
export function bytesToBase64(bytes: Uint8Array): string {
	const parts: string[] = [];
	// Chunks of 3·4096 bytes: whole groups, and short strings joined once at the end.
	const CHUNK = 3 * 4096;
	for (let start = 0; start < bytes.length; start += CHUNK) {
		const end = Math.min(bytes.length, start + CHUNK);
		let out = '';
		for (let i = start; i < end; i += 3) {
			const a = bytes[i]!;
			const b = i + 1 < end ? bytes[i + 1]! : 0;
			const c = i + 2 < end ? bytes[i + 2]! : 0;
			out += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | (b >> 4)]!;
			out += i + 1 < end ? ALPHABET[((b & 15) << 2) | (c >> 6)]! : '=';
			out += i + 2 < end ? ALPHABET[c & 63]! : '=';
		}
		parts.push(out);
	}
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
			const isPadding = code === 61 && i + 4 === text.length && k >= 4 - padding;
			const value = isPadding ? 0 : code < 128 ? DECODE[code]! : -1;
			if (value < 0) throw new Error(`character ${i + k + 1} of the base64 text is not base64`);
			group = (group << 6) | value;
		}
		bytes[at++] = group >> 16;
		if (at < bytes.length) bytes[at++] = (group >> 8) & 255;
		if (at < bytes.length) bytes[at++] = group & 255;
	}
	return bytes;
}
