/**
 * Standard base64 (RFC 4648 §4, with '=' padding), as the notebook's data section embeds a file
 * that is not UTF-8 text: its bytes exactly, where a text would lose them.
 */

/**
 * Whether a text is base64 as `toBase64` writes it: the alphabet, then at most two '=', to a
 * multiple of 4 characters. (One loop over a character class: a pattern repeating groups of four
 * overflows V8's stack on the 6.7 million characters of a 5 MB file.)
 */
export function isBase64(text: string): boolean {
	return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

export function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}

/** The bytes of a base64 text; throws when it is not base64 (see isBase64). */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
	if (!isBase64(text)) throw new Error('not base64');
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}
