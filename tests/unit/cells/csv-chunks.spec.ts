/**
 * Chunk boundaries: any cut of a CSV into chunks gives the table of the whole file. The chunk
 * size is the reader's `chunkSize` option (bytes of a Blob, characters of a string); tiny sizes
 * put a boundary at every position of a small file: inside a CRLF, inside a quoted field, inside
 * an escaped `""`, inside a multi-byte UTF-8 character and inside a UTF-16 unit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvOptions } from '../../../src/lib/cells/dataset/csv';
import type { Table } from '../../../src/lib/cells/values';

const read = (data: Blob | string, chunkSize: number, options: Partial<CsvOptions> = {}): Promise<Table> =>
	parseCsv({ name: 'data.csv', data, fingerprint: 'f' }, { name: 'data', labelColumn: 'y', featureColumns: [], textColumns: ['note'], chunkSize, ...options });

/** What a user sees of a table, as plain arrays. */
const view = (table: Table) => ({
	columns: table.columns.map((column) => [column.name, Array.from(column.values as ArrayLike<number | string>)]),
	classes: table.classes,
	labels: Array.from(table.labels)
});

const utf16le = (text: string): Uint8Array<ArrayBuffer> => {
	const bytes = new Uint8Array(2 + text.length * 2);
	bytes.set([0xff, 0xfe]);
	for (let i = 0; i < text.length; i++) {
		bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff;
		bytes[3 + 2 * i] = text.charCodeAt(i) >> 8;
	}
	return bytes;
};

const utf16be = (text: string): Uint8Array<ArrayBuffer> => {
	const le = utf16le(text);
	const be = new Uint8Array(le.length);
	for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1]!, le[i]!];
	return be;
};

describe('CSV chunk boundaries', () => {
	it('issue 12 input: a CRLF file whose 1 MiB chunk ends between a closing `"\\r` and its `\\n` is read whole (was "malformed quotes")', async () => {
		const lines = ['x,y,note'];
		for (let i = 0, length = 0; length < (1 << 20) + 4096; i++) {
			lines.push(`${i % 97},${i % 2 ? 'a' : 'b'},"note ${i}, ""${i % 7}"""`);
			length += lines.at(-1)!.length + 2;
		}
		let text = lines.join('\r\n') + '\r\n';
		// Pad the first note so that a record's `"\r` ends the first chunk exactly.
		const boundary = 1 << 20;
		const before = text.lastIndexOf('"\r\n', boundary - 2) + 1;
		text = text.replace('"note 0,', `"note 0,${' '.repeat(boundary - 1 - before)}`);
		expect(text.slice(boundary - 2, boundary + 1)).toBe('"\r\n');
		const table = await read(new Blob([text]), boundary);
		expect(table.rowCount).toBe(lines.length - 1);
		expect(view(table)).toEqual(view(await read(text, 1 << 30)));
	});

	const small = [
		['CRLF with quotes', 'x,y,note\r\n1,a,"one, ""two""\r\nthree"\r\n2.5,b,"x"\r\n-3,a,plain\r\n'],
		['mixed endings', 'x,y,note\r\n1,a,"q"\n2,b,p\r3,a,"r"\r\n'],
		['multi-byte text', 'x,y,note\n1,a,"naïve — ü, 😀"\n2,b,日本語\n3,a,"é""é"\n'],
		['NA and blank lines', 'x,y,note\r\n\r\nNA,a,"n"\r\n,b,m\r\n  \r\n4,a,"""q"""\r\n'],
		['no final line break', 'x,y,note\n1,a,"z"\n2,b,"w"']
	] as const;

	it.each(small)('%s: every chunk size from 1 to the file size, as a string, UTF-8 bytes, and UTF-16LE/BE bytes', async (_, text) => {
		const whole = view(await read(text, 1 << 30));
		const bytes = new TextEncoder().encode(text);
		for (let chunkSize = 1; chunkSize <= bytes.length + 2; chunkSize++) {
			expect(view(await read(text, chunkSize)), `string, chunk ${chunkSize}`).toEqual(whole);
			expect(view(await read(new Blob([bytes]), chunkSize)), `UTF-8, chunk ${chunkSize}`).toEqual(whole);
		}
		for (const [encoding, encoded] of [['UTF-16LE', utf16le(text)], ['UTF-16BE', utf16be(text)]] as const) {
			for (let chunkSize = 1; chunkSize <= 9; chunkSize++) expect(view(await read(new Blob([encoded]), chunkSize)), `${encoding}, chunk ${chunkSize}`).toEqual(whole);
			const notes: string[] = [];
			await read(new Blob([encoded]), 1 << 20, { onNote: (line) => notes.push(line) });
			expect(notes).toContain(`decoded as ${encoding} (byte-order mark)`);
		}
	});

	it('property: a random table with quotes, delimiters, line breaks and multi-byte text reads back the same at any chunk size', async () => {
		// Text without the delimiters papaparse might guess instead of a comma (tab, ';', '|').
		const piece = fc.constantFrom('a', 'Z', ' ', ',', '"', '""', '\n', '\r\n', '\r', 'é', '😀', '—', '日', '0', '1.5', 'NA');
		const note = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));
		const value = fc.oneof(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.constant(NaN));
		const row = fc.record({ x: value, label: fc.constantFrom('a', 'b'), note, quoteAll: fc.boolean() });
		// Two classes at least, whatever the random rows hold.
		const both = [
			{ x: 1, label: 'a', note: 'first', quoteAll: false },
			{ x: 2, label: 'b', note: 'second', quoteAll: true }
		];
		const table = fc.record({
			rows: fc.array(row, { minLength: 1, maxLength: 12 }).map((rows) => [...rows, ...both]),
			newline: fc.constantFrom('\n', '\r\n', '\r', 'mixed'),
			bom: fc.boolean(),
			chunkSize: fc.integer({ min: 1, max: 40 })
		});
		await fc.assert(
			fc.asyncProperty(table, async ({ rows, newline, bom, chunkSize }) => {
				const quoted = (text: string, always: boolean) => (always || /[",\r\n]/.test(text) || text.trim() !== text ? `"${text.replaceAll('"', '""')}"` : text);
				const lines = ['x,note,y', ...rows.map((r) => `${Number.isNaN(r.x) ? 'NaN' : String(r.x)},${quoted(r.note, r.quoteAll)},${r.label}`)];
				const text = lines.map((line, i) => line + (newline === 'mixed' ? ['\r\n', '\n', '\r'][i % 3] : newline)).join('');
				const bytes = new TextEncoder().encode((bom ? '\uFEFF' : '') + text);
				const expected = {
					columns: [
						['x', rows.map((r) => Math.fround(r.x))],
						['note', rows.map((r) => r.note)]
					],
					labels: rows.map((r) => r.label)
				};
				const tables = [await read(text, 1 << 30), await read(text, chunkSize), await read(new Blob([bytes]), chunkSize)];
				for (const parsed of tables) {
					const seen = view(parsed);
					expect(seen.columns).toEqual(expected.columns);
					expect(seen.labels.map((label) => parsed.classes[label])).toEqual(expected.labels);
				}
			}),
			{ numRuns: 150, seed: 12 }
		);
	});
});
