/**
 * The label column as rows arrive: each row's label text as an id, the number of classes checked
 * as they come (pandas' reading: '1' and '1.0' are one class when every label is a number), and
 * the rows whose label is missing (empty or one of pandas' NA texts). A missing label is refused,
 * never dropped: dropping rows would change the data behind the user's back, and scikit-learn
 * refuses a NaN label too. The refusal comes once the file is read, naming how many rows and the
 * first of them.
 */
import { describeSpellings, NUMBER, numericClassName, sortClasses } from './classes';
import { isMissingText } from './na-values';
import { dataRowList, dataRowPlace } from '../../data/row-place';

/** The most classes a label can have: labels travel as an Int8Array. */
export const MAX_CLASSES = 127;
/** How many rows a missing-label refusal names. */
const NAMED_ROWS = 5;
/** How many spellings with spaces around them the note names. */
const NAMED_SPACED = 3;

export class LabelColumn {
	#ids = new Int32Array(1024);
	#count = 0;
	/** Label text → id, in the order the texts first appeared. */
	#textIds = new Map<string, number>();
	#allNumeric = true;
	#numericClasses = new Set<string>();
	/** The first missing labels' data rows and lines of the file (null: a file without lines). */
	#missingRows: { row: number; line: number | null }[] = [];
	#missingCount = 0;
	/** Labels read with spaces around them: how many, and the first few spellings. */
	#spaced = 0;
	#spacedExamples = new Map<string, string>();

	constructor(readonly name: string) {}

	/**
	 * The label of the next data row as the file has it, on `line` of the file (null: none); throws
	 * when it brings one class too many. Spaces around it are dropped ('pos ' is 'pos'), where pandas
	 * would keep 'pos ' as a class of its own: said in a note at the end, with the first spellings.
	 */
	take(raw: string, line: number | null): void {
		const label = raw.trim();
		if (label.length !== raw.length && label !== '') {
			this.#spaced++;
			if (this.#spacedExamples.size < NAMED_SPACED && !this.#spacedExamples.has(raw)) this.#spacedExamples.set(raw, label);
		}
		let id = -1;
		if (isMissingText(label)) {
			if (this.#missingRows.length < NAMED_ROWS) this.#missingRows.push({ row: this.#count + 1, line });
			this.#missingCount++;
		} else {
			id = this.#textIds.get(label) ?? this.#add(label, dataRowPlace(this.#count + 1, line));
		}
		if (this.#count === this.#ids.length) {
			const grown = new Int32Array(this.#ids.length * 2);
			grown.set(this.#ids);
			this.#ids = grown;
		}
		this.#ids[this.#count++] = id;
	}

	#add(label: string, place: string): number {
		const id = this.#textIds.size;
		this.#textIds.set(label, id);
		if (this.#allNumeric && NUMBER.test(label)) this.#numericClasses.add(numericClassName(label));
		else this.#allNumeric = false;
		const classes = this.#allNumeric ? this.#numericClasses.size : this.#textIds.size;
		if (classes > MAX_CLASSES) throw new Error(`label column '${this.name}' has more than ${MAX_CLASSES} classes: ${place} brings '${label}'; is it the right column?`);
		return id;
	}

	/**
	 * The classes (sorted as scikit-learn sorts them) and each row's class index. Throws when a
	 * label is missing. A single class is read: rows to score or to check may all be of one
	 * class; training on them is refused where it happens (train, train-grid). `onNote` gets the
	 * labels read as a number written another way.
	 */
	finish(onNote?: (line: string) => void): { classes: string[]; labels: Int8Array } {
		if (this.#missingCount > 0) {
			const more = this.#missingCount > this.#missingRows.length ? ', …' : '';
			const rows = dataRowList(this.#missingRows.map((item) => item.row), this.#missingCount);
			const lines = this.#missingRows.every((item) => item.line !== null) ? `: line${this.#missingCount === 1 ? '' : 's'} ${this.#missingRows.map((item) => item.line).join(', ')}${more} of the file` : '';
			throw new Error(
				`label column '${this.name}' is missing in ${this.#missingCount} row${this.#missingCount === 1 ? '' : 's'} ` +
					`(${rows}${lines}; empty, NA, NaN, null… as pandas reads them): ` +
					'a row needs its label to train or score on; fill them in or drop those rows'
			);
		}
		if (this.#spaced > 0) {
			const examples = [...this.#spacedExamples].map(([raw, label]) => `'${raw}' as '${label}'`).join(', ');
			onNote?.(
				`label '${this.name}': ${this.#spaced.toLocaleString('en')} value${this.#spaced === 1 ? '' : 's'} with spaces around ${this.#spaced === 1 ? 'it' : 'them'} read without (${examples}${this.#spaced > this.#spacedExamples.size ? ', …' : ''}); pandas would keep each spelling as a class of its own`
			);
		}
		const { classes, order, respelled } = sortClasses([...this.#textIds.keys()]);
		if (respelled.length > 0) onNote?.(`label '${this.name}' read as numbers, as pandas reads it: ${describeSpellings(respelled)}`);
		const labels = new Int8Array(this.#count);
		for (let row = 0; row < this.#count; row++) labels[row] = order[this.#ids[row]!]!;
		return { classes, labels };
	}
}
