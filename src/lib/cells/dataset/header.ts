/**
 * The header of a dataset file, for the column pickers of a dataset cell (the cell itself reads
 * the whole file with `csv.ts`, `parquet.ts` or `arrow.ts`), read cheaply: a CSV's first 64 KB,
 * a Parquet file's footer, an Arrow file's schema message. A CSV's encoding by byte-order mark as
 * the reader decides it; the delimiter and quoting as papaparse guesses them. No header when
 * there is none to show (an empty file, a Parquet or Arrow file that is not one, a file that
 * starts like a picture or a workbook, a file whose first bytes are not text): the pickers then
 * offer no names made of a binary file's bytes, and `readDatasetHeaderOrProblem` says why at
 * once, in the words running the cell would use. The names are the reader's (`header-names.ts`:
 * trimmed, an empty one `Unnamed: <index>`), and a header the reader refuses (a name twice, only
 * numbers) has none to show either, for the same reason and in the same words: the pickers never
 * offer two columns of one name.
 */
import Papa from 'papaparse';
import { headerPlace } from '../../data/row-place';
import type { FileSource } from '../types';
import { isArrowName, readArrowHeader } from './arrow';
import { namingFile } from './file-error';
import { headerNames } from './header-names';
import type { DatasetHeader } from './header-types';
import { isParquetName, readParquetHeader } from './parquet';
import { describeBinary, describeJson, describeNotText, describeNotTextString } from './file-signature';

const HEAD_BYTES = 64 * 1024;

/** The first bytes of a CSV as text, by its byte-order mark; `notText` (the reader's message) when they are not text. */
function decodeHead(bytes: Uint8Array): { text: string; notText: null } | { text: null; notText: string } {
	const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
	const notText = bytes[0] !== 0xff && bytes[0] !== 0xfe ? describeNotText(bytes.subarray(bom)) : null;
	if (notText) return { text: null, notText };
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), notText: null };
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), notText: null };
	return { text: new TextDecoder('utf-8').decode(bytes.subarray(bom)), notText: null };
}

/**
 * What reading a file's header gave: its header, or the problem that leaves none (the message
 * running the cell gives for that file: "the file 'x.csv' is empty", "x.arrow: the Arrow file is
 * damaged: …", "x.csv: the header (line 1 of the file): column 'x' appears twice (columns 1 and
 * 2)"), or neither (a CSV whose first 64 KB hold no row: running it says what follows).
 */
export interface HeaderRead {
	header: DatasetHeader | null;
	problem: string | null;
}

/** The header of a CSV, Parquet or Arrow file, by its name as the dataset cell reads it; null when there is none to show. */
export async function readDatasetHeader(file: FileSource): Promise<DatasetHeader | null> {
	return (await readDatasetHeaderOrProblem(file)).header;
}

/** The header of a CSV, Parquet or Arrow file, or why the file has none to show (see HeaderRead); never throws. */
export async function readDatasetHeaderOrProblem(file: FileSource): Promise<HeaderRead> {
	const typed = isParquetName(file.name) ? readParquetHeader : isArrowName(file.name) ? readArrowHeader : null;
	if (!typed) {
		const read = await readCsvHeaderOrProblem(file).catch((error: unknown) => ({ columns: null, problem: namingFile(error, file.name).message }));
		return { header: read.columns && { columns: read.columns, stringColumns: [] }, problem: read.problem };
	}
	if (typeof file.data === 'string') return { header: null, problem: `${file.name}: ${isParquetName(file.name) ? 'a Parquet' : 'an Arrow'} file cannot be embedded as text; attach the file itself` };
	return typed(file.name, file.data).then(
		(header): HeaderRead => {
			// The schema's names as the reader takes them; a declared string column keeps its place.
			const columns = headerNames(header.columns, "the file's schema");
			const declared = new Set(header.stringColumns);
			return { header: { columns, stringColumns: columns.filter((_, index) => declared.has(header.columns[index]!)) }, problem: null };
		}
	).catch((error: unknown): HeaderRead => ({ header: null, problem: namingFile(error, file.name).message }));
}

/** A CSV's column names as the reader takes them; null for a Parquet or Arrow name, or where there is no header to show (see readDatasetHeaderOrProblem). */
export async function readCsvHeader(file: FileSource): Promise<string[] | null> {
	if (isParquetName(file.name) || isArrowName(file.name)) return null;
	return (await readCsvHeaderOrProblem(file).catch(() => ({ columns: null }))).columns;
}

/**
 * A CSV's column names from its first row, or the problem the reader would refuse the file
 * with: empty (no byte, or only line breaks), a known binary format, bytes that are not text.
 * @throws Error (not naming the file) where the reader refuses the header row (header-names.ts).
 */
async function readCsvHeaderOrProblem(file: FileSource): Promise<{ columns: string[] | null; problem: string | null }> {
	const size = typeof file.data === 'string' ? file.data.length : file.data.size;
	let head: string;
	if (typeof file.data === 'string') head = file.data.slice(0, HEAD_BYTES);
	else {
		const bytes = new Uint8Array(await file.data.slice(0, HEAD_BYTES).arrayBuffer());
		const binary = describeBinary(bytes);
		if (binary) return { columns: null, problem: `${file.name} ${binary}` };
		const decoded = decodeHead(bytes);
		if (decoded.text === null) return { columns: null, problem: `${file.name} ${decoded.notText}` };
		head = decoded.text;
	}
	const notText = describeNotTextString(head) ?? describeJson(head.replace(/^\uFEFF/, ''));
	if (notText) return { columns: null, problem: `${file.name} ${notText}` };
	// Blank lines are skipped before the header, as the reader skips them.
	if (size <= HEAD_BYTES && /^[\r\n]*$/.test(head.replace(/^\uFEFF/, ''))) return { columns: null, problem: `the file '${file.name}' is empty` };
	// Blank lines before the header are skipped, as the reader skips them, and counted, as it names the header's line.
	const text = head.replace(/^\uFEFF/, '');
	const blank = /^(?:[^\S\r\n]*(?:\r\n|\n|\r))*/.exec(text)?.[0] ?? '';
	const parsed = Papa.parse<string[]>(text.slice(blank.length), { preview: 1, delimitersToGuess: [',', '\t', ';', '|'] });
	const row = parsed.data[0] ?? [];
	if (row.length === 0 || (row.length === 1 && (row[0] ?? '').trim() === '')) return { columns: null, problem: null };
	const line = 1 + (blank.match(/\r\n|\n|\r/g)?.length ?? 0);
	return { columns: headerNames(row, headerPlace(line)), problem: null };
}
