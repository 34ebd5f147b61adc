/**
 * Arrow IPC (the file format, also called Feather v2, and the stream format) → Table, a record
 * batch at a time: the Blob is read as a byte stream. A stream-format file is never held whole;
 * a file-format one is (apache-arrow's reader reads the whole stream before it opens a file whose
 * footer comes last). Each batch's rows go through the same column checks as a CSV's
 * (csv-rows.ts): the schema's field names are the header. Dictionary columns (pandas
 * categoricals) read as their values; a null is a missing value, as an empty CSV field. Only
 * flat columns read; a nested (list, struct, map) column is refused by name.
 */
import { DataType, RecordBatchReader, type Field } from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';
import type { FileSource } from '../types';
import type { Table } from '../values';
import type { CsvOptions } from './csv';
import { CsvRows } from './csv-rows';
import { fieldText } from './field-text';
import type { DatasetHeader } from './header-types';

/** Whether a file name is read as Arrow IPC. */
export const isArrowName = (name: string): boolean => /\.(arrow|feather|arrows|ipc)$/i.test(name);

const isNested = (field: Field): boolean => (field.type.children?.length ?? 0) > 0;

const isStringType = (type: DataType): boolean => DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type);

/** Whether the schema declares a column as text: a string, or a dictionary of strings (a pandas categorical of text). */
export const isArrowString = (field: Field): boolean => isStringType(field.type) || (DataType.isDictionary(field.type) && isStringType(field.type.dictionary));

/** A reader opened on the stream: the schema read, no record batch yet. */
async function openReader(name: string, stream: ReadableStream<Uint8Array>) {
	try {
		const reader = await RecordBatchReader.from(stream);
		await reader.open();
		return reader;
	} catch (error) {
		throw new Error(`${name}: not an Arrow IPC file (${(error as Error).message})`);
	}
}

/** The flat fields of the schema; a nested one is refused by name. */
function flatFields(name: string, fields: Field[]): Field[] {
	const nested = fields.find(isNested);
	if (nested) throw new Error(`${name}: column '${nested.name}' is nested (${nested.type}); only flat columns can be read`);
	return fields;
}

/** The Blob as a stream of 64 KiB slices, each read when asked for (a Blob's own stream may hand out the whole file at once, as Node's does). */
function sliceStream(blob: Blob): ReadableStream<Uint8Array> {
	const size = 1 << 16;
	let at = 0;
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				if (at >= blob.size) return controller.close();
				const end = Math.min(at + size, blob.size);
				controller.enqueue(new Uint8Array(await blob.slice(at, end).arrayBuffer()));
				at = end;
			}
		},
		{ highWaterMark: 0 }
	);
}

const MAGIC = 'ARROW1';
const bytesOf = async (blob: Blob, start: number, end: number): Promise<Uint8Array> => new Uint8Array(await blob.slice(start, end).arrayBuffer());

/**
 * The schema of an Arrow IPC file read cheaply: the file format's footer (its last bytes end
 * with the footer's length and the magic; the schema message at the start is optional for
 * writers, apache-arrow's own leave it out), else the stream format's first message.
 */
async function readSchemaFields(name: string, blob: Blob): Promise<Field[]> {
	const head = new TextDecoder().decode(await bytesOf(blob, 0, MAGIC.length));
	const tail = await bytesOf(blob, Math.max(0, blob.size - 10), blob.size);
	if (head === MAGIC && new TextDecoder().decode(tail.subarray(4)) === MAGIC) {
		const length = new DataView(tail.buffer, tail.byteOffset, 4).getInt32(0, true);
		const start = blob.size - 10 - length;
		if (length <= 0 || start < 8) throw new Error(`${name}: not an Arrow IPC file (its footer's length, ${length}, does not fit the file)`);
		try {
			return Footer.decode(await bytesOf(blob, start, blob.size - 10)).schema.fields;
		} catch (error) {
			throw new Error(`${name}: not an Arrow IPC file (${(error as Error).message})`);
		}
	}
	const reader = await openReader(name, sliceStream(blob));
	try {
		return reader.schema.fields;
	} finally {
		await reader.cancel();
	}
}

/** The column names and declared string columns of an Arrow IPC file, from its schema alone (the column pickers' header), no record batch read. */
export async function readArrowHeader(name: string, blob: Blob): Promise<DatasetHeader> {
	const fields = flatFields(name, await readSchemaFields(name, blob));
	return { columns: fields.map((field) => field.name), stringColumns: fields.filter(isArrowString).map((field) => field.name) };
}

export async function parseArrow(file: FileSource, options: CsvOptions): Promise<Table> {
	if (typeof file.data === 'string') throw new Error(`${file.name}: an Arrow file cannot be embedded as text; attach the file itself`);
	const size = file.data.size;
	let read = 0;
	// Counts bytes as they stream through, for progress in the same unit as the CSV reader's.
	const counted = file.data.stream().pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, controller) {
				read += chunk.byteLength;
				controller.enqueue(chunk);
			}
		})
	);
	const reader = await openReader(file.name, counted);
	const fields = flatFields(file.name, reader.schema.fields);
	const rows = new CsvRows(options);
	rows.countsLines = false; // no lines: messages name data rows only
	rows.stringColumns = new Set(fields.filter(isArrowString).map((field) => field.name));
	rows.takeFields(fields.map((field) => field.name));
	for await (const batch of reader) {
		const vectors = fields.map((_, index) => batch.getChildAt(index)!);
		for (let row = 0; row < batch.numRows; row++) rows.takeFields(vectors.map((vector) => fieldText(vector.get(row))));
		options.onProgress?.(Math.min(read, size), size);
	}
	return rows.finish(options.name, file.name, options.onNote);
}
