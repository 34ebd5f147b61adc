import { openAsBlob } from 'node:fs';
import { Table as ArrowTable, RecordBatch, Schema, tableToIPC, vectorFromArray } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { parseArrow } from '../../../src/lib/cells/dataset/arrow';
import { readFile } from 'node:fs/promises';
import { readDatasetHeader, readDatasetHeaderOrProblem } from '../../../src/lib/cells/dataset/header';
import { parseParquet } from '../../../src/lib/cells/dataset/parquet';
import type { FileSource } from '../../../src/lib/cells/types';

const fixture = async (name: string): Promise<FileSource> => ({ name, data: await openAsBlob(`tests/fixtures/${name}`), fingerprint: name });
const bytesSource = (bytes: Uint8Array | ArrayBuffer, name: string): FileSource => ({ name, data: new Blob([bytes instanceof Uint8Array ? (bytes.slice().buffer as ArrayBuffer) : bytes]), fingerprint: name });

/** A Blob that records the byte ranges read from it (slices, and what its stream hands out). */
class CountingBlob extends Blob {
	read = 0;
	override slice(start?: number, end?: number): Blob {
		this.read += Math.min(end ?? this.size, this.size) - (start ?? 0);
		return super.slice(start, end);
	}
	override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
		return super.stream().pipeThrough(
			new TransformStream({
				transform: (chunk, controller) => {
					this.read += chunk.byteLength;
					controller.enqueue(chunk);
				}
			})
		);
	}
}

describe('readDatasetHeader: the column pickers of a Parquet or Arrow file', () => {
	it('reads the columns of the typed fixtures, as the CSV of the same rows names them, and their string columns', async () => {
		const csv = await readDatasetHeader(await fixture('typed-points.csv'));
		expect(csv).toEqual({ columns: ['x1', 'x2', 'count', 'note', 'label'], stringColumns: [] });
		expect(await readDatasetHeader(await fixture('typed-points.parquet'))).toEqual({ columns: csv!.columns, stringColumns: ['note', 'label'] });
		// The Arrow fixture's label is a dictionary of strings (a pandas categorical).
		expect(await readDatasetHeader(await fixture('typed-points.arrow'))).toEqual({ columns: csv!.columns, stringColumns: ['note', 'label'] });
	});

	it('reads only the footer of a Parquet file and the schema of an Arrow file, not their rows', async () => {
		const rows = 200_000;
		const x = Array.from({ length: rows }, (_, i) => Math.sin(i));
		const label = Array.from({ length: rows }, (_, i) => (i % 3 ? 'a' : 'b'));
		const parquet = new CountingBlob([parquetWriteBuffer({ columnData: [{ name: 'x', data: x, type: 'DOUBLE' }, { name: 'label', data: label, type: 'STRING' }], codec: 'UNCOMPRESSED' })]);
		expect(await readDatasetHeader({ name: 'big.parquet', data: parquet, fingerprint: 'p' })).toEqual({ columns: ['x', 'label'], stringColumns: ['label'] });
		expect(parquet.read).toBeLessThan(parquet.size / 4);
		const arrowBytes = tableToIPC(new ArrowTable({ x: vectorFromArray(Float64Array.from(x)), label: vectorFromArray(label) }), 'file');
		const arrow = new CountingBlob([arrowBytes.slice().buffer as ArrayBuffer]);
		expect(await readDatasetHeader({ name: 'big.feather', data: arrow, fingerprint: 'a' })).toEqual({ columns: ['x', 'label'], stringColumns: ['label'] });
		expect(arrow.read).toBeLessThan(arrow.size / 4);
		// The stream format (no footer): its first message is the schema.
		const streamed = new CountingBlob([tableToIPC(new ArrowTable({ x: vectorFromArray(Float64Array.from(x)), label: vectorFromArray(label) }), 'stream').slice().buffer as ArrayBuffer]);
		expect(await readDatasetHeader({ name: 'big.arrows', data: streamed, fingerprint: 's' })).toEqual({ columns: ['x', 'label'], stringColumns: ['label'] });
		expect(streamed.read).toBeLessThan(streamed.size / 4);
	});

	it('has nothing to show for a file that is not what its name says, or one embedded as text', async () => {
		const text = new TextEncoder().encode('x,label\n1,a\n');
		expect(await readDatasetHeader(bytesSource(text, 'fake.parquet'))).toBeNull();
		expect(await readDatasetHeader(bytesSource(text, 'fake.arrow'))).toBeNull();
		expect(await readDatasetHeader({ name: 'points.parquet', data: 'PAR1…', fingerprint: 's' })).toBeNull();
	});
});

