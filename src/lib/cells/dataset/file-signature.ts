/**
 * What a file that is not text looks like, from its first bytes: the magic numbers of the binary
 * formats users most often attach by mistake (a picture, a PDF, a spreadsheet, a compressed
 * CSV). The CSV reader names the format instead of refusing the
 * first byte as "not valid UTF-8 (Latin-1?)", which sends the user to re-encode a file that has
 * no encoding. Magic numbers from each format's specification (PNG: RFC 2083 §3.1; GIF: GIF89a
 * §17; JPEG: the SOI marker FF D8 and the next marker's FF; PDF: ISO 32000 §7.5.2; ZIP: APPNOTE
 * §4.3.7 local file header, which an .xlsx is; gzip: RFC 1952 §2.3.1). Each holds a byte no
 * text holds (a control character, or one that is not UTF-8) or is a string no header starts
 * with ("%PDF-", "GIF89a"); Parquet's "PAR1" is not listed, since a CSV may name a column so.
 *
 * A binary file of no listed format (random bytes, an executable, an old .xls) is told by its
 * bytes instead (`describeNotText`): text in UTF-8 or in a single-byte encoding (Latin-1,
 * Windows-1252) holds next to no control bytes, binary data about one byte in eight.
 *
 * The advice says what to do where the file was given: "attach …" in the browser, "give … to
 * --data NAME" in a headless run (`givenAs`, see FileSource).
 */

interface Signature {
	bytes: readonly number[];
	/** "a PNG image": what the file looks like. */
	looksLike: string;
	/** What to do instead; absent: give the data as a CSV file. */
	advice?: string;
}

const ascii = (text: string): number[] => Array.from(text, (char) => char.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
	{ bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], looksLike: 'a PNG image' },
	{ bytes: [0xff, 0xd8, 0xff], looksLike: 'a JPEG image' },
	{ bytes: ascii('GIF87a'), looksLike: 'a GIF image' },
	{ bytes: ascii('GIF89a'), looksLike: 'a GIF image' },
	{ bytes: ascii('%PDF-'), looksLike: 'a PDF document' },
	{ bytes: [0x50, 0x4b, 0x03, 0x04], looksLike: 'a ZIP archive (an Excel .xlsx workbook is one)', advice: 'save the sheet as CSV (UTF-8), or unzip the archive' },
	{ bytes: [0x1f, 0x8b], looksLike: 'a gzip-compressed file', advice: 'decompress it first' }
];

/** The most bytes a signature needs: a reader holds back at least this many before deciding. */
export const SIGNATURE_BYTES = Math.max(...SIGNATURES.map((signature) => signature.bytes.length));

const signatureOf = (head: Uint8Array): Signature | undefined => SIGNATURES.find(({ bytes }) => head.length >= bytes.length && bytes.every((byte, index) => head[index] === byte));

/** "a PNG image" when `head` (a file's first bytes) starts with a listed binary signature; null otherwise. */
export function binaryFormatOf(head: Uint8Array): string | null {
	return signatureOf(head)?.looksLike ?? null;
}

/**
 * How to give a dataset cell another file: `what` attached in the browser (`givenAs` absent), or
 * given to the flag that bound it in a headless run ("--data reviews").
 */
export function giveFile(what: string, givenAs: string | undefined): string {
	return givenAs ? `give ${what} to ${givenAs}` : `attach ${what}`;
}

/**
 * "looks like a PNG image, not a text CSV: attach the data as a CSV file" when `head` (the file's
 * first bytes, at least SIGNATURE_BYTES of them when the file has that many) starts with a known
 * binary signature; null otherwise (text, or a binary format not listed). A headless run's
 * `givenAs` ("--data reviews") makes the advice "give a CSV file to --data reviews".
 */
export function describeBinary(head: Uint8Array, givenAs?: string): string | null {
	const found = signatureOf(head);
	if (!found) return null;
	const advice = found.advice ?? (givenAs ? giveFile('a CSV file', givenAs) : 'attach the data as a CSV file');
	return `looks like ${found.looksLike}, not a text CSV: ${advice}`;
}

/**
 * JSON's start: an object (`{"`), or an array of objects, arrays, strings or numbers (`[{`, `[[`,
 * `["`, `[1`), after blanks. No CSV header starts so: a column name holds no `{`, and a header
 * whose first name is in brackets ("[mm]") is not followed by one of those.
 */
const JSON_START = /^\s*(\{\s*"|\[\s*[{["\d-])/;

/**
 * "looks like JSON, not a CSV: …" when `text` (the file's first characters, after a byte-order
 * mark) starts as JSON does (a JSON array, object or JSON Lines file); null otherwise. Read as a
 * CSV, its braces and quotes would become column names.
 */
