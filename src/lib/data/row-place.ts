/**
 * How every message names a row, one convention for the whole workbench (dataset, validate,
 * predict's serving check, evaluate): a **data row** is counted from 1 at the first row after
 * the header — as the validate report, the predictions table and pandas' positional index + 1
 * count — and where the row comes straight from a text file, its **line of the file** follows,
 * counting the header as line 1 as a spreadsheet and pandas' parser errors do (blank lines
 * count, a quoted line break does not start a new line). So "data row 5 (line 6 of the file)":
 * both numbers, each said by name, so no reader has to guess which one is meant.
 */

/** "data row 5 (line 6 of the file)"; "data row 5" where the file has no lines (Parquet, Arrow) or none is known. */
export function dataRowPlace(dataRow: number, line: number | null = null): string {
	return line === null ? `data row ${dataRow}` : `data row ${dataRow} (line ${line} of the file)`;
}

/** "the header (line 1 of the file)"; "the header" where the file has no lines. */
export function headerPlace(line: number | null = null): string {
	return line === null ? 'the header' : `the header (line ${line} of the file)`;
}

/**
 * "data row 17", "data rows 17, 240, 981" or "data rows 1, 2, 3, 4, 5, …" when `count` rows are
 * involved and only the first are listed (1-based data rows).
 */
export function dataRowList(rows: readonly number[], count: number): string {
	return `data row${count === 1 ? '' : 's'} ${rows.join(', ')}${count > rows.length ? ', …' : ''}`;
}
