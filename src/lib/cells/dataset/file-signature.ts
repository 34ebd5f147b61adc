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
 */

interface Signature {
	bytes: readonly number[];
	/** "a PNG image": what the file looks like. */
	looksLike: string;
	/** What to do instead. */
	advice: string;
}

const ascii = (text: string): number[] => Array.from(text, (char) => char.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
	{ bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], looksLike: 'a PNG image', advice: 'attach the data as a CSV file' },
	{ bytes: [0xff, 0xd8, 0xff], looksLike: 'a JPEG image', advice: 'attach the data as a CSV file' },
	{ bytes: ascii('GIF87a'), looksLike: 'a GIF image', advice: 'attach the data as a CSV file' },
	{ bytes: ascii('GIF89a'), looksLike: 'a GIF image', advice: 'attach the data as a CSV file' },
	{ bytes: ascii('%PDF-'), looksLike: 'a PDF document', advice: 'attach the data as a CSV file' },
	{ bytes: [0x50, 0x4b, 0x03, 0x04], looksLike: 'a ZIP archive (an Excel .xlsx workbook is one)', advice: 'save the sheet as CSV (UTF-8), or unzip the archive' },
	{ bytes: [0x1f, 0x8b], looksLike: 'a gzip-compressed file', advice: 'decompress it first' }
];

/** The most bytes a signature needs: a reader holds back at least this many before deciding. */
export const SIGNATURE_BYTES = Math.max(...SIGNATURES.map((signature) => signature.bytes.length));

/**
 * "looks like a PNG image, not a text CSV: attach the data as a CSV file" when `head` (the file's
 * first bytes, at least SIGNATURE_BYTES of them when the file has that many) starts with a known
 * binary signature; null otherwise (text, or a binary format not listed).
 */
export function describeBinary(head: Uint8Array): string | null {
	const found = SIGNATURES.find(({ bytes }) => head.length >= bytes.length && bytes.every((byte, index) => head[index] === byte));
	return found ? `looks like ${found.looksLike}, not a text CSV: ${found.advice}` : null;
}
