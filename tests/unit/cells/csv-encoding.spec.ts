/**
 * Files that are not UTF-8 text: refused as pandas refuses them (UnicodeDecodeError), but naming
 * the row, the byte offset and the byte, at every chunk size.
 */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/lib/cells/dataset/csv';
import { CsvDecoder, validUtf8Length } from '../../../src/lib/cells/dataset/csv-decode';

const read = (bytes: Uint8Array<ArrayBuffer>, chunkSize: number) =>
	parseCsv({ name: 'data.csv', data: new Blob([bytes]), fingerprint: 'f' }, { name: 'data', labelColumn: '', featureColumns: [], textColumns: ['t'], chunkSize });

const latin1 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(text, (char) => char.charCodeAt(0));

describe('CSV encodings', () => {
	it('refuses a Latin-1 file at its first non-UTF-8 byte, naming row and byte offset, at every chunk size', async () => {
		// 'café' in Latin-1: 0xE9 then ',' is not a UTF-8 sequence; it is byte 15, on line 3 (data row 2).
		const bytes = latin1('t,y\nplain,a\ncaf\u00e9,b\nmore,a\n');
		expect(bytes[15]).toBe(0xe9);
		for (let chunkSize = 1; chunkSize <= bytes.length; chunkSize++) {
			await expect(read(bytes, chunkSize), `chunk ${chunkSize}`).rejects.toThrow('data row 2 (line 3 of the file), byte 15: 0xE9 is not valid UTF-8: the file is in another encoding (Latin-1 or Windows-1252?); save it as UTF-8');
		}
	});

	it('refuses UTF-16 without a byte-order mark (NUL bytes), and a UTF-16 file cut inside a unit', async () => {
		const text = 't,y\nx,a\ny,b\n';
		const noBom = new Uint8Array(text.length * 2);
		for (let i = 0; i < text.length; i++) noBom[2 * i] = text.charCodeAt(i);
		await expect(read(noBom, 1 << 20)).rejects.toThrow('the header (line 1 of the file), byte 1: a NUL byte: this looks like UTF-16 without a byte-order mark');
		const cut = new Uint8Array([0xff, 0xfe, ...noBom, 0x41]);
		for (const chunkSize of [1, 2, 3, 1 << 20]) await expect(read(cut, chunkSize)).rejects.toThrow('the file ends inside a UTF-16 unit');
	});

	it('a file ending inside a UTF-8 character is refused at that character', async () => {
		const bytes = new Uint8Array([...new TextEncoder().encode('t,y\nx,a\ny,b\n\u00e9'), 0xe2, 0x82]);
		await expect(read(bytes, 3)).rejects.toThrow('data row 3 (line 4 of the file), byte 14: 0xE2 is not valid UTF-8');
	});

	it('names what a binary file renamed .csv looks like, at every chunk size, instead of its first byte', async () => {
		const files: [string, number[], string][] = [
			['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d], 'data.csv looks like a PNG image, not a text CSV'],
			['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46], 'data.csv looks like a JPEG image, not a text CSV'],
			['GIF', [...new TextEncoder().encode('GIF89a'), 0x01, 0x00], 'data.csv looks like a GIF image, not a text CSV'],
			['PDF', [...new TextEncoder().encode('%PDF-1.7\n')], 'data.csv looks like a PDF document, not a text CSV'],
			['XLSX', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], 'data.csv looks like a ZIP archive (an Excel .xlsx workbook is one), not a text CSV: save the sheet as CSV'],
			['gzip', [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00], 'data.csv looks like a gzip-compressed file, not a text CSV: decompress it first']
		];
		for (const [format, head, message] of files) {
			const bytes = new Uint8Array([...head, ...new TextEncoder().encode('t,y\nx,a\n')]);
			for (const chunkSize of [1, 3, 5, 1 << 20]) await expect(read(bytes, chunkSize), `${format}, chunk ${chunkSize}`).rejects.toThrow(message);
		}
	});

	it('reads a short text file and one that only starts like a signature as text', async () => {
		await expect(read(new TextEncoder().encode('t,y\nx,a\nz,b\n'), 1)).resolves.toMatchObject({ rowCount: 2 });
		// "%PDF" without the dash, "GIF8" alone: a header may start so.
		await expect(read(new TextEncoder().encode('t,y\n%PDF,a\nGIF8,b\n'), 2)).resolves.toMatchObject({ rowCount: 2 });
	});

	it('validUtf8Length agrees with the platform decoder on every short byte sequence', () => {
		const fatal = new TextDecoder('utf-8', { fatal: true });
		const interesting = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef, 0xf0, 0x90, 0xf4, 0x8f, 0xf5, 0xff];
		for (const a of interesting)
			for (const b of interesting)
				for (const c of interesting) {
					const bytes = new Uint8Array([a, b, c, 0x80]);
					let platform = true;
					try {
						fatal.decode(bytes);
					} catch {
						platform = false;
					}
					expect(validUtf8Length(bytes) === bytes.length, `${bytes}`).toBe(platform);
				}
	});

	it('a decoder holds back a character cut by the chunk edge', () => {
		const decoder = new CsvDecoder();
		// After the first 8 bytes (a byte-order mark or a binary signature is decided on them).
		const bytes = new TextEncoder().encode('abcdefgh😀b');
		expect(decoder.push(bytes.subarray(0, 10), false)).toBe('abcdefgh');
		expect(decoder.push(bytes.subarray(10, 11), false)).toBe('');
		expect(decoder.push(bytes.subarray(11), true)).toBe('😀b');
		expect(decoder.encoding).toBe('utf-8');
	});
});
