/**
 * The header of a dataset file, for the column pickers of a dataset cell (the cell itself reads
 * the whole file with `csv.ts`, `parquet.ts` or `arrow.ts`), read cheaply: a CSV's first 64 KB,
 * a Parquet file's footer, an Arrow file's schema message. A CSV's encoding by byte-order mark as
 * the reader decides it; the delimiter and quoting as papaparse guesses them. Null when there is
 * no header to show (an empty file, a Parquet or Arrow file that is not one, a file that starts
 * like a picture or a workbook, a file whose first bytes are not text): the pickers then offer no
 * names made of a binary file's bytes, and running the cell says what the file is.
 */
import Papa from 'papaparse';
import type { FileSource } from '../types';
import { isArrowName, readArrowHeader } from './arrow';
import type { DatasetHeader } from './header-types';
import { isParquetName, readParquetHeader } from './parquet';
import { describeBinary, describeNotText, describeNotTextString } from './file-signature';

const HEAD_BYTES = 64 * 1024;

function decodeHead(bytes: Uint8Array): string | null {
	// A picture or a workbook has no header to offer; reading the cell says what the file is.
	if (describeBinary(bytes)) return null;
	const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
	if (bytes[0] !== 0xff && bytes[0] !== 0xfe && describeNotText(bytes.subarray(bom))) return null;
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
	return new TextDecoder('utf-8').decode(bytes.subarray(bom));
}

/** The header of a CSV, Parquet or Arrow file, by its name as the dataset cell reads it; null when there is none to show. */
export async function readDatasetHeader(file: FileSource): Promise<DatasetHeader | null> {
	const typed = isParquetName(file.name) ? readParquetHeader : isArrowName(file.name) ? readArrowHeader : null;
	if (!typed) {
		const columns = await readCsvHeader(file);
		return columns && { columns, stringColumns: [] };
	}
	// Embedded as text, or not the file its name says: running the cell says so.
	if (typeof file.data === 'string') return null;
	return typed(file.name, file.data).then(
		(header) => (header.columns.length > 0 ? header : null),
		() => null
	);
}

export async function readCsvHeader(file: FileSource): Promise<string[] | null> {
	if (isParquetName(file.name) || isArrowName(file.name)) return null;
	const head = typeof file.data === 'string' ? file.data.slice(0, HEAD_BYTES) : decodeHead(new Uint8Array(await file.data.slice(0, HEAD_BYTES).arrayBuffer()));
	if (head === null || describeNotTextString(head)) return null;
	const parsed = Papa.parse<string[]>(head, { preview: 1, delimitersToGuess: [',', '\t', ';', '|'] });
	const names = (parsed.data[0] ?? []).map((name) => name.trim());
	return names.length > 0 && names.some((name) => name !== '') ? names : null;
}
