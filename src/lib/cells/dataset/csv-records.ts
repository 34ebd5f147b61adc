/**
 * Text → CSV records, fed a piece at a time, with the rules of pandas' C tokenizer
 * (`pandas/_libs/src/parser/tokenizer.c`, defaults: quotechar '"', doublequote, no escape
 * character, lineterminator None):
 * - a record ends at `\n`, `\r\n` or a lone `\r`, and one file may mix them (a header ending in
 *   `\r\n` over rows ending in `\n` is read as pandas reads it);
 * - a quote opens a quoted field only at the start of a field; inside it, delimiters and line
 *   breaks are text and `""` is one quote; after the closing quote, anything but a delimiter or
 *   a line break is more text of the same field (`"ab"c` → `abc`), as pandas does;
 * - a quote inside an unquoted field is text (`ab"c`).
 *
 * Everything the scanner needs to resume is kept in the scanner itself (the state of a quoted
 * record in progress, and whether a `\r` just ended a record), never in the position of a piece's
 * edge: any cut of the text into pieces gives the same records. The defect this replaces: papaparse's
 * chunk parser refused a valid CRLF file with "malformed quotes" when a 1 MiB chunk ended between
 * a closing `"\r` and its `\n`.
 *
 * A record without a quote character goes to the sink as a span of the text (read in place,
 * without a string per field); a record with one goes as its list of fields.
 */

export interface RecordSink {
	/** A record with no quote character: text[start, end), fields split on `delimiter` (a char code). */
	takeLine(text: string, start: number, end: number, delimiter: number): void;
	/** A record with quoted fields, as its field values. */
	takeFields(fields: string[]): void;
}

/** A quoted field is never closed: `row` counts from the record it opened in. */
export class UnclosedQuoteError extends Error {
	constructor() {
		super('a quoted field is never closed');
	}
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

const enum State {
	FieldStart,
	Unquoted,
	Quoted,
	/** A quote inside a quoted field: it closes the field or, doubled, is one quote. */
	QuoteInQuoted
}

/** A record with quotes that a piece ended in the middle of. */
interface Partial {
	fields: string[];
	field: string;
	state: State;
}

export class CsvRecords {
	readonly #delimiter: number;
	/** The last record ended at a `\r` at the end of a piece: a `\n` starting the next piece belongs to it. */
	#skipLF = false;
	#partial: Partial | null = null;

	constructor(delimiter: string) {
		this.#delimiter = delimiter.charCodeAt(0);
	}

	/**
	 * Gives `sink` every record that ends in `text` (and, when `last`, the unterminated record at
	 * the end). Returns where the unfinished record starts: the caller hands text[returned…] back
	 * at the start of the next piece. Throws UnclosedQuoteError at the end of the file inside quotes.
	 */
	scan(text: string, last: boolean, sink: RecordSink): number {
		const length = text.length;
		let at = 0;
		if (this.#partial) {
			at = this.#scanQuoted(text, 0, last, sink);
			if (at < 0) return length;
		}
		// Next positions of a quote, LF and CR at or after `at`; `length` when there is none.
		let quote = -1;
		let lf = -1;
		let cr = -1;
		while (at < length) {
			if (this.#skipLF) {
				this.#skipLF = false;
				if (text.charCodeAt(at) === LF) at++;
				continue;
			}
			if (quote < at) quote = indexOrEnd(text, '"', at);
			if (lf < at) lf = indexOrEnd(text, '\n', at);
			if (cr < at) cr = indexOrEnd(text, '\r', at);
			const end = lf < cr ? lf : cr;
			if (quote < end) {
				at = this.#scanQuoted(text, at, last, sink);
				if (at < 0) return length;
				continue;
			}
			if (end === length) {
				if (!last) return at;
				sink.takeLine(text, at, length, this.#delimiter);
				return length;
			}
			sink.takeLine(text, at, end, this.#delimiter);
			at = end + 1;
			if (end === cr) this.#skipLF = true;
		}
		return length;
	}

	/**
	 * One record from `from`, char by char (it has a quote). Returns the position after its line
	 * break, or −1 when the text ran out first (the state is kept for the next piece).
	 */
	#scanQuoted(text: string, from: number, last: boolean, sink: RecordSink): number {
		const record = this.#partial ?? { fields: [], field: '', state: State.FieldStart };
		this.#partial = null;
		const delimiter = this.#delimiter;
		let { state, field } = record;
		let run = from;
		for (let i = from; i < text.length; i++) {
			const code = text.charCodeAt(i);
			switch (state) {
				case State.Quoted:
					if (code === QUOTE) {
						field += text.slice(run, i);
						state = State.QuoteInQuoted;
					}
					continue;
				case State.QuoteInQuoted:
					if (code === QUOTE) {
						state = State.Quoted;
						run = i;
						continue;
					}
					run = i;
					break;
				case State.FieldStart:
					if (code === QUOTE) {
						state = State.Quoted;
						run = i + 1;
						continue;
					}
					run = i;
					break;
			}
			// Unquoted text (a field's start, after a closing quote, or within).
			if (code === delimiter || code === LF || code === CR) {
				record.fields.push(field + text.slice(run, i));
				field = '';
				state = State.FieldStart;
				run = i + 1;
				if (code === delimiter) continue;
				sink.takeFields(record.fields);
				if (code === CR) this.#skipLF = true;
				return i + 1;
			}
			state = State.Unquoted;
		}
		if (state === State.Quoted && last) throw new UnclosedQuoteError();
		if (state !== State.QuoteInQuoted) field += text.slice(run);
		if (!last) {
			this.#partial = { fields: record.fields, field, state };
			return -1;
		}
		record.fields.push(field);
		sink.takeFields(record.fields);
		return text.length;
	}
}

function indexOrEnd(text: string, search: string, from: number): number {
	const index = text.indexOf(search, from);
	return index < 0 ? text.length : index;
}
