/**
 * The rows of a CSV, checked and stored column by column as they arrive: the header (line 1),
 * then each record into its numeric, text and label column. Rows come two ways with the same
 * meaning (`csv-records.ts`): as field lists (records with quotes), or, for a record without
 * quote characters, as a span of the text read in place (reading in place skips a string per
 * field). A numeric cell that is empty or one of pandas' NA texts is missing: NaN, as
 * `data/missing.ts` defines it. Every refusal names its row as `data/row-place.ts` does (data row
 * from 1 after the header, and its line of the file, blank lines counted) and, where there is one, its column.
 */
import type { Column, Table } from '../values';
import { unlabelled } from '../../data/table';
import { dataRowPlace, headerPlace } from '../../data/row-place';
import { NUMBER } from './classes';
import { headerNames } from './header-names';
import { DecimalReader } from './decimal';
import { FloatColumn } from './float-column';
import { LabelColumn } from './labels';
import { isMissingText } from './na-values';

export { MAX_CLASSES } from './labels';
/** An ISO 8601 date or date-time, as pandas' to_csv and a typed file's timestamps write them: 2024-01-31, 2024-01-31 12:30, 2024-01-31T12:30:15.250Z. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Digits grouped by thousands with ',' ("42,244", "-1,234,567"), as a spreadsheet shows a number formatted with a separator. */
const THOUSANDS_GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

const quote = (names: readonly string[]): string => names.map((name) => `'${name}'`).join(', ');
/** Short records named in the note (the rest are counted). */
const NAMED_SHORT_ROWS = 3;

export interface ColumnChoice {
	/** Empty = the last column; not read when `labelled` is false. */
	labelColumn: string;
	/** False: the rows have no label column (rows to score), and every column can be a feature. Absent = true. */
	labelled?: boolean;
	/** Empty = every column but the label. */
	featureColumns: readonly string[];
	/** Feature columns kept as text; every other feature column must be numeric. */
	textColumns: readonly string[];
}

interface Feature {
	name: string;
	/** Position in the header. */
	index: number;
	text: boolean;
	/**
	 * Rows to score (no label column) with every column a feature: not decided yet whether the
	 * column is numbers or text. Its first value that is not missing decides, as pandas infers a
	 * column's type: a word there makes it text (an id or a comment beside the model's columns,
	 * which predict leaves unread), a number makes it numeric for good.
	 */
	undecided: boolean;
}

export class CsvRows {
	#choice: ColumnChoice;
	#header: string[] | null = null;
	#labelIndex = -1;
	#features: Feature[] = [];
	#numbers: (FloatColumn | null)[] = [];
	#texts: (string[] | null)[] = [];
	#labels: LabelColumn | null = null;
	#rowCount = 0;
	/** The spreadsheet row number of the last record seen; blank lines count, as a spreadsheet shows them. */
	rowNumber = 0;
	/** The source is a text file whose rows are lines (CSV); Parquet and Arrow say false, and messages then name data rows only. */
	countsLines = true;
	/** Columns a typed file's schema declares as strings (Parquet, Arrow): a refusal of one as a number says so. */
	stringColumns: ReadonlySet<string> = new Set();
	/** Columns a typed file's schema declares as booleans: true and false read as 1 and 0, as scikit-learn reads a pandas bool column. */
	booleanColumns: ReadonlySet<string> = new Set();
	/** Columns a typed file's schema declares as dates or timestamps, handed over as ISO 8601 text: a refusal of one as a number says so. */
	temporalColumns: ReadonlySet<string> = new Set();
	/** Field boundaries of the current line, reused: starts[f] and ends[f]. */
	#starts = new Int32Array(64);
	#ends = new Int32Array(64);
	/** Each field of the current line read as a number (NaN: not a plain number, take the general path). */
	#values = new Float64Array(64);
	#reader = new DecimalReader();
	/** Records with fewer fields than the header (read as missing): the first few places, and how many. */
	#shortRows: string[] = [];
	#shortCount = 0;
	/** Undecided columns a word made text, one sentence each, for a note at the end. */
	#inferredText: string[] = [];

	constructor(choice: ColumnChoice) {
		this.#choice = choice;
	}