describe('readDatasetHeaderOrProblem: why a Parquet or Arrow file has no header, said on attach', () => {
	const options = { name: 'points', labelColumn: 'label', featureColumns: ['x1', 'x2'], textColumns: [] };

	it('a damaged Arrow file (a byte of its record batch overwritten) is named damaged, in the words its run gives', async () => {
		const bytes = new Uint8Array(await readFile('tests/fixtures/typed-points.arrow'));
		bytes[270] = 0xff;
		const damaged = bytesSource(bytes, 'points.arrow');
		const read = await readDatasetHeaderOrProblem(damaged);
		expect(read.header).toBeNull();
		expect(read.problem).toMatch(/^points\.arrow: the Arrow file is damaged: record batch 1 .*; copy or download the file again, or write it anew$/);
		await expect(parseArrow(damaged, options)).rejects.toThrow(read.problem!);
	});

	it('a Parquet file cut short, an empty one, and a CSV named .parquet each say what they are', async () => {
		const bytes = new Uint8Array(await readFile('tests/fixtures/typed-points.parquet'));
		const cut = await readDatasetHeaderOrProblem(bytesSource(bytes.subarray(0, bytes.length >> 1), 'points.parquet'));
		expect(cut).toEqual({ header: null, problem: expect.stringMatching(/^points\.parquet: the file is cut short .* its end, which holds the footer, is missing/) });
		expect(await readDatasetHeaderOrProblem(bytesSource(new Uint8Array(), 'empty.parquet'))).toEqual({ header: null, problem: "the file 'empty.parquet' is empty" });
		expect((await readDatasetHeaderOrProblem(bytesSource(new TextEncoder().encode('x,label\n1,a\n'), 'fake.arrow'))).problem).toMatch(/^fake\.arrow: not an Arrow IPC file/);
		expect(await readDatasetHeaderOrProblem({ name: 'points.parquet', data: 'PAR1…', fingerprint: 's' })).toEqual({ header: null, problem: 'points.parquet: a Parquet file cannot be embedded as text; attach the file itself' });
	});

	it('a schema naming a column twice has no header to pick from, and says so in the words its run gives (Parquet and Arrow)', async () => {
		const parquet = bytesSource(
			parquetWriteBuffer({ columnData: [{ name: 'x', data: [1, 2], type: 'DOUBLE' }, { name: 'x', data: [3, 4], type: 'DOUBLE' }, { name: 'label', data: ['a', 'b'], type: 'STRING' }] }),
			'twice.parquet'
		);
		const arrowTable = new ArrowTable({ x: vectorFromArray(Float64Array.from([1, 2])), y: vectorFromArray(Float64Array.from([3, 4])), label: vectorFromArray(['a', 'b']) });
		const fields = arrowTable.schema.fields;
		// apache-arrow builds a table from named vectors; a schema of its own can name two fields alike.
		const twice = new Schema([fields[0]!, fields[1]!.clone({ name: 'x' }), fields[2]!]);
		const renamed = new ArrowTable(twice, arrowTable.batches.map((batch) => new RecordBatch(twice, batch.data)));
		const arrow = bytesSource(tableToIPC(renamed, 'file'), 'twice.arrow');
		const free = { name: 'twice', labelColumn: '', featureColumns: [], textColumns: [] };
		for (const [file, parse] of [[parquet, parseParquet], [arrow, parseArrow]] as const) {
			const message = `${file.name}: the file's schema: column 'x' appears twice (columns 1 and 2)`;
			expect(await readDatasetHeaderOrProblem(file)).toEqual({ header: null, problem: message });
			await expect(parse(file, free)).rejects.toThrow("the file's schema: column 'x' appears twice (columns 1 and 2)");
		}
	});

	it('a sound file has its header and no problem', async () => {
		expect(await readDatasetHeaderOrProblem(await fixture('typed-points.arrow'))).toEqual({ header: { columns: ['x1', 'x2', 'count', 'note', 'label'], stringColumns: ['note', 'label'] }, problem: null });
	});
});

describe('a column the file declares as a string, not listed as text', () => {
	const options = { name: 'points', labelColumn: 'label', featureColumns: [], textColumns: [] };
	const declared = /data row 1, column 'note': 'great, "really"' is not a number; the file declares 'note' as a string column: list it under "Text columns"/;

	it('is refused by the CSV rules, the message naming the declaration (Parquet and Arrow)', async () => {
		await expect(parseParquet(await fixture('typed-points.parquet'), options)).rejects.toThrow(declared);
		await expect(parseArrow(await fixture('typed-points.arrow'), options)).rejects.toThrow(declared);
	});

	it('still reads as numbers where every value is one, as a CSV column would', async () => {
		const bytes = parquetWriteBuffer({ columnData: [{ name: 'x', data: ['1.5', '2', 'NA'], type: 'STRING' }, { name: 'label', data: ['a', 'b', 'a'], type: 'STRING' }] });
		const table = await parseParquet(bytesSource(bytes, 'numbers.parquet'), options);
		expect(table.columns[0]).toMatchObject({ name: 'x', type: 'numeric' });
	});
});
