/**
 * CSV → Table, streamed: the file is read in chunks (a Blob slice at a time in the browser),
 * decoded as UTF-8 across chunk boundaries, and cut into rows, so a large file never has to
 * exist as one string. A chunk with a quote character goes through papaparse's chunk parser; one
 * without is split on newline and delimiter in place, as papaparse's own fast mode would split
 * it, and its numbers read without a string per field (`csv-rows.ts`). Every refusal names its
 * row (1-based as in a spreadsheet, the header is row 1) and, where there is one, its column.
 */
import Papa from 'papaparse';
import type { FileSource } from '../types';
import type { Table } from '../values';
import { CsvRows } from './csv-rows';

export { MAX_CLASSES } from './csv-rows';

export interface CsvOptions {
	/** The dataset's name, given to the table. */
	name: string;
	/** Empty = the last column. */
	labelColumn: string;
	/** Empty = every column but the label. */
	featureColumns: readonly string[];
	/** Feature columns kept as text; every other feature column must be numeric. */
	textColumns: readonly string[];
	/** Bytes (characters for a string source) read per chunk. */
	chunkSize?: number;
	onProgress?: (read: number, total: number) => void;
}

const DEFAULT_CHUNK_SIZE = 1 << 20;

/** papaparse's chunk parser (what its own streamers use), given the line ending guessed on the first chunk. */
interface ParserHandle {
	parse(input: string, baseIndex: number, ignoreLastRow: boolean): Papa.ParseResult<string[]>;
	guessLineEndings(input: string, quoteChar: string): '\n' | '\r\n' | '\r';
}
const { ParserHandle } = Papa as unknown as { ParserHandle: new (config: Papa.ParseConfig) => ParserHandle };

/** Guessed on the first rows with blank lines left out (papaparse counts them against a delimiter); comma when unsure. */
function guessDelimiter(text: string): string {
	const sample = Papa.parse<string[]>(text, { preview: 20, skipEmptyLines: 'greedy', delimitersToGuess: [',', '\t', ';', '|'] });
	return sample.errors.some((error) => error.type === 'Delimiter') ? ',' : sample.meta.delimiter;
}

interface Chunk {
	text: string;
	read: number;
	total: number;
	last: boolean;
}

async function* chunksOf(data: Blob | string, chunkSize: number): AsyncGenerator<Chunk> {
	if (typeof data === 'string') {
		const text = data.startsWith('\uFEFF') ? data.slice(1) : data;
		for (let start = 0; start < text.length || start === 0; start += chunkSize) {
			const end = Math.min(start + chunkSize, text.length);
			yield { text: text.slice(start, end), read: end, total: text.length, last: end >= text.length };
		}
		return;
	}
	// TextDecoder drops a leading BOM and holds back a character split between two slices.
	const decoder = new TextDecoder('utf-8');
	for (let start = 0; start < data.size || start === 0; start += chunkSize) {
		const end = Math.min(start + chunkSize, data.size);
		const last = end >= data.size;
		const bytes = new Uint8Array(await data.slice(start, end).arrayBuffer());
		yield { text: decoder.decode(bytes, { stream: !last }), read: end, total: data.size, last };
	}
}


export async function parseCsv(file: FileSource, options: CsvOptions): Promise<Table> {
	const rows = new CsvRows(options);
	let handle: ParserHandle | null = null;
	let delimiter = ',';
	let newline: '\n' | '\r\n' | '\r' = '\n';
	// Parse chunk by chunk, carrying the unfinished last row into the next chunk.
	let carried = '';
	let baseIndex = 0;
	let reserved = false;
	for await (const chunk of chunksOf(file.data, options.chunkSize ?? DEFAULT_CHUNK_SIZE)) {
		const text = carried + chunk.text;
		if (!handle) {
			delimiter = guessDelimiter(text);
			// papaparse's own guess (on the first chunk, as its parser would make it), shared by both ways of reading.
			newline = new ParserHandle({}).guessLineEndings(text, '"');
			handle = new ParserHandle({ header: false, skipEmptyLines: false, delimiter, newline });
		}
		let cursor: number;
		if (text.indexOf('"') === -1) cursor = takeLines(rows, text, newline, delimiter.charCodeAt(0), chunk.last);
		else {
			const results = handle.parse(text, baseIndex, !chunk.last);
			// Rows before a quoting error are checked first, so the first problem in the file is the one reported.
			const quoteError = results.errors.find((error) => error.type === 'Quotes');
			const goodRows = quoteError ? results.data.slice(0, quoteError.row ?? 0) : results.data;
			for (const row of goodRows) rows.takeFields(row);
			if (quoteError) {
				const problem = quoteError.code === 'MissingQuotes' ? 'a quoted field is never closed' : 'malformed quotes';
				throw new Error(`row ${rows.rowNumber + 1}: ${problem}`);
			}
			cursor = results.meta.cursor - baseIndex;
		}
		carried = chunk.last ? '' : text.slice(cursor);
		baseIndex += cursor;
		// After the first chunk with rows: room for as many rows as the whole file holds at this density, and a little more.
		if (!reserved && rows.rowCount > 0 && !chunk.last) {
			rows.reserve(Math.ceil((rows.rowCount * chunk.total * 1.03) / chunk.read));
			reserved = true;
		}
		options.onProgress?.(chunk.read, chunk.total);
	}
	return rows.finish(options.name, file.name);
}

/**
 * The complete lines of quote-free `text` into `rows`; returns where the unfinished last line
 * starts (the text's end when it is the last). As papaparse's fast mode: the text split on
 * `newline`, the piece after the last newline a row of its own at the end of the file.
 */
function takeLines(rows: CsvRows, text: string, newline: string, delimiter: number, last: boolean): number {
	if (text === '') return 0;
	let start = 0;
	for (;;) {
		const end = text.indexOf(newline, start);
		if (end === -1) {
			if (!last) return start;
			rows.takeLine(text, start, text.length, delimiter);
			return text.length;
		}
		rows.takeLine(text, start, end, delimiter);
		start = end + newline.length;
	}
}
