import { openAsBlob, readFileSync } from 'node:fs';
import { RecordBatchStreamWriter, Table as ArrowTable, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { datasetCell } from '../../../src/lib/cells/dataset';
import { parseArrow, readArrowHeader } from '../../../src/lib/cells/dataset/arrow';
import { parseCsv } from '../../../src/lib/cells/dataset/csv';
import { parseParquet, readParquetHeader } from '../../../src/lib/cells/dataset/parquet';
import type { FileSource } from '../../../src/lib/cells/types';
import type { Table } from '../../../src/lib/cells/values';
import { fakeContext } from './fake-context';

const options = { name: 'points', labelColumn: 'label', featureColumns: [], textColumns: ['note'] };
const source = async (name: string): Promise<FileSource> => ({ name, data: await openAsBlob(`tests/fixtures/${name}`), fingerprint: name });
const withoutSource = (table: Table) => ({ ...table, source: '' });

describe('datasets from Parquet and Arrow files', () => {
	it('a Parquet file (snappy, several row groups) reads as the same table as the CSV of its rows', async () => {
		const csv = await parseCsv({ name: 'typed-points.csv', data: readFileSync('tests/fixtures/typed-points.csv', 'utf8'), fingerprint: 'csv' }, options);
		const parquet = await parseParquet(await source('typed-points.parquet'), options);
		expect(parquet.rowCount).toBe(50);
		expect(withoutSource(parquet)).toEqual(withoutSource(csv));
		expect(parquet.source).toContain('typed-points.parquet');
	});

	it('an Arrow IPC file (record batches, a dictionary label) and an Arrow stream read as the same table too', async () => {
		const csv = await parseCsv({ name: 'typed-points.csv', data: readFileSync('tests/fixtures/typed-points.csv', 'utf8'), fingerprint: 'csv' }, options);
		const arrow = await parseArrow(await source('typed-points.arrow'), options);
		expect(withoutSource(arrow)).toEqual(withoutSource(csv));
		const stream = RecordBatchStreamWriter.writeAll(tableFromIPC(readFileSync('tests/fixtures/typed-points.arrow'))).toUint8Array(true);
		const fromStream = await parseArrow({ name: 'typed-points.arrows', data: new Blob([stream.slice().buffer as ArrayBuffer]), fingerprint: 's' }, options);
		expect(withoutSource(fromStream)).toEqual(withoutSource(csv));
	});

	it('with "Has a label column" off, every column of a CSV, Parquet or Arrow file is a feature and the rows have no labels', async () => {
		const read = { ...options, labelled: false, featureColumns: [], textColumns: ['note', 'label'] };
		const csv = await parseCsv({ name: 'typed-points.csv', data: readFileSync('tests/fixtures/typed-points.csv', 'utf8'), fingerprint: 'csv' }, read);
		expect([csv.labelName, csv.classes, csv.labels.length]).toEqual(['', [], 0]);
		expect(csv.columns.map((column) => column.name)).toEqual(readFileSync('tests/fixtures/typed-points.csv', 'utf8').split('\n')[0]!.split(',').map((name) => name.trim()));
		expect(withoutSource(await parseParquet(await source('typed-points.parquet'), read))).toEqual(withoutSource(csv));
		expect(withoutSource(await parseArrow(await source('typed-points.arrow'), read))).toEqual(withoutSource(csv));
		// A labelled file read without its label column: the class names are no numbers, and the message says where to look.
		const labelFirst = { ...read, textColumns: [], featureColumns: ['x1', 'label'] };
		await expect(parseCsv({ name: 'typed-points.csv', data: readFileSync('tests/fixtures/typed-points.csv', 'utf8'), fingerprint: 'csv' }, labelFirst)).rejects.toThrow(
			`column 'label': 'no' is not a number (list the column under "Text columns" if it is text, or leave it out of "Feature columns"; if it is the label, turn "Has a label column" on; `
		);
		// With every column a feature, the label's words make it a text column, and the log says where to look.
		const notes: string[] = [];
		const guessed = await parseCsv({ name: 'typed-points.csv', data: readFileSync('tests/fixtures/typed-points.csv', 'utf8'), fingerprint: 'csv' }, { ...read, textColumns: ['note'], onNote: (line) => notes.push(line) });
		expect(guessed.columns.find((column) => column.name === 'label')?.type).toBe('text');
		expect(notes.join('\n')).toMatch(/column 'label' read as text: its first value, 'no' .*; if one is the label, turn "Has a label column" on\)$/);
	});

	it('an Arrow file whose buffers are compressed (LZ4 frames, as pandas writes Feather; Zstandard) reads as the same table', async () => {
		const csv = await parseCsv({ name: 'typed-points.csv', data: readFileSync('tests/fixtures/typed-points.csv', 'utf8'), fingerprint: 'csv' }, options);
		for (const name of ['typed-points.lz4.feather', 'typed-points.zstd.arrow']) {
			expect(withoutSource(await parseArrow(await source(name), options)), name).toEqual(withoutSource(csv));
		}
	});

	it('reads an Arrow file a record batch at a time, file and stream format alike: no read spans the whole file', async () => {
		const rows = 40_000;
		const table = new ArrowTable({
			x: vectorFromArray(Float64Array.from({ length: rows }, (_, i) => Math.sin(i))),
			label: vectorFromArray(Array.from({ length: rows }, (_, i) => (i % 3 ? 'a' : 'b')))
		});
		// 8 record batches of 5,000 rows
		const batched = new ArrowTable(Array.from({ length: 8 }, (_, k) => table.slice(5000 * k, 5000 * (k + 1))).flatMap((part) => part.batches));
		for (const [name, format] of [['big.arrow', 'file'], ['big.arrows', 'stream']] as const) {
			const reads: number[] = [];
			class CountingBlob extends Blob {
				override slice(start?: number, end?: number): Blob {
					reads.push((end ?? this.size) - (start ?? 0));
					return super.slice(start, end);
				}
				override stream(): ReturnType<Blob['stream']> {
					reads.push(this.size);
					return super.stream();
				}
			}
			const data = new CountingBlob([tableToIPC(batched, format).slice().buffer as ArrayBuffer]);
			const progress: number[] = [];
			const read = await parseArrow({ name, data, fingerprint: name }, { ...options, textColumns: [], onProgress: (done) => progress.push(done) });
			expect(read.rowCount, name).toBe(rows);
			expect(reads.length, name).toBeGreaterThan(8);
			expect(Math.max(...reads), name).toBeLessThan(data.size / 4);
			expect(progress.length, name).toBe(8);
			expect(progress.at(-1), name).toBeGreaterThan(data.size * 0.9);
		}
	});

	it('the dataset cell picks the reader by the file name, and reports progress', async () => {
		const context = fakeContext(await source('typed-points.parquet'));
		const table = await datasetCell.run({ name: 'points', source: 'csv', rows: 0, noise: 0, seed: 0, labelColumn: 'label', featureColumns: [], textColumns: ['note'] }, {}, context);
		expect(table.rowCount).toBe(50);
		expect(context.fractions.at(-1)).toBe(1);
	});

	it('a null reads as an empty CSV field does (whatever the CSV reader makes of a missing value)', async () => {
		const outcome = (promise: Promise<Table>) => promise.then((table) => withoutSource(table), (error: Error) => error.message);
		const csv = await outcome(parseCsv({ name: 'gap.csv', data: 'x,label\n1,a\n,b\n3,a\n', fingerprint: 'csv' }, { ...options, textColumns: [] }));
		const parquet = parquetWriteBuffer({ columnData: [{ name: 'x', data: [1, null, 3], type: 'DOUBLE' }, { name: 'label', data: ['a', 'b', 'a'], type: 'STRING' }] });
		expect(await outcome(parseParquet({ name: 'gap.parquet', data: new Blob([parquet]), fingerprint: 'p' }, { ...options, textColumns: [] }))).toEqual(csv);
	});

	it('reads a Parquet file a row group at a time: no read spans the whole file', async () => {
		const rows = 40_000;
		const bytes = parquetWriteBuffer({
			columnData: [
				{ name: 'x', data: Array.from({ length: rows }, (_, i) => Math.sin(i)), type: 'DOUBLE' },
				{ name: 'label', data: Array.from({ length: rows }, (_, i) => (i % 3 ? 'a' : 'b')), type: 'STRING' }
			],
			rowGroupSize: 5000,
			codec: 'UNCOMPRESSED'
		});
		const reads: number[] = [];
		class CountingBlob extends Blob {
			override slice(start?: number, end?: number): Blob {
				reads.push((end ?? this.size) - (start ?? 0));
				return super.slice(start, end);
			}
		}
		const data = new CountingBlob([bytes]);
		const table = await parseParquet({ name: 'big.parquet', data, fingerprint: 'big' }, { ...options, textColumns: [] });
		expect(table.rowCount).toBe(rows);
		expect(reads.length).toBeGreaterThan(8);
		expect(Math.max(...reads)).toBeLessThan(data.size / 4);
	});

	it('refuses an Arrow list column by name, a text column as a feature, and files that are not Parquet or Arrow', async () => {
		const listed = tableToIPC(new ArrowTable({ tags: vectorFromArray([[1], [2, 3]]), label: vectorFromArray(['a', 'b']) }), 'file');
		await expect(parseArrow({ name: 'tags.arrow', data: new Blob([listed.slice().buffer as ArrayBuffer]), fingerprint: 'n' }, options)).rejects.toThrow(/tags.*nested/);
		const json = parquetWriteBuffer({ columnData: [{ name: 'tags', data: [{ a: 1 }, { a: 2 }], type: 'JSON' }, { name: 'label', data: ['a', 'b'], type: 'STRING' }] });
		const blob = (bytes: ArrayBuffer | Uint8Array, name: string): FileSource => ({ name, data: new Blob([bytes instanceof Uint8Array ? (bytes.slice().buffer as ArrayBuffer) : bytes]), fingerprint: name });
		// A JSON column is flat in Parquet: it reads as text, and as text it is refused as a feature.
		await expect(parseParquet(blob(json, 'tags.parquet'), { ...options, textColumns: [] })).rejects.toThrow(/tags/);
		await expect(parseParquet(blob(new TextEncoder().encode('x,label\n1,a\n'), 'fake.parquet'), options)).rejects.toThrow(/fake\.parquet: not a Parquet file/);
		await expect(parseArrow(blob(new TextEncoder().encode('x,label\n1,a\n'), 'fake.arrow'), options)).rejects.toThrow(/fake\.arrow/);
	});
});

