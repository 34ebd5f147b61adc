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

	it('names a file that is not text in any encoding (random bytes) as such, at every chunk size, and in a headless run says what to give --data', async () => {
		// 5,000 bytes as /dev/urandom gives them (seeded): no signature, so once read as Latin-1 text.
		let seed = 1;
		const bytes = Uint8Array.from({ length: 5000 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
		const message = /^random\.csv does not look like text: \d+% of its first 4,096 bytes are not text in any encoding; attach a CSV, TSV, Parquet or Arrow file$/;
		for (const chunkSize of [1, 7, 4095, 4096, 1 << 20]) {
			const error = await parseCsv({ name: 'random.csv', data: new Blob([bytes]), fingerprint: 'f' }, { name: 'data', labelColumn: '', featureColumns: [], textColumns: [], chunkSize }).catch((caught: Error) => caught);
			expect((error as Error).message, `chunk ${chunkSize}`).toMatch(message);
		}
		const headless = parseCsv({ name: 'random.csv', data: new Blob([bytes]), fingerprint: 'f', givenAs: '--data reviews' }, { name: 'data', labelColumn: '', featureColumns: [], textColumns: [] });
		await expect(headless).rejects.toThrow(/; give a CSV, TSV, Parquet or Arrow file to --data reviews$/);
		// A short binary file too: the share is of the bytes there are.
		const short = bytes.subarray(0, 100);
		await expect(parseCsv({ name: 'r.csv', data: new Blob([short]), fingerprint: 'f' }, { name: 'data', labelColumn: '', featureColumns: [], textColumns: [] })).rejects.toThrow(/r\.csv does not look like text: \d+% of its first 100 bytes/);
	});

	it('names a binary file embedded in a notebook (its bytes decoded as text) as not text too', async () => {
		let seed = 5;
		const text = new TextDecoder().decode(Uint8Array.from({ length: 5000 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff));
		await expect(parseCsv({ name: 'random.csv', data: text, fingerprint: 'f' }, { name: 'data', labelColumn: '', featureColumns: [], textColumns: [] })).rejects.toThrow(
			/^random\.csv does not look like text: \d+% of its first 4,096 characters are control characters; attach a CSV, TSV, Parquet or Arrow file$/
		);
		// Tabs, line breaks and form feeds are text.
		await expect(parseCsv({ name: 'ok.csv', data: 't\ty\r\nx\ta\n\fz\tb\n', fingerprint: 'f' }, { name: 'data', labelColumn: '', featureColumns: [], textColumns: ['t'] })).resolves.toMatchObject({ rowCount: 2 });
	});

	it('keeps the encoding message for Latin-1 and Windows-1252 text, however many accented letters it holds', async () => {
		// Every line accented: French in Latin-1, curly quotes, a euro sign and a dash in Windows-1252 (0x93 0x94 0x80 0x96).
		const french = latin1('t,y\n' + 'Fran\u00e7ais \u00e0 l\u00e9t\u00e9 d\u00e9j\u00e0 \u00e9l\u00e8ve \u00ea\u00ee\u00f4,a\n'.repeat(200));
		await expect(read(french, 1 << 20)).rejects.toThrow('data row 1 (line 2 of the file), byte 8: 0xE7 is not valid UTF-8: the file is in another encoding (Latin-1 or Windows-1252?); save it as UTF-8');
		const windows = new Uint8Array([...latin1('t,y\n'), ...Array.from({ length: 300 }, () => [0x93, 0x41, 0x94, 0x20, 0x80, 0x35, 0x20, 0x96, 0x2c, 0x62, 0x0a]).flat()]);
		for (const chunkSize of [1, 1 << 20]) await expect(read(windows, chunkSize)).rejects.toThrow('data row 1 (line 2 of the file), byte 4: 0x93 is not valid UTF-8: the file is in another encoding (Latin-1 or Windows-1252?)');
	});

	it('gives the advice for a PNG in a headless run as what to give --data', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
		const source = { name: 'photo.csv', data: new Blob([png]), fingerprint: 'f', givenAs: '--data reviews' };
		await expect(parseCsv(source, { name: 'data', labelColumn: '', featureColumns: [], textColumns: [] })).rejects.toThrow('photo.csv looks like a PNG image, not a text CSV: give a CSV file to --data reviews');
		await expect(parseCsv({ ...source, givenAs: undefined }, { name: 'data', labelColumn: '', featureColumns: [], textColumns: [] })).rejects.toThrow('photo.csv looks like a PNG image, not a text CSV: attach the data as a CSV file');
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
		// After the first 4,096 bytes (a byte-order mark, a binary signature and whether it is text are decided on them).
		const start = 'abcdefgh'.repeat(512);
		const bytes = new TextEncoder().encode(`${start}😀b`);
		expect(decoder.push(bytes.subarray(0, 8), false)).toBe('');
		expect(decoder.push(bytes.subarray(8, 4098), false)).toBe(start);
		expect(decoder.push(bytes.subarray(4098, 4099), false)).toBe('');
		expect(decoder.push(bytes.subarray(4099), true)).toBe('😀b');
		expect(decoder.encoding).toBe('utf-8');
	});
});
