/**
 * The texts pandas' `read_csv` reads as missing by default (`pandas.io.parsers` `STR_NA_VALUES`,
 * the `na_values` documentation of `read_csv`; 'None' since pandas 2.0): a numeric cell holding one of them is NaN, the
 * missing value of `data/missing.ts`. Unlike pandas, the cell is trimmed first (pandas reads
 * ' NA' as text and the whole column as text, which a numeric feature cannot be: refusing it
 * helps no one).
 */
export const PANDAS_NA_VALUES: ReadonlySet<string> = new Set([
	'',
	'#N/A',
	'#N/A N/A',
	'#NA',
	'-1.#IND',
	'-1.#QNAN',
	'-NaN',
	'-nan',
	'1.#IND',
	'1.#QNAN',
	'<NA>',
	'N/A',
	'NA',
	'NULL',
	'NaN',
	'None',
	'n/a',
	'nan',
	'null'
]);

/** Whether a trimmed cell is one of pandas' default missing values. */
export const isMissingText = (trimmed: string): boolean => PANDAS_NA_VALUES.has(trimmed);
