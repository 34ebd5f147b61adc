/**
 * Parquet → Table, a row group at a time: the file is read through an AsyncBuffer over its Blob
 * (only the footer, then the byte ranges of one row group's column chunks, are in memory at
 * once), and each group's rows go through the same column checks as a CSV's (csv-rows.ts), so
 * the label, feature and text columns are chosen, and refused, exactly as for a CSV: a Parquet
 * file is a CSV whose header is its schema. Snappy, gzip, zstd, brotli and LZ4 pages decompress
 * (hyparquet-compressors). Only flat columns read; a nested (list, map, struct) column is
 * refused by name. A null is a missing value, as an empty CSV field.
 */
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { FileSource } from '../types';
import type { Table } from '../values';
import type { CsvOptions } from './csv';
import { CsvRows } from './csv-rows';
import { fieldText } from './field-text';

/** A Blob as the random-access reads hyparquet makes (footer first, then column chunks). */
export function blobBuffer(blob: Blob): AsyncBuffer {
	return { byteLength: blob.size, slice: (start, end) => blob.slice(start, end).arrayBuffer() };
}

/** Whether a file name is read as Parquet. */
export const isParquetName = (name: string): boolean => /\.parquet$/i.test(name);

export async function parseParquet(file: FileSource, options: CsvOptions): Promise<Table> {
	if (typeof file.data === 'string') throw new Error(`${file.name}: a Parquet file cannot be embedded as text; attach the file itself`);
	const buffer = blobBuffer(file.data);
	let metadata;
	try {
		// The footer is read from the last 64 KiB (again, further back, when it is longer), not hyparquet's default 512 KiB.
		metadata = await parquetMetadataAsync(buffer, { initialFetchSize: 1 << 16 });
	} catch (error) {
		throw new Error(`${file.name}: not a Parquet file (${(error as Error).message})`);
	}
	const columns = parquetSchema(metadata).children;
	const nested = columns.find((column) => column.children.length > 0);
	if (nested) throw new Error(`${file.name}: column '${nested.element.name}' is nested (a list, map or struct); only flat columns can be read`);
	const rows = new CsvRows(options);
	rows.countsLines = false; // no lines: messages name data rows only
	rows.takeFields(columns.map((column) => column.element.name));
	const total = Number(metadata.num_rows);
	rows.reserve(total);
	let start = 0;
	for (const group of metadata.row_groups) {
		const end = start + Number(group.num_rows);
		await parquetRead({
			file: buffer,
			metadata,
			compressors,
			rowStart: start,
			rowEnd: end,
			onComplete: (groupRows: unknown[][]) => {
				for (const row of groupRows) rows.takeFields(row.map(fieldText));
			}
		});
		start = end;
		// In bytes, as the CSV reader reports: the share of rows read, of the file's size.
		options.onProgress?.(Math.round((file.data.size * start) / Math.max(1, total)), file.data.size);
	}
	return rows.finish(options.name, file.name, options.onNote);
}