export function describeJson(text: string, givenAs?: string): string | null {
	if (!JSON_START.test(text)) return null;
	return `looks like JSON, not a CSV: save the data as a CSV file (pandas: pd.read_json(path).to_csv("data.csv", index=False); add lines=True for JSON Lines) and ${giveFile('that, or a Parquet or Arrow file', givenAs)}`;
}

/** The bytes `describeNotText` looks at: enough to tell, few enough to read before the first row. */
export const TEXT_SNIFF_BYTES = 4096;

/** A share of non-text bytes above this is binary: text has next to none, random bytes 13 %. */
const NOT_TEXT_SHARE = 0.05;

/** Bytes 0x80–0x9F that Windows-1252 leaves undefined (and Latin-1 makes C1 controls). */
const UNDEFINED_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** A byte no text holds: a control character other than tab, line feed, form feed and carriage return, or DEL. */
const isControl = (byte: number): boolean => (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f;

/** The length of the valid UTF-8 sequence at `bytes[i]` (a lead byte ≥ 0x80), or 0 when there is none. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
	const lead = bytes[i]!;
	const need = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
	if (need === 0 || i + need >= bytes.length) return 0;
	for (let k = 1; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
	return need + 1;
}

/**
 * UTF-16 text without a byte-order mark: mostly ASCII, so a NUL in nearly every other byte, all
 * on the same side. The decoder names that case itself (a NUL byte: "UTF-16 without a byte-order
 * mark?"), so it is not called binary here.
 */
function looksLikeUtf16(bytes: Uint8Array): boolean {
	let even = 0;
	let odd = 0;
	for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) i % 2 === 0 ? even++ : odd++;
	return Math.max(even, odd) >= bytes.length / 4 && Math.min(even, odd) <= (even + odd) / 20;
}

/**
 * "does not look like text: 13% of its first 4,096 bytes are not text in any encoding; attach a CSV, TSV, Parquet or Arrow file" when more than 5 % of `head` (a file's
 * first bytes, after any UTF-8 byte-order mark) are bytes that neither UTF-8 nor a single-byte
 * encoding reads as text: a control byte (NUL included), or a byte outside a valid UTF-8
 * sequence that Windows-1252 leaves undefined. A Latin-1 or Windows-1252 file is text by this
 * count (its accented letters are invalid UTF-8, but letters in those encodings), so it still
 * gets the decoder's encoding message. Null for text, and for UTF-16 without a byte-order mark.
 */
export function describeNotText(head: Uint8Array, givenAs?: string): string | null {
	const found = notTextShare(head);
	if (!found) return null;
	const advice = giveFile('a CSV, TSV, Parquet or Arrow file', givenAs);
	return `does not look like text: ${found.percent}% of its first ${found.looked.toLocaleString('en-US')} bytes are not text in any encoding; ${advice}`;
}

/**
 * The share of `head`'s first TEXT_SNIFF_BYTES bytes that no encoding reads as text, as
 * `describeNotText` counts it: `percent` (rounded) of `looked` bytes, when above 5 % (binary
 * data); null for text, for UTF-16 without a byte-order mark, and for no bytes.
 */
export function notTextShare(head: Uint8Array): { percent: number; looked: number } | null {
	const bytes = head.subarray(0, TEXT_SNIFF_BYTES);
	if (bytes.length === 0) return null;
	let notText = 0;
	for (let i = 0; i < bytes.length; ) {
		const byte = bytes[i]!;
		if (byte < 0x80) {
			if (isControl(byte)) notText++;
			i++;
			continue;
		}
		const sequence = utf8SequenceAt(bytes, i);
		if (sequence > 0) i += sequence;
		else {
			if (UNDEFINED_1252.has(byte)) notText++;
			i++;
		}
	}
	if (notText <= bytes.length * NOT_TEXT_SHARE || looksLikeUtf16(bytes)) return null;
	return { percent: Math.round((notText / bytes.length) * 100), looked: bytes.length };
}

/**
 * The same test for a file embedded in a notebook as text: a binary file attached and embedded
 * became text with its bytes decoded as they came, and its control bytes are still there (more
 * than 5 % of its first 4,096 characters). Null for text.
 */
export function describeNotTextString(text: string, givenAs?: string): string | null {
	const head = text.slice(0, TEXT_SNIFF_BYTES);
	let notText = 0;
	for (let i = 0; i < head.length; i++) if (isControl(head.charCodeAt(i))) notText++;
	if (head.length === 0 || notText <= head.length * NOT_TEXT_SHARE) return null;
	const percent = Math.round((notText / head.length) * 100);
	return `does not look like text: ${percent}% of its first ${head.length.toLocaleString('en-US')} characters are control characters; ${giveFile('a CSV, TSV, Parquet or Arrow file', givenAs)}`;
}
