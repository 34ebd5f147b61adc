/**
 * Missing values. A numeric cell that is missing is NaN in its column (as pandas reads empty,
 * `NA`, `NaN`, `null`, …); text and sparse columns have no missing values of their own (an empty
 * text is an empty document). Nothing trains or scores on a NaN silently: the cells that cannot
 * take one call `assertNoMissing`, which names the columns and how many rows miss each.
 */
import type { Column, Table } from './table';

/** How many rows of `column` are missing (NaN); 0 for text and sparse columns. O(rows). */
export function countMissing(column: Column): number {
	if (column.type !== 'numeric') return 0;
	let missing = 0;
	const values = column.values;
	for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) missing++;
	return missing;
}

export interface MissingColumn {
	name: string;
	/** Rows where the column is missing. */
	count: number;
	/** count / rowCount, 0..1. */
	share: number;
}

/** The columns of `table` with at least one missing value, in column order. */
export function missingColumns(table: Pick<Table, 'columns' | 'rowCount'>): MissingColumn[] {
	const found: MissingColumn[] = [];
	for (const column of table.columns) {
		const count = countMissing(column);
		if (count > 0) found.push({ name: column.name, count, share: table.rowCount === 0 ? 0 : count / table.rowCount });
	}
	return found;
}

/** "a (3 of 100 rows), b (1 of 100 rows)": the columns as an error or a log line names them. */
export function describeMissing(columns: readonly MissingColumn[], rowCount: number): string {
	return columns.map(({ name, count }) => `'${name}' (${count} of ${rowCount} rows)`).join(', ');
}

/**
 * Throws when any feature column of `table` has a missing value, naming each such column and
 * its count, and what to do about it (an impute cell). `what` names the data in the message,
 * e.g. "the train split" or "table 'reviews'".
 */
export function assertNoMissing(table: Pick<Table, 'columns' | 'rowCount'>, what: string): void {
	const columns = missingColumns(table);
	if (columns.length === 0) return;
	throw new Error(
		`${what} has missing values in ${describeMissing(columns, table.rowCount)}: ` +
			'add an impute cell before this one (it fills them from the training rows), or drop those rows from the file'
	);
}
