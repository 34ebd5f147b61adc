/**
 * A dataset file's header as the column pickers show it: its columns in order, and those its
 * schema declares as strings. A typed file (Parquet, Arrow) is read by the same column rules as a
 * CSV (a declared string column is text only when listed under "Text columns"); the declaration
 * lets the pickers mark such a column and a refusal say why the column holds text.
 */
export interface DatasetHeader {
	columns: string[];
	/**
	 * Columns declared as strings (Parquet STRING/UTF8, ENUM, JSON; Arrow Utf8, LargeUtf8,
	 * Utf8View, a dictionary of those); none for a CSV, which declares nothing.
	 */
	stringColumns: string[];
}
