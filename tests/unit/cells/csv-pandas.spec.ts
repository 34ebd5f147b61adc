/**
 * Descent's CSV reader against pandas' `read_csv` defaults on the files people really have:
 * mixed line endings, quotes, NA values, labels that are the same number, byte-order marks.
 * The readings are pandas' own (scripts/fixtures/csv_edges.py → tests/fixtures/csv-edges.json),
 * and every case is read whole and in chunks of 1, 2, 3 and 7 bytes, so every boundary falls
 * inside a CRLF, a quoted field, a `""` and a multi-byte character somewhere.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/lib/cells/dataset/csv';

interface PandasCase {
	name: string;
	base64: string;
	textColumns: string[];
	columns: ({ name: string; type: 'numeric'; values: (number | null)[] } | { name: string; type: 'text'; values: string[] })[];
	label: string;
	numericLabels: boolean;
	classes: (number | string)[];
	labels: number[];
}

const fixture = JSON.parse(readFileSync('tests/fixtures/csv-edges.json', 'utf8')) as { cases: PandasCase[] };

describe('the CSV reader reads as pandas reads', () => {
	it.each(fixture.cases.map((entry) => [entry.name, entry] as const))('%s', async (_, entry) => {
		const bytes = Buffer.from(entry.base64, 'base64');
		for (const chunkSize of [1 << 20, 1, 2, 3, 7]) {
			const notes: string[] = [];
			const table = await parseCsv(
				{ name: 'case.csv', data: new Blob([bytes]), fingerprint: 'f' },
				{ name: 'case', labelColumn: '', featureColumns: [], textColumns: entry.textColumns, chunkSize, onNote: (line) => notes.push(line) }
			);
			const columns = table.columns.map((column) => ({ name: column.name, type: column.type, values: Array.from(column.values as ArrayLike<number | string>) }));
			const expected = entry.columns.map((column) =>
				column.type === 'text' ? column : { ...column, values: column.values.map((value) => (value === null ? NaN : Math.fround(value))) }
			);
			expect(columns, `chunk size ${chunkSize}`).toEqual(expected);
			expect(table.labelName).toBe(entry.label);
			// Numeric classes are named by their number as JavaScript writes it (1, not 1.0).
			expect(table.classes).toEqual(entry.classes.map((name) => String(name)));
			expect(Array.from(table.labels)).toEqual(entry.labels);
		}
	});
});
