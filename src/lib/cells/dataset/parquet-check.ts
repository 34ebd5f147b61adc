/**
 * The structural check of a Parquet file's footer, made before hyparquet reads a row group by it.
 * hyparquet trusts the footer's row counts and byte ranges: a damaged byte there made it reserve
 * room for trillions of rows, or ask for bytes past the file's end (where Node's Blob.slice
 * aborts the whole process at an offset of 2^32 or more). This check refuses a footer, naming
 * the file and the row group or column, where
 * - the file's row count is not the sum of its row groups' (each at least 0);
 * - a column chunk's bytes (from its dictionary page, else its first data page, for
 *   `total_compressed_size` bytes, as hyparquet's parquetPlanGroup reads them) lie outside the
 *   bytes between the leading "PAR1" and the footer;
 * - a column chunk holds fewer than 0 values;
 * and, as each column chunk's bytes arrive (checkColumnPages), where one of its page headers
 * gives a page that runs past the chunk, or more values than the footer gives the chunk (hyparquet
 * sizes its output by a page's count and loops until it is filled), or where the pages' values do
 * not add up to the chunk's.
 * The layout is Parquet's (https://parquet.apache.org/docs/file-format/): "PAR1", the column
 * chunks, the footer (Thrift `FileMetaData`), its 4-byte length, "PAR1".
 */
import type { ColumnMetaData, FileMetaData } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';

const damaged = (name: string, where: string, what: string): Error => new Error(`${name}: the Parquet file is damaged: ${where} ${what}; copy or download the file again, or write it anew`);

/** Refuses a footer (read from a file of `fileBytes` bytes) whose row counts or column chunks cannot be right, naming the part; returns for a sound one. */
export function checkParquetMetadata(name: string, metadata: FileMetaData, fileBytes: number): void {
	// The column chunks lie after the leading "PAR1" and before the footer, its length and "PAR1".
	const chunksEnd = BigInt(fileBytes - 8 - metadata.metadata_length);
	let rows = 0n;
	metadata.row_groups.forEach((group, index) => {
		const where = `row group ${index + 1}`;
		if (group.num_rows < 0n) throw damaged(name, where, `has ${group.num_rows} rows`);
		rows += group.num_rows;
		for (const chunk of group.columns) {
			const meta = chunk.meta_data;
			if (!meta) continue; // hyparquet names a chunk without metadata itself
			const column = `${where}, column '${meta.path_in_schema.join('.')}',`;
			if (meta.num_values < 0n) throw damaged(name, column, `has ${meta.num_values} values`);
			const start = meta.dictionary_page_offset || meta.data_page_offset;
			const end = start + meta.total_compressed_size;
			if (start < 4n || meta.total_compressed_size < 0n || end > chunksEnd)
				throw damaged(name, column, `lies at bytes ${start} to ${end}, outside the ${chunksEnd} bytes before the footer`);
		}
	});
	if (rows !== metadata.num_rows) throw damaged(name, 'its footer', `counts ${metadata.num_rows} rows, but its row groups hold ${rows}`);
}

/** A column chunk's bytes in the file (from its dictionary page, else its first data page) and its place, for messages. */
export interface ColumnChunkRange {
	start: number;
	end: number;
	meta: ColumnMetaData;
	/** "row group 2, column 'x1'" */
	where: string;
}

/** The column chunks of a (checked) footer, in file order. */
export function columnChunkRanges(metadata: FileMetaData): ColumnChunkRange[] {
	return metadata.row_groups.flatMap((group, index) =>
		group.columns.flatMap((chunk) => {
			const meta = chunk.meta_data;
			if (!meta) return [];
			const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
			return [{ start, end: start + Number(meta.total_compressed_size), meta, where: `row group ${index + 1}, column '${meta.path_in_schema.join('.')}'` }];
		})
	);
}

/**
 * A column chunk's page headers (Thrift, read by hyparquet's own parquetHeader), checked before
 * hyparquet decodes the pages: `bytes` holds the file from byte `bytesAt`, the whole chunk
 * included. Throws "NAME: the Parquet file is damaged: row group 1, column 'x', page at byte N …".
 */
export function checkColumnPages(name: string, chunk: ColumnChunkRange, bytes: ArrayBuffer, bytesAt: number): void {
	const view = new DataView(bytes, chunk.start - bytesAt, chunk.end - chunk.start);
	const expected = chunk.meta.num_values;
	let values = 0n;
	for (let offset = 0; offset < view.byteLength; ) {
		const fail = (what: string) => damaged(name, `${chunk.where}, page at byte ${chunk.start + offset},`, what);
		const reader = { view, offset };
		let header: ReturnType<typeof parquetHeader>;
		try {
			header = parquetHeader(reader);
		} catch (error) {
			throw fail(`has a header that cannot be read (${(error as Error).message})`);
		}
		const size = header.compressed_page_size;
		if (size === undefined || header.uncompressed_page_size === undefined) throw fail('has a header without its page sizes');
		if (!(size >= 0 && header.uncompressed_page_size >= 0) || reader.offset + size > view.byteLength)
			throw fail(`gives its page ${size} bytes (${header.uncompressed_page_size} uncompressed), past the chunk's ${view.byteLength}`);
		const count = header.data_page_header?.num_values ?? header.data_page_header_v2?.num_values;
		if (count !== undefined) {
			if (!(count >= 0)) throw fail(`holds ${count} values`);
			if (values + BigInt(count) > expected) throw fail(`holds ${count} values, more than the ${expected - values} left of the chunk's ${expected}`);
			values += BigInt(count);
		}
		const entries = header.dictionary_page_header?.num_values;
		// A dictionary entry takes at least one bit of the page.
		if (entries !== undefined && !(entries >= 0 && entries <= 8 * header.uncompressed_page_size)) throw fail(`holds ${entries} dictionary entries in ${header.uncompressed_page_size} bytes`);
		offset = reader.offset + size;
	}
	if (values !== expected) throw damaged(name, chunk.where, `has pages holding ${values} values, but its footer gives it ${expected}`);
}
