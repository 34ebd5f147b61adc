/**
 * Arrow IPC (the file format, also called Feather v2, and the stream format) → Table, a record
 * batch at a time, never holding the file whole: the Blob is handed to apache-arrow's reader as a
 * random-access file (blobHandle), so a file-format one is read by its footer's blocks, a batch
 * at a time, as a file on disk would be, and a stream-format one message by message. Each batch's
 * rows go through the same column checks as a CSV's (csv-rows.ts): the schema's field names are
 * the header. Dictionary columns (pandas categoricals) read as their values; a date or timestamp
 * as ISO 8601 text, as a CSV's or a Parquet file's would (refused as a feature, by name); a null
 * is a missing value, as an empty CSV field. Only flat columns read; a nested (list, struct, map)
 * column is refused by name. Buffers compressed with LZ4 frames or Zstandard (pandas'
 * `to_feather` default) are decompressed (arrow-codecs.ts). The metadata is checked first
 * (arrow-check.ts).
 */
import { DataType, RecordBatchReader, type Field } from 'apache-arrow';
import type { FileHandle } from 'node:fs/promises';
import { checkArrowMetadata } from './arrow-check';
import './arrow-codecs';
import type { FileSource } from '../types';
import type { Table } from '../values';
import type { CsvOptions } from './csv';
import { CsvRows } from './csv-rows';
import { ARROW_FILE_MAGIC, cutShortMessage, damagedMessage, endsEarly, opensAsArrowStream, streamCutShort } from './cut-short';
import { fieldText } from './field-text';
import type { DatasetHeader } from './header-types';

/** Whether a file name is read as Arrow IPC. */
export const isArrowName = (name: string): boolean => /\.(arrow|feather|arrows|ipc)$/i.test(name);

const isNested = (field: Field): boolean => (field.type.children?.length ?? 0) > 0;

const isStringType = (type: DataType): boolean => DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type);

/** Whether the schema declares a column as text: a string, or a dictionary of strings (a pandas categorical of text). */
export const isArrowString = (field: Field): boolean => isStringType(field.type) || (DataType.isDictionary(field.type) && isStringType(field.type.dictionary));

/** A date or timestamp column (of any unit): apache-arrow reads its values as milliseconds since the epoch. */
const isTemporal = (field: Field): boolean => DataType.isTimestamp(field.type) || DataType.isDate(field.type);

/** A date or timestamp value (milliseconds since the epoch) as ISO 8601 text, as hyparquet hands a Parquet timestamp over; null is missing. */
function temporalText(value: unknown): string {
	const ms = Math.round(Number(value));
	return value === null || value === undefined ? '' : Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : fieldText(value);
}

/** The flat fields of the schema; a nested one is refused by name. */
function flatFields(name: string, fields: Field[]): Field[] {
	const nested = fields.find(isNested);
	if (nested) throw new Error(`${name}: column '${nested.name}' is nested (${nested.type}); only flat columns can be read`);
	return fields;
}

const bytesOf = async (blob: Blob, start: number, end: number): Promise<Uint8Array> => new Uint8Array(await blob.slice(start, end).arrayBuffer());

/**
 * The Blob as the file handle apache-arrow's reader takes (`RecordBatchReader.from` of a Node
 * `FileHandle`: `stat`, `read` at a position, `close`, and the `fd` it tells a handle by), each
 * read one slice of the Blob: its AsyncRandomAccessFile then reads a file-format file's footer
 * and each record batch where the footer says, and a stream's messages in turn. `onRead` gets
 * the bytes read so far.
 */
function blobHandle(blob: Blob, onRead: (bytes: number) => void) {
	let read = 0;
	return {
		fd: -1,
		stat: async () => ({ size: blob.size }),
		read: async (buffer: Uint8Array, offset: number, length: number, position: number) => {
			const bytes = await bytesOf(blob, position, position + length);
			buffer.set(bytes, offset);
			onRead((read += bytes.byteLength));
			return { bytesRead: bytes.byteLength, buffer };
		},
		close: async () => {}
	};
}

/** A reader opened on the Blob: the schema (and a file's dictionaries) read, no record batch yet. */
async function openArrow(name: string, blob: Blob, onRead: (bytes: number) => void = () => {}) {
	await checkArrowMetadata(name, blob);
	try {
		const reader = await RecordBatchReader.from(blobHandle(blob, onRead) as unknown as FileHandle);
		await reader.open();
		// An empty file (or a stream that ends before its schema) opens as a reader with no schema.
		if (!reader.schema) throw new Error('no schema message');
		return reader;
	} catch (error) {
		const cut = (await cutShortMessage(name, blob, ARROW_FILE_MAGIC)) ?? (endsEarly(error) && (await opensAsArrowStream(blob)) ? streamCutShort(name, blob.size, 'its schema') : null);
		throw new Error(cut ?? (await damagedMessage(name, blob, ARROW_FILE_MAGIC, error)) ?? `${name}: not an Arrow IPC file (${(error as Error).message})`);
	}
}

/** The column names and declared string columns of an Arrow IPC file, from its schema alone (the column pickers' header), no record batch read. */
export async function readArrowHeader(name: string, blob: Blob): Promise<DatasetHeader> {
	const reader = await openArrow(name, blob);
	const fields = flatFields(name, reader.schema.fields);
	await reader.cancel();
	return { columns: fields.map((field) => field.name), stringColumns: fields.filter(isArrowString).map((field) => field.name) };
}

export async function parseArrow(file: FileSource, options: CsvOptions): Promise<Table> {
	if (typeof file.data === 'string') throw new Error(`${file.name}: an Arrow file cannot be embedded as text; attach the file itself`);
	const size = file.data.size;
	let read = 0;
	const reader = await openArrow(file.name, file.data, (bytes) => (read = bytes));
	try {
		const fields = flatFields(file.name, reader.schema.fields);
		const rows = new CsvRows(options);
		rows.countsLines = false; // no lines: messages name data rows only
		rows.stringColumns = new Set(fields.filter(isArrowString).map((field) => field.name));
		rows.booleanColumns = new Set(fields.filter((field) => DataType.isBool(field.type)).map((field) => field.name));
		rows.temporalColumns = new Set(fields.filter(isTemporal).map((field) => field.name));
		const texts = fields.map((field) => (isTemporal(field) ? temporalText : fieldText));
		rows.takeFields(fields.map((field) => field.name));
		const batches = reader[Symbol.asyncIterator]();
		for (let index = 1; ; index++) {
			const next = await batches.next().catch((error: Error) => {
				throw new Error(endsEarly(error) ? streamCutShort(file.name, size, `record batch ${index}`) : `${file.name}: record batch ${index} cannot be read (${error.message})`);
			});
			if (next.done) break;
			const batch = next.value;
			const vectors = fields.map((_, index) => batch.getChildAt(index)!);
			for (let row = 0; row < batch.numRows; row++) rows.takeFields(vectors.map((vector, index) => texts[index]!(vector.get(row))));
			options.onProgress?.(Math.min(read, size), size);
		}
		return rows.finish(options.name, file.name, options.onNote);
	} finally {
		await reader.cancel();
	}
}