describe('a Parquet or Arrow file cut short is named so, not called another format', () => {
	const half = async (name: string): Promise<FileSource> => {
		const bytes = readFileSync(`tests/fixtures/${name}`);
		return { name: `half-${name}`, data: new Blob([bytes.subarray(0, bytes.length >> 1)]), fingerprint: name };
	};

	it('the first half of each fixture (Feather with LZ4, Arrow with Zstandard, plain Arrow, Parquet) is refused as cut short, the header too', async () => {
		for (const name of ['typed-points.lz4.feather', 'typed-points.zstd.arrow', 'typed-points.arrow']) {
			const file = await half(name);
			const cut = new RegExp(`half-${name.replace(/\./g, '\\.')}: the file is cut short \\(.*\\): it begins as an Arrow IPC file .*missing`);
			await expect(parseArrow(file, options), name).rejects.toThrow(cut);
			await expect(parseArrow(file, options), name).rejects.not.toThrow(/not an Arrow IPC file|fieldsLength/);
			await expect(readArrowHeader(file.name, file.data as Blob), name).rejects.toThrow(cut);
		}
		const parquet = await half('typed-points.parquet');
		await expect(parseParquet(parquet, options)).rejects.toThrow(/half-typed-points\.parquet: the file is cut short \(.*\): it begins as a Parquet file/);
		await expect(readParquetHeader(parquet.name, parquet.data as Blob)).rejects.toThrow(/cut short/);
	});

	it('an Arrow stream cut short, in its schema or in a record batch, is named cut short where it ends', async () => {
		const stream = RecordBatchStreamWriter.writeAll(tableFromIPC(readFileSync('tests/fixtures/typed-points.arrow'))).toUint8Array(true);
		const cut = (length: number): FileSource => ({ name: 'cut.arrows', data: new Blob([stream.slice(0, length).buffer as ArrayBuffer]), fingerprint: String(length) });
		await expect(parseArrow(cut(100), options)).rejects.toThrow(/^cut\.arrows: the file is cut short \(100 B\): it ends inside its schema; copy or download/);
		await expect(parseArrow(cut(Math.floor(stream.length * 0.6)), options)).rejects.toThrow(/^cut\.arrows: the file is cut short \(.*\): it ends inside record batch \d/);
	});

	it('an empty Arrow or Parquet file is named empty, as an empty CSV is, the header too', async () => {
		for (const name of ['empty.feather', 'empty.arrow', 'empty.parquet']) {
			const file: FileSource = { name, data: new Blob([]), fingerprint: name };
			const read = name.endsWith('.parquet') ? parseParquet : parseArrow;
			await expect(read(file, options), name).rejects.toThrow(`the file '${name}' is empty`);
			await expect((name.endsWith('.parquet') ? readParquetHeader : readArrowHeader)(name, file.data as Blob), name).rejects.toThrow(`the file '${name}' is empty`);
		}
		await expect(parseCsv({ name: 'empty.csv', data: new Blob([]), fingerprint: 'e' }, options)).rejects.toThrow("the file 'empty.csv' is empty");
	});

	it('an Arrow or Parquet file with columns and no rows says it has a schema but no rows, not "a header"', async () => {
		const empty = new ArrowTable({ x: vectorFromArray(new Float64Array(0)), label: vectorFromArray([] as string[]) });
		for (const format of ['file', 'stream'] as const) {
			const data = new Blob([tableToIPC(empty, format).slice().buffer as ArrayBuffer]);
			await expect(parseArrow({ name: `zero.${format}.arrow`, data, fingerprint: format }, { ...options, textColumns: [] })).rejects.toThrow(`the file 'zero.${format}.arrow' has a schema (columns 'x', 'label') but no rows`);
		}
		const parquet = parquetWriteBuffer({ columnData: [{ name: 'x', data: [], type: 'DOUBLE' }, { name: 'label', data: [], type: 'STRING' }] });
		await expect(parseParquet({ name: 'zero.parquet', data: new Blob([parquet]), fingerprint: 'p' }, { ...options, textColumns: [] })).rejects.toThrow(`the file 'zero.parquet' has a schema (columns 'x', 'label') but no rows`);
	});

	it('a boolean column of an Arrow or Parquet file reads as 1 and 0 (as scikit-learn reads a pandas bool), a null as missing; a label of booleans keeps its names', async () => {
		const expected = [1, 0, 1, NaN, 0, 1];
		const flags = [true, false, true, null, false, true];
		const arrow = tableToIPC(new ArrowTable({ flag: vectorFromArray(flags), label: vectorFromArray([true, false, true, false, true, false]) }), 'file');
		const parquet = parquetWriteBuffer({ columnData: [{ name: 'flag', data: flags, type: 'BOOLEAN' }, { name: 'label', data: ['a', 'b', 'a', 'b', 'a', 'b'], type: 'STRING' }] });
		const fromArrow = await parseArrow({ name: 'flags.arrow', data: new Blob([arrow.slice().buffer as ArrayBuffer]), fingerprint: 'a' }, { ...options, textColumns: [] });
		const fromParquet = await parseParquet({ name: 'flags.parquet', data: new Blob([parquet]), fingerprint: 'p' }, { ...options, textColumns: [] });
		for (const table of [fromArrow, fromParquet]) {
			expect(table.columns.map((column) => column.name)).toEqual(['flag']);
			expect(Array.from(table.columns[0]!.values as Float32Array)).toEqual(expected);
		}
		expect(fromArrow.classes).toEqual(['false', 'true']);
		// In a CSV, 'true' is still text, as the rules for a CSV say.
		await expect(parseCsv({ name: 'flags.csv', data: 'flag,label\ntrue,a\nfalse,b\n', fingerprint: 'c' }, { ...options, textColumns: [] })).rejects.toThrow(/'true' is not a number/);
	});

	it('a label, feature or text column missing from an Arrow or Parquet file is not found in its schema (it has no header row)', async () => {
		const feather = await source('typed-points.lz4.feather');
		await expect(parseArrow(feather, { ...options, labelColumn: 'outcome' })).rejects.toThrow("label column 'outcome' not found in the file's schema; columns found: 'x1', 'x2', 'count', 'note', 'label'");
		await expect(parseParquet(await source('typed-points.parquet'), { ...options, featureColumns: ['age'] })).rejects.toThrow("feature column 'age' not found in the file's schema");
		await expect(parseCsv({ name: 'p.csv', data: 'x,label\n1,a\n', fingerprint: 'c' }, { ...options, labelColumn: 'outcome' })).rejects.toThrow("label column 'outcome' not found in the header (line 1 of the file)");
	});

	it('a file that does not begin with the magic is still "not an Arrow IPC file" / "not a Parquet file"', async () => {
		const text: FileSource = { name: 'x.feather', data: new Blob(['x,label\n1,a\n']), fingerprint: 'x' };
		await expect(parseArrow(text, options)).rejects.toThrow(/x\.feather: not an Arrow IPC file/);
		await expect(parseParquet({ ...text, name: 'x.parquet' }, options)).rejects.toThrow(/x\.parquet: not a Parquet file/);
	});
});

describe('rows of a Parquet or Arrow file are named as data rows, without a line (such files have none)', () => {
	it('a label missing on the third row of an Arrow file is data row 3, with no line of the file', async () => {
		const table = new ArrowTable({ x: vectorFromArray([1, 2, 3]), label: vectorFromArray(['a', 'b', 'NA']) });
		const bytes = tableToIPC(table, 'file');
		const read = parseArrow({ name: 'gap.arrow', data: new Blob([bytes.slice().buffer as ArrayBuffer]), fingerprint: 'g' }, { ...options, textColumns: [] });
		await expect(read).rejects.toThrow("label column 'label' is missing in 1 row (data row 3; empty, NA");
	});
});
