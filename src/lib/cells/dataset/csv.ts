/**
 * CSV → Table, streamed: the file is read in chunks (a Blob slice at a time, in the browser and
 * from disk in a headless run), decoded by its byte-order mark (`csv-decode.ts`), cut into
 * records by pandas' tokenizer rules (`csv-records.ts`) and stored column by column
 * (`csv-rows.ts`), so a large file never has to exist as one string. Every piece of state lives
 * in those readers, not at a chunk's edge: any chunk size gives the same table. Every refusal
 * names its row as every message does (`data/row-place.ts`: "data row 5 (line 6 of the file)",
 * the header being line 1) and, where there is one, its column.
 */
import Papa from 'papaparse';
import type { FileSource } from '../types';
import type { Table } from '../values';
import { BinaryFileError, CsvDecoder, EncodingError } from './csv-decode';
import { describeJson, describeNotTextString } from './file-signature';
import { CsvRecords, UnclosedQuoteError } from './csv-records';
import { CsvRows } from './csv-rows';

export { MAX_CLASSES } from './csv-rows';

export interface CsvOptions {
	/** The dataset's name, given to the table. */
	name: string;
	/** Empty = the last column; not read when `labelled` is false. */
	labelColumn: string;
	/** False: no label column (rows to score); every column can be a feature. Absent = true. */
	labelled?: boolean;
	/** Empty = every column but the label. */
	featureColumns: readonly string[];
	/** Feature columns kept as text; every other feature column must be numeric (empty, NA, NaN, null… are missing). */
	textColumns: readonly string[];
	/** Bytes (characters for a string source) read per chunk; any size gives the same table. */
	chunkSize?: number;
	onProgress?: (read: number, total: number) => void;
	/** Lines worth a place in the cell's log (labels read as numbers, the encoding when not UTF-8). */
	onNote?: (line: string) => void;
}

const DEFAULT_CHUNK_SIZE = 1 << 20;
const DELIMITER_NAMES: Record<string, string> = { '\t': 'tabs', ';': 'semicolons', '|': "'|'" };

/** The delimiter is guessed on this many characters from the start, whatever the chunk size. */
const SAMPLE_CHARS = 1 << 16;

/**
 * Guessed by papaparse on the first 20 rows of the sample, its line breaks made `\n` (papaparse
 * guesses one line ending for the whole text) and blank lines left out (papaparse counts them
 * against a delimiter); comma when unsure.
 */
function guessDelimiter(sample: string, whole: boolean): string {
	const lines = sample.replace(/\r\n?/g, '\n');
	const complete = whole ? lines : lines.slice(0, Math.max(lines.lastIndexOf('\n'), 0));
	const guess = Papa.parse<string[]>(complete, { preview: 20, skipEmptyLines: 'greedy', newline: '\n', delimitersToGuess: [',', '\t', ';', '|'] });
	return guess.errors.some((error) => error.type === 'Delimiter') ? ',' : guess.meta.delimiter;
}

interface Chunk {
	text: string;
	read: number;
	total: number;
	last: boolean;
}

async function* chunksOf(data: Blob | string, chunkSize: number, decoder: CsvDecoder, givenAs: string | undefined): AsyncGenerator<Chunk> {
	if (typeof data === 'string') {
		const text = data.startsWith('\uFEFF') ? data.slice(1) : data;
		// A binary file embedded in a notebook came back as text: still not a CSV.
		const binary = describeNotTextString(text, givenAs);
		if (binary) throw new BinaryFileError(binary);
		for (let start = 0; start < text.length || start === 0; start += chunkSize) {
			const end = Math.min(start + chunkSize, text.length);
			yield { text: text.slice(start, end), read: end, total: text.length, last: end >= text.length };
		}
		return;
	}
	for (let start = 0; start < data.size || start === 0; start += chunkSize) {
		const end = Math.min(start + chunkSize, data.size);
		const last = end >= data.size;
		const bytes = new Uint8Array(await data.slice(start, end).arrayBuffer());
		yield { text: decoder.push(bytes, last), read: end, total: data.size, last };
	}
}

export async function parseCsv(file: FileSource, options: CsvOptions): Promise<Table> {
	const rows = new CsvRows(options);
	const decoder = new CsvDecoder(file.givenAs);
	let records: CsvRecords | null = null;
	// Chunks held back until the sample for the delimiter is complete, then read one by one as they came.
	let waiting: Chunk[] = [];
	let sampled = 0;
	// The unfinished last record of the text so far, carried to the front of the next chunk.
	let carried = '';
	let reserved = false;
	const take = (chunk: Chunk): void => {
		const text = carried + chunk.text;
		const cursor = (records as CsvRecords).scan(text, chunk.last, rows);
		carried = text.slice(cursor);
		// After the first chunk with rows: room for as many rows as the whole file holds at this density, and a little more.
		if (!reserved && rows.rowCount > 0 && !chunk.last && chunk.read > 0) {
			rows.reserve(Math.ceil((rows.rowCount * chunk.total * 1.03) / chunk.read));
			reserved = true;
		}
	};
	const start = (whole: boolean): void => {
		const sample = waiting.map((chunk) => chunk.text).join('').slice(0, SAMPLE_CHARS);
		// JSON read as a CSV would give braces and quotes as column names: say what it is.
		const json = describeJson(sample, file.givenAs);
		if (json) throw new BinaryFileError(json);
		const delimiter = guessDelimiter(sample, whole);
		// pandas would need sep= for these; say what was read rather than guess silently.
		if (delimiter !== ',') options.onNote?.(`columns separated by ${DELIMITER_NAMES[delimiter] ?? `'${delimiter}'`} (guessed from the first rows)`);
		records = new CsvRecords(delimiter);
		for (const chunk of waiting) take(chunk);
		waiting = [];
	};
	try {
		for await (const chunk of chunksOf(file.data, options.chunkSize ?? DEFAULT_CHUNK_SIZE, decoder, file.givenAs)) {
			if (records) take(chunk);
			else {
				waiting.push(chunk);
				sampled += chunk.text.length;
				if (sampled >= SAMPLE_CHARS || chunk.last) start(chunk.last);
			}
			options.onProgress?.(chunk.read, chunk.total);
		}
	} catch (error) {
		if (error instanceof UnclosedQuoteError) throw new Error(`${rows.place(true)}: ${error.message}`);
		if (error instanceof BinaryFileError) throw new Error(`${file.name} ${error.message}`);
		if (!(error instanceof EncodingError)) throw error;
		// Read the rows before the bad byte (a problem in them comes first), then name the row it is in.
		if (!records) start(false);
		take({ text: error.text, read: 0, total: 0, last: false });
		throw new Error(`${rows.place(true)}, ${error.message}`);
	}
	if (decoder.encoding && decoder.encoding !== 'utf-8') options.onNote?.(`decoded as ${decoder.encoding.toUpperCase()} (byte-order mark)`);
	return rows.finish(options.name, file.name, options.onNote);
}
