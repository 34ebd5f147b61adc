/**
 * CSV → Table, streamed: the file is read in chunks (a Blob slice at a time in the browser),
 * decoded as UTF-8 across chunk boundaries, and parsed by papaparse's chunk parser, so a large
 * file never has to exist as one string. Every refusal names its row (1-based as in a
 * spreadsheet, the header is row 1) and, where there is one, its column.
 */
import Papa from 'papaparse';
import type { FileSource } from '../types';
import type { Column, Table } from '../values';
import { sortClasses } from './classes';

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

/** The most classes a label can have: labels travel as an Int8Array. */
export const MAX_CLASSES = 127;
const DEFAULT_CHUNK_SIZE = 1 << 20;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** papaparse's chunk parser (what its own streamers use): guesses the line ending on the first chunk, then keeps it. */
interface ParserHandle {
	parse(input: string, baseIndex: number, ignoreLastRow: boolean): Papa.ParseResult<string[]>;
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

const quote = (names: readonly string[]): string => names.map((name) => `'${name}'`).join(', ');
const isBlank = (row: readonly string[]): boolean => row.length === 1 && (row[0] ?? '').trim() === '';

/** A Float32Array that doubles as rows arrive. */
class GrowingFloats {
	values = new Float32Array(1024);
	push(row: number, value: number): void {
		if (row >= this.values.length) {
			const grown = new Float32Array(this.values.length * 2);
			grown.set(this.values);
			this.values = grown;
		}
		this.values[row] = value;
	}
}

interface Layout {
	header: string[];
	labelIndex: number;
	features: { name: string; index: number; text: boolean }[];
}

function readHeader(row: string[], options: CsvOptions): Layout {
	const header = row.map((name, index) => name.trim() || `Unnamed: ${index}`);
	if (header.every((name) => NUMBER.test(name)))
		throw new Error(`row 1 should be a header naming the columns, but it holds numbers (${quote(header.slice(0, 4))}): add a header row`);
	header.forEach((name, index) => {
		const first = header.indexOf(name);
		if (first !== index) throw new Error(`row 1: column '${name}' appears twice (columns ${first + 1} and ${index + 1})`);
	});
	const labelName = options.labelColumn.trim() || (header[header.length - 1] as string);
	const labelIndex = header.indexOf(labelName);
	if (labelIndex < 0) throw new Error(`label column '${labelName}' not found in row 1; columns found: ${quote(header)}`);

	const featureNames = options.featureColumns.length > 0 ? options.featureColumns.map((name) => name.trim()) : header.filter((name) => name !== labelName);
	for (const name of featureNames) {
		if (!header.includes(name)) throw new Error(`feature column '${name}' not found in row 1; columns found: ${quote(header)}`);
		if (name === labelName) throw new Error(`column '${name}' is the label: it cannot also be a feature column`);
	}
	for (const name of options.textColumns) {
		if (!header.includes(name)) throw new Error(`text column '${name}' not found in row 1; columns found: ${quote(header)}`);
		if (!featureNames.includes(name)) throw new Error(`text column '${name}' is not among the feature columns ${quote(featureNames)}`);
	}
	if (featureNames.length === 0) throw new Error(`no feature columns: the file has only the label column '${labelName}'`);
	return {
		header,
		labelIndex,
		features: featureNames.map((name) => ({ name, index: header.indexOf(name), text: options.textColumns.includes(name) }))
	};
}

export async function parseCsv(file: FileSource, options: CsvOptions): Promise<Table> {
	let handle: ParserHandle | null = null;
	let layout: Layout | null = null;
	let numeric: GrowingFloats[] = [];
	let texts: string[][] = [];
	let labelIds = new Int8Array(1024);
	const classIds = new Map<string, number>();
	let rowCount = 0;
	/** The spreadsheet row number of the last record seen; blank lines count, as a spreadsheet shows them. */
	let rowNumber = 0;

	const takeRow = (row: string[]): void => {
		rowNumber++;
		if (isBlank(row)) return;
		if (!layout) {
			layout = readHeader(row, options);
			numeric = layout.features.map(() => new GrowingFloats());
			texts = layout.features.map(() => []);
			return;
		}
		const { header, labelIndex, features } = layout;
		if (row.length !== header.length) throw new Error(`row ${rowNumber} has ${row.length} fields, header has ${header.length}`);

		const label = (row[labelIndex] as string).trim();
		if (label === '') throw new Error(`row ${rowNumber}, column '${header[labelIndex]}': missing label`);
		let id = classIds.get(label);
		if (id === undefined) {
			id = classIds.size;
			if (id >= MAX_CLASSES)
				throw new Error(`label column '${header[labelIndex]}' has more than ${MAX_CLASSES} classes (row ${rowNumber} brings '${label}'): is it the right column?`);
			classIds.set(label, id);
		}
		if (rowCount >= labelIds.length) {
			const grown = new Int8Array(labelIds.length * 2);
			grown.set(labelIds);
			labelIds = grown;
		}
		labelIds[rowCount] = id;

		features.forEach((feature, position) => {
			const raw = row[feature.index] as string;
			if (feature.text) {
				(texts[position] as string[]).push(raw);
				return;
			}
			const text = raw.trim();
			const where = `row ${rowNumber}, column '${feature.name}'`;
			if (text === '') throw new Error(`${where}: empty value in a numeric column (fill it in or drop the row; nothing is imputed)`);
			if (!NUMBER.test(text)) throw new Error(`${where}: '${text}' is not a number (list the column in textColumns if it is text)`);
			const value = Math.fround(Number(text));
			if (!Number.isFinite(value)) throw new Error(`${where}: ${text} is too large for a 32-bit float`);
			(numeric[position] as GrowingFloats).push(rowCount, value);
		});
		rowCount++;
	};

	// Parse chunk by chunk, carrying the unfinished last row into the next chunk.
	let carried = '';
	let baseIndex = 0;
	for await (const chunk of chunksOf(file.data, options.chunkSize ?? DEFAULT_CHUNK_SIZE)) {
		const text = carried + chunk.text;
		handle ??= new ParserHandle({ header: false, skipEmptyLines: false, delimiter: guessDelimiter(text) });
		const results = handle.parse(text, baseIndex, !chunk.last);
		// Rows before a quoting error are checked first, so the first problem in the file is the one reported.
		const quoteError = results.errors.find((error) => error.type === 'Quotes');
		const goodRows = quoteError ? results.data.slice(0, quoteError.row ?? 0) : results.data;
		for (const row of goodRows) takeRow(row);
		if (quoteError) {
			const problem = quoteError.code === 'MissingQuotes' ? 'a quoted field is never closed' : 'malformed quotes';
			throw new Error(`row ${rowNumber + 1}: ${problem}`);
		}
		carried = chunk.last ? '' : text.slice(results.meta.cursor - baseIndex);
		baseIndex = results.meta.cursor;
		options.onProgress?.(chunk.read, chunk.total);
	}

	const found = layout as Layout | null;
	if (!found) throw new Error(`the file '${file.name}' is empty`);
	if (rowCount === 0) throw new Error(`the file '${file.name}' has a header (row 1) but no data rows`);
	const labelName = found.header[found.labelIndex] as string;
	const { classes, order } = sortClasses([...classIds.keys()]);
	if (classes.length < 2) throw new Error(`label column '${labelName}' has a single class '${classes[0]}': at least two are needed`);

	const labels = new Int8Array(rowCount);
	for (let row = 0; row < rowCount; row++) labels[row] = order[labelIds[row] as number] as number;
	const columns: Column[] = found.features.map((feature, position) =>
		feature.text
			? { name: feature.name, type: 'text', values: texts[position] as string[] }
			: { name: feature.name, type: 'numeric', values: (numeric[position] as GrowingFloats).values.slice(0, rowCount) }
	);
	return { kind: 'table', name: options.name, rowCount, columns, labelName, classes, labels, source: file.name };
}