	/**
	 * One record as its fields: a CSV record with a quote, or a typed file's row. Never a blank
	 * line: a record `""` is a row whose one field is empty (missing), as pandas reads it.
	 */
	takeFields(row: string[]): void {
		this.rowNumber++;
		if (!this.#header) return this.#readHeader(row);
		this.#checkLength(row.length);
		if (this.#labels) this.#labels.take(row[this.#labelIndex] as string, this.#line());
		this.#features.forEach((feature, position) => {
			const raw = row[feature.index] ?? '';
			if (feature.undecided) this.#decide(feature, position, raw);
			if (feature.text) (this.#texts[position] as string[]).push(raw);
			else (this.#numbers[position] as FloatColumn).push(this.#number(raw, feature));
		});
		this.#rowCount++;
	}

	/** One record: text[start, end), no quote characters in it, fields split on the character code `delimiter`. */
	takeLine(text: string, start: number, end: number, delimiter: number): void {
		// One pass: each field is read as a number where it starts; where that stops short of a
		// delimiter the field is something else, and its end is searched for. Nothing is refused
		// yet: the field count is checked first, so errors come in the order of the general path.
		const reader = this.#reader;
		let count = 0;
		for (let at = start; ; count++) {
			if (count >= this.#starts.length) this.#growBounds();
			let value = reader.read(text, at, end);
			let stop = reader.stop;
			if (stop < end && text.charCodeAt(stop) !== delimiter) {
				value = NaN;
				while (stop < end && text.charCodeAt(stop) !== delimiter) stop++;
			}
			this.#starts[count] = at;
			this.#ends[count] = stop;
			this.#values[count] = value;
			if (stop >= end) break;
			at = stop + 1;
		}
		count++;
		if (count === 1 && text.slice(start, end).trim() === '') {
			this.rowNumber++;
			return;
		}
		if (!this.#header) {
			this.rowNumber++;
			return this.#readHeader(Array.from({ length: count }, (_, f) => text.slice(this.#starts[f], this.#ends[f])));
		}
		this.rowNumber++;
		this.#checkLength(count);
		// A short record's missing fields are empty: read as missing, as pandas reads them.
		for (let f = count; f < this.#header.length; f++) {
			if (f >= this.#starts.length) this.#growBounds();
			this.#starts[f] = end;
			this.#ends[f] = end;
			this.#values[f] = NaN;
		}
		if (this.#labels) this.#labels.take(text.slice(this.#starts[this.#labelIndex], this.#ends[this.#labelIndex]), this.#line());
		const features = this.#features;
		for (let position = 0; position < features.length; position++) {
			const feature = features[position]!;
			const from = this.#starts[feature.index]!;
			const to = this.#ends[feature.index]!;
			if (feature.undecided) this.#decide(feature, position, text.slice(from, to));
			if (feature.text) {
				(this.#texts[position] as string[]).push(text.slice(from, to));
				continue;
			}
			const fast = this.#values[feature.index]!;
			(this.#numbers[position] as FloatColumn).push(fast === fast ? fast : this.#number(text.slice(from, to), feature));
		}
		this.#rowCount++;
	}

	/**
	 * Where the record being read is, as every message names a row (`data/row-place.ts`): "data
	 * row 5 (line 6 of the file)", or the header. `ahead` names the next record instead (a problem
	 * found before it was taken: an unclosed quote, a byte that is not text).
	 */
	place(ahead = false): string {
		const current = this.#line();
		const line = current === null ? null : current + (ahead ? 1 : 0);
		if (!this.#header) return headerPlace(line);
		return dataRowPlace(this.#rowCount + 1, line);
	}

	/** The header row of a CSV; a Parquet or Arrow file (no lines) names its columns in its schema. */
	#headerPlace(): string {
		return this.countsLines ? headerPlace(this.#line()) : "the file's schema";
	}

	/** The line of the record being read (blank lines count); null for a file without lines. */
	#line(): number | null {
		return this.countsLines ? this.rowNumber : null;
	}

	/** Rows taken so far (the header and blank lines not counted). */
	get rowCount(): number {
		return this.#rowCount;
	}

	/** Makes room for `rows` rows in every numeric column at once (an estimate from the file's size). */
	reserve(rows: number): void {
		for (const column of this.#numbers) column?.reserve(rows);
	}

	/**
	 * The table of every row taken; throws when the file had no header or no rows, a missing
	 * label. `onNote` gets the labels read as a number written another way.
	 */
	finish(name: string, fileName: string, onNote?: (line: string) => void): Table {
		const header = this.#header;
		if (!header) throw new Error(`the file '${fileName}' is empty`);
		// A Parquet or Arrow file (no lines) has a schema, not a header row.
		if (this.#rowCount === 0) throw new Error(this.countsLines ? `the file '${fileName}' has a header but no data rows` : `the file '${fileName}' has a schema (columns ${header.map((column) => `'${column}'`).join(', ')}) but no rows`);
		if (this.#shortCount > 0) {
			const more = this.#shortCount > this.#shortRows.length ? ', …' : '';
			onNote?.(`${this.#shortCount.toLocaleString('en')} row${this.#shortCount === 1 ? ' has' : 's have'} fewer fields than the header's ${header.length} (${this.#shortRows.join('; ')}${more}): the fields they lack are read as missing, as pandas reads them`);
		}
		if (this.#inferredText.length > 0) onNote?.(`${this.#inferredText.join('; ')}: rows without labels are scored by the columns the model was trained on, so a column it does not read may be anything (list the columns under "Feature columns" to check them all as numbers; if one is the label, turn "Has a label column" on)`);
		const labelFields = this.#labels ? { labelName: header[this.#labelIndex] as string, ...this.#labels.finish(onNote) } : unlabelled();
		const columns: Column[] = this.#features.map((feature, position): Column => {
			if (feature.text) return { name: feature.name, type: 'text', values: this.#texts[position] as string[] };
			const values = (this.#numbers[position] as FloatColumn).finish();
			this.#numbers[position] = null;
			return { name: feature.name, type: 'numeric', values };
		});
		return { kind: 'table', name, rowCount: this.#rowCount, columns, ...labelFields, source: fileName };
	}

	#readHeader(row: string[]): void {
		const header = headerNames(row, this.#headerPlace());
		const options = this.#choice;
		const labelled = options.labelled ?? true;
		// No label column: no name is the label, so none is kept out of the features.
		const labelName = labelled ? options.labelColumn.trim() || (header[header.length - 1] as string) : null;
		const labelIndex = labelName === null ? -1 : header.indexOf(labelName);
		if (labelName !== null && labelIndex < 0) throw new Error(`label column '${labelName}' not found in ${this.#headerPlace()}; columns found: ${quote(header)}`);
		const names = options.featureColumns.length > 0 ? options.featureColumns.map((name) => name.trim()) : header.filter((name) => name !== labelName);
		for (const name of names) {
			if (!header.includes(name)) throw new Error(`feature column '${name}' not found in ${this.#headerPlace()}; columns found: ${quote(header)}`);
			if (name === labelName) throw new Error(`column '${name}' is the label: it cannot also be a feature column`);
		}
		for (const name of options.textColumns) {
			if (!header.includes(name)) throw new Error(`text column '${name}' not found in ${this.#headerPlace()}; columns found: ${quote(header)}`);
			// The label by default (the last column): rows to score often have no label column.
			if (name === labelName)
				throw new Error(
					`text column '${name}' is the label column${options.labelColumn.trim() === '' ? ' (by default the last column)' : ''}: choose another Label column, or turn "Has a label column" off for rows without labels`
				);
			if (!names.includes(name)) throw new Error(`text column '${name}' is not among the feature columns ${quote(names)}`);
		}
		if (names.length === 0) throw new Error(`no feature columns: the file has only the label column '${labelName as string}'`);
		this.#header = header;
		this.#labelIndex = labelIndex;
		this.#labels = labelName === null ? null : new LabelColumn(labelName);
		// Rows to score with every column a feature: a column not listed as text is decided by its first value.
		const inferred = !labelled && options.featureColumns.length === 0;
		this.#features = names.map((name) => {
			const text = options.textColumns.includes(name);
			return { name, index: header.indexOf(name), text, undecided: inferred && !text };
		});
		this.#numbers = this.#features.map((feature) => (feature.text ? null : new FloatColumn()));
		this.#texts = this.#features.map((feature) => (feature.text ? [] : null));
	}

	/**
	 * An undecided column meets `raw`: missing leaves it undecided; a number decides numbers; a
	 * word decides text, the rows before (all missing) becoming empty texts, and a note says so.
	 */
	#decide(feature: Feature, position: number, raw: string): void {
		const text = raw.trim();
		if (isMissingText(text)) return;
		feature.undecided = false;
		if (NUMBER.test(text) || /^[+-]?(inf|infinity)$/i.test(text) || THOUSANDS_GROUPED.test(text) || /^[+-]?[\d.]*\d,\d+$/.test(text) || ISO_DATE.test(text)) return;
		if (this.booleanColumns.has(feature.name) || this.temporalColumns.has(feature.name)) return;
		feature.text = true;
		this.#texts[position] = new Array<string>(this.#rowCount).fill('');
		this.#numbers[position] = null;
		this.#inferredText.push(`column '${feature.name}' read as text: its first value, '${text.length > 40 ? `${text.slice(0, 40)}…` : text}' (${this.place()}), is not a number`);
	}

	/**
	 * A record of `count` fields against the header's. More is refused, as pandas refuses it
	 * ("Expected 3 fields in line 4, saw 4"). Fewer is read as pandas reads it: the fields it lacks
	 * are empty (missing), counted for a note at the end; but not a row that lacks its label.
	 */
	#checkLength(count: number): void {
		const expected = (this.#header as string[]).length;
		if (count === expected) return;
		const lacking = count < expected && this.#labelIndex >= count ? `: its label ('${(this.#header as string[])[this.#labelIndex]}') is among the fields it lacks` : '';
		if (count > expected || lacking !== '') throw new Error(`${this.place()} has ${count} field${count === 1 ? '' : 's'}, header has ${expected}${lacking}`);
		if (this.#shortRows.length < NAMED_SHORT_ROWS) this.#shortRows.push(this.place());
		this.#shortCount++;
	}

	/**
	 * A numeric field by the general path: trimmed, NaN when it is one of pandas' missing texts
	 * (empty, NA, NaN, null, …), else checked against the number syntax and rounded to float32.
	 */
	#number(raw: string, feature: Feature): number {
		const text = raw.trim();
		if (isMissingText(text)) return NaN;
		if (this.booleanColumns.has(feature.name) && (text === 'true' || text === 'false')) return text === 'true' ? 1 : 0;
		const where = `${this.place()}, column '${feature.name}'`;
		// pandas reads these as ±inf; nothing here trains or scores on an infinity, so say that plainly.
		if (/^[+-]?(inf|infinity)$/i.test(text)) throw new Error(`${where}: '${text}' is infinite, which no model can train on (leave the cell empty to mark it missing)`);
		if (!NUMBER.test(text)) {
			// "42,244" or "1,234,567": digits grouped by thousands (a spreadsheet's number format, exported as shown).
			// "1,234" could be a decimal comma too, so that advice follows.
			if (THOUSANDS_GROUPED.test(text))
				throw new Error(
					text.includes('.')
						? `${where}: '${text}' is not a number: a ',' between thousands is not read (numbers are read with '.' as the decimal point and no grouping, as pandas reads them by default); save the numbers without a thousands separator`
						: `${where}: '${text}' is not a number: a decimal comma or a ',' between thousands is not read (numbers are read with '.' as the decimal point and no grouping, as pandas reads them by default); save the numbers without a thousands separator (if the ',' is a decimal comma, save the file with '.' as the decimal separator)`
				);
			// "1,5" or "1.234,5": a decimal comma (a semicolon-separated CSV from a European spreadsheet), perhaps with '.' between thousands.
			if (/^[+-]?[\d.]*\d,\d+$/.test(text))
				throw new Error(
					`${where}: '${text}' is not a number: a decimal comma or a ',' between thousands is not read (numbers are read with '.' as the decimal point and no grouping, as pandas reads them by default); save the file with '.' as the decimal separator${text.includes('.') ? ' and no thousands separator' : ''}`
				);
			// A point in time is no number a linear model can weigh (scikit-learn refuses a datetime column too).
			if (this.temporalColumns.has(feature.name) || ISO_DATE.test(text))
				throw new Error(
					`${where}: '${text}' is a ${this.temporalColumns.has(feature.name) ? `date or time (the file declares '${feature.name}' as one)` : 'date or time'}, not a number: leave the column out of "Feature columns", or add a number made from it (days since a start, hour of day) to the file`
				);
			if (this.stringColumns.has(feature.name))
				throw new Error(`${where}: '${text}' is not a number; the file declares '${feature.name}' as a string column: list it under "Text columns" to read it as text, or leave it out of "Feature columns"`);
			// Read without a label column, the label (a class name) meets the number check as a feature.
			const label = this.#labels === null ? `; if it is the label, turn "Has a label column" on` : '';
			throw new Error(`${where}: '${text}' is not a number (list the column under "Text columns" if it is text, or leave it out of "Feature columns"${label}; empty, NA, NaN and null are read as missing)`);
		}
		const value = Math.fround(Number(text));
		if (!Number.isFinite(value)) throw new Error(`${where}: ${text} is too large for a 32-bit float`);
		return value;
	}

	#growBounds(): void {
		const starts = new Int32Array(this.#starts.length * 2);
		const ends = new Int32Array(this.#ends.length * 2);
		const values = new Float64Array(this.#values.length * 2);
		starts.set(this.#starts);
		ends.set(this.#ends);
		values.set(this.#values);
		this.#starts = starts;
		this.#ends = ends;
		this.#values = values;
	}
}
