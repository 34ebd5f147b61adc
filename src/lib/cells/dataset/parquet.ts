/**
 * Parquet → Table, a row group at a time: the file is read through an AsyncBuffer over its Blob
 * (only the footer, then the byte ranges of one row group's column chunks, are in memory at
 * once), and each group's rows go through the same column checks as a CSV's (csv-rows.ts), so
 * the label, feature and text columns are chosen, and refused, exactly as for a CSV: a Parquet
 * file is a CSV whose header is its schema. Snappy, gzip, zstd, brotli and LZ4 pages decompress
 * (hyparquet-compressors). Only flat columns read; a nested (list, map, struct) column is
 * refused by name. A null is a missing value, as an empty CSV field.
 */
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { FileSource } from '../types';
import type { Table } from '../values';
import type { CsvOptions } from './csv';
import { CsvRows } from './csv-rows';
import { checkColumnPages, checkParquetMetadata, columnChunkRanges, type ColumnChunkRange } from './parquet-check';
import { cutShortMessage, damagedMessage, PARQUET_MAGIC } from './cut-short';
import { fieldText } from './field-text';
import type { DatasetHeader } from './header-types';

/**
 * A Blob as the random-access reads hyparquet makes (footer first, then column chunks). A range
 * outside the file comes from a damaged footer (a column chunk's offset or size) and is refused,
 * naming the file: Node's Blob.slice aborts the process on an offset of 2^32 or more. Each of
 * `chunks` that a read holds whole has its page headers checked (checkColumnPages) before
 * hyparquet decodes them.
 */
function blobBuffer(name: string, blob: Blob, chunks: ColumnChunkRange[] = []): AsyncBuffer {
	const checked = async (start: number, end: number): Promise<ArrayBuffer> => {
		const bytes = await blob.slice(start, end).arrayBuffer();
		for (const chunk of chunks) if (start <= chunk.start && chunk.end <= end) checkColumnPages(name, chunk, bytes, start);
		return bytes;
	};
	return {
		byteLength: blob.size,
		slice: (start, end = blob.size) => {
			const read =
				Number.isSafeInteger(start) && Number.isSafeInteger(end) && 0 <= start && start <= end && end <= blob.size
					? checked(start, end)
					: Promise.reject(new Error(`${name}: the Parquet file is damaged: it points to bytes ${start} to ${end}, outside the file's ${blob.size}; copy or download the file again, or write it anew`));
			// hyparquet starts reads it may never wait for: handled here, a read still rejects for whoever awaits it.
			read.catch(() => {});
			return read;
		}
	};
}

/** Whether a file name is read as Parquet. */
export const isParquetName = (name: string): boolean => /\.parquet$/i.test(name);

/**
 * Whether the schema declares a column as text: a UTF-8 string, an enum or JSON (pandas reads
 * each as an object column). Such a column is still read by the CSV rules: only its messages
 * name the declaration.
 */
export function isParquetString(element: SchemaElement): boolean {
	const declared = element.logical_type?.type ?? element.converted_type;
	return declared === 'STRING' || declared === 'UTF8' || declared === 'ENUM' || declared === 'JSON';
}

/** Whether the schema declares a column as a date or timestamp (hyparquet reads each as a Date, handed over as ISO 8601 text). */
function isParquetTemporal(element: SchemaElement): boolean {
	const declared = element.logical_type?.type ?? element.converted_type;
	return declared === 'DATE' || declared === 'TIMESTAMP' || declared === 'TIMESTAMP_MILLIS' || declared === 'TIMESTAMP_MICROS' || element.type === 'INT96';
}

/** The footer, read from the last 64 KiB (again, further back, when it is longer), not hyparquet's default 512 KiB, and checked (parquet-check.ts). */
async function readFooter(name: string, blob: Blob): Promise<FileMetaData> {
	let metadata: FileMetaData;
	try {
		metadata = await parquetMetadataAsync(blobBuffer(name, blob), { initialFetchSize: 1 << 16 });
	} catch (error) {
		throw new Error((await cutShortMessage(name, blob, PARQUET_MAGIC)) ?? (await damagedMessage(name, blob, PARQUET_MAGIC, error)) ?? `${name}: not a Parquet file (${(error as Error).message})`);
	}
	checkParquetMetadata(name, metadata, blob.size);
	return metadata;
}

/** The flat columns of the schema; a nested one is refused by name. */
function flatColumns(name: string, metadata: FileMetaData): SchemaElement[] {
	const columns = parquetSchema(metadata).children;
	const nested = columns.find((column) => column.children.length > 0);
	if (nested) throw new Error(`${name}: column '${nested.element.name}' is nested (a list, map or struct); only flat columns can be read`);
	return columns.map((column) => column.element);
}

/** The column names and declared string columns of a Parquet file, from its footer alone (the column pickers' header). */
export async function readParquetHeader(name: string, blob: Blob): Promise<DatasetHeader> {
	const columns = flatColumns(name, await readFooter(name, blob));
	return { columns: columns.map((column) => column.name), stringColumns: columns.filter(isParquetString).map((column) => column.name) };
}

export async function parseParquet(file: FileSource, options: CsvOptions): Promise<Table> {
	if (typeof file.data === 'string') throw new Error(`${file.name}: a Parquet file cannot be embedded as text; attach the file itself`);
	const metadata = await readFooter(file.name, file.data);
	const buffer = blobBuffer(file.name, file.data, columnChunkRanges(metadata));
	const columns = flatColumns(file.name, metadata);
	const rows = new CsvRows(options);
	rows.countsLines = false; // no lines: messages name data rows only
	rows.stringColumns = new Set(columns.filter(isParquetString).map((column) => column.name));
	rows.booleanColumns = new Set(columns.filter((column) => column.type === 'BOOLEAN').map((column) => column.name));
	rows.temporalColumns = new Set(columns.filter(isParquetTemporal).map((column) => column.name));
	rows.takeFields(columns.map((column) => column.name));
	const total = Number(metadata.num_rows);
	rows.reserve(total);
	let start = 0;
	for (const [index, group] of metadata.row_groups.entries()) {
		const end = start + Number(group.num_rows);
		// The column checks' own errors (a row's value, a missing label) pass through as they are.
		let rowError: unknown = null;
		await parquetRead({
			file: buffer,
			metadata,
			compressors,
			rowStart: start,
			rowEnd: end,
			onComplete: (groupRows: unknown[][]) => {
				try {
					for (const row of groupRows) rows.takeFields(row.map(fieldText));
				} catch (error) {
					throw (rowError = error);
				}
			}
		}).catch((error: Error) => {
			if (error === rowError || error.message.startsWith(`${file.name}: `)) throw error;
			throw new Error(`${file.name}: row group ${index + 1} cannot be read (${error.message})`);
		});
		start = end;
		// In bytes, as the CSV reader reports: the share of rows read, of the file's size.
		options.onProgress?.(Math.round((file.data.size * start) / Math.max(1, total)), file.data.size);
	}
	return rows.finish(options.name, file.name, options.onNote);
}
