/**
 * Bytes → text for the CSV reader, a chunk at a time. The encoding is decided by the byte-order
 * mark, as pandas' `encoding='utf-8'` default plus Python's BOM-aware codecs would read it:
 * EF BB BF → UTF-8, FF FE → UTF-16LE, FE FF → UTF-16BE, no mark → UTF-8. The mark itself is
 * dropped. A chunk may end anywhere, inside a multi-byte UTF-8 character or a 2-byte UTF-16
 * unit: the unfinished bytes wait for the next chunk, so the text never depends on the chunk size.
 *
 * Bytes that are not valid UTF-8 (a Latin-1 or Windows-1252 export, say) are refused, as pandas
 * refuses them with UnicodeDecodeError, but naming the byte offset and the byte, and handing back
 * the text before it so the caller can name the row. A file that starts with the signature of a
 * binary format (a PNG, an .xlsx) is refused before any of that, saying what it looks like, and
 * so is one whose first 4 KB are not text in any encoding (random bytes): neither is sent to
 * re-encode a file that has no encoding.
 */
import { describeBinary, describeNotText, SIGNATURE_BYTES, TEXT_SNIFF_BYTES } from './file-signature';

/** A file's bytes are not text in its encoding; `text` is everything decoded before `byteOffset`. */
export class EncodingError extends Error {
	constructor(
		readonly byteOffset: number,
		readonly problem: string,
		readonly text: string
	) {
		super(`byte ${byteOffset}: ${problem}`);
	}
}

/** The file starts with the signature of a binary format, or is not text; `message` says so ("looks like a PNG image, …"). */
export class BinaryFileError extends Error {}

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const hex = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Where a valid UTF-8 prefix of `bytes` ends: the index of the first byte of the first invalid
 * sequence (a truncated sequence at the end counts as invalid), or bytes.length. The rules of
 * the WHATWG decoder: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
export function validUtf8Length(bytes: Uint8Array): number {
	const n = bytes.length;
	let i = 0;
	while (i < n) {
		const lead = bytes[i]!;
		if (lead < 0x80) {
			i++;
			continue;
		}
		let need: number;
		let low = 0x80;
		let high = 0xbf;
		if (lead >= 0xc2 && lead <= 0xdf) need = 1;
		else if (lead >= 0xe0 && lead <= 0xef) {
			need = 2;
			if (lead === 0xe0) low = 0xa0;
			if (lead === 0xed) high = 0x9f;
		} else if (lead >= 0xf0 && lead <= 0xf4) {
			need = 3;
			if (lead === 0xf0) low = 0x90;
			if (lead === 0xf4) high = 0x8f;
		} else return i;
		if (i + need >= n) return i;
		const second = bytes[i + 1]!;
		if (second < low || second > high) return i;
		for (let k = 2; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
		i += need + 1;
	}
	return n;
}

/** Where the last, possibly unfinished, UTF-8 sequence of `bytes` starts, when it is unfinished; else bytes.length. */
function completeUtf8Length(bytes: Uint8Array): number {
	const n = bytes.length;
	for (let back = 1; back <= 3 && back <= n; back++) {
		const byte = bytes[n - back]!;
		if ((byte & 0xc0) === 0x80) continue;
		const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
		return length > back ? n - back : n;
	}
	return n;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	if (a.length === 0) return b;
	const joined = new Uint8Array(a.length + b.length);
	joined.set(a);
	joined.set(b, a.length);
	return joined;
}

/** One file's decoder: `push` each chunk of bytes in order, the last with `last`. */
export class CsvDecoder {
	encoding: CsvEncoding | null = null;
	#pending: Uint8Array = new Uint8Array(0);
	/** File offset of the first pending byte. */
	#offset = 0;
	#utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
	#utf16: TextDecoder | null = null;

	/** `givenAs`: how a headless run bound the file ("--data reviews"), for the advice; absent in the browser. */
	constructor(private readonly givenAs?: string) {}

	/** The text of `bytes` that is complete; throws EncodingError at the first byte that is not text. */
	push(bytes: Uint8Array, last: boolean): string {
		let input = concat(this.#pending, bytes);
		if (this.encoding === null) {
			// Enough bytes for a byte-order mark, the longest binary signature and the text sniff.
			if (input.length < Math.max(SIGNATURE_BYTES, TEXT_SNIFF_BYTES) && !last) {
				this.#pending = input;
				return '';
			}
			const binary = describeBinary(input, this.givenAs);
			if (binary) throw new BinaryFileError(binary);
			const bom = this.#readBom(input);
			input = input.subarray(bom);
			this.#offset += bom;
			const notText = this.encoding === 'utf-8' ? describeNotText(input, this.givenAs) : null;
			if (notText) throw new BinaryFileError(notText);
		}
		if (this.encoding !== 'utf-8') return this.#pushUtf16(input, last);
		const complete = last ? input.length : completeUtf8Length(input);
		const body = input.subarray(0, complete);
		this.#pending = input.slice(complete);
		let text: string | null = null;
		try {
			// The platform's validator first (fast); ours only to find where it failed.
			text = this.#utf8.decode(body);
		} catch {
			text = null;
		}
		const valid = text === null ? validUtf8Length(body) : body.length;
		const nul = body.indexOf(0);
		if (valid < body.length || nul >= 0) {
			const at = nul >= 0 && nul < valid ? nul : valid;
			const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body.subarray(0, at));
			const problem =
				at === nul
					? 'a NUL byte: this looks like UTF-16 without a byte-order mark, or not a text file (save it as UTF-8)'
					: `${hex(body[at]!)} is not valid UTF-8: the file is in another encoding (Latin-1 or Windows-1252?); save it as UTF-8`;
			throw new EncodingError(this.#offset + at, problem, before);
		}
		this.#offset += complete;
		return text as string;
	}

	#readBom(input: Uint8Array): number {
		if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) {
			this.encoding = 'utf-8';
			return 3;
		}
		if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
			this.encoding = input[0] === 0xff ? 'utf-16le' : 'utf-16be';
			this.#utf16 = new TextDecoder(this.encoding, { fatal: true, ignoreBOM: true });
			return 2;
		}
		this.encoding = 'utf-8';
		return 0;
	}

	/** UTF-16: the platform's streaming decoder holds back half a unit or half a surrogate pair itself. */
	#pushUtf16(input: Uint8Array, last: boolean): string {
		this.#pending = new Uint8Array(0);
		const start = this.#offset;
		this.#offset += input.length;
		try {
			return (this.#utf16 as TextDecoder).decode(input, { stream: !last });
		} catch {
			const problem = last && this.#offset % 2 === 1 ? 'the file ends inside a UTF-16 unit' : `not valid ${this.encoding?.toUpperCase()} (an unpaired surrogate) in bytes ${start}–${this.#offset}`;
			throw new EncodingError(start, problem, '');
		}
	}
}
