/**
 * A dataset's name from the file a user attached: "New Reviews (2).csv" → "new-reviews-2". The
 * name keys the dataset's versions in the store and `--data NAME=file` in a headless run, so it
 * keeps to lower-case letters, digits, '-' and '_'; a file name with none of those gives null.
 */
export function datasetNameFromFile(fileName: string): string | null {
	const stem = fileName.replace(/\.(csv|tsv|txt|parquet|arrow|feather)$/i, '');
	const name = stem
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9_]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 64);
	return name === '' ? null : name;
}

/** The dataset cell's "Name" until a file or the user gives it another (the field's default). */
export const DEFAULT_DATASET_NAME = 'data';

/**
 * The name a dataset cell named `name` takes when the file `fileName` is attached in place of
 * `previousFileName` (null: no file before): the new file's, while the name is one a file gave it
 * (still the default "data", or the name `previousFileName` gives), so a replaced file is not
 * versioned under the old file's name; null when the name stays: one the user typed, or a new
 * file name that gives none (see `datasetNameFromFile`).
 */
export function datasetNameOnAttach(name: unknown, fileName: string, previousFileName: string | null): string | null {
	const next = datasetNameFromFile(fileName);
	if (next === null) return null;
	const current = name ?? DEFAULT_DATASET_NAME;
	const fromFile = current === DEFAULT_DATASET_NAME || (previousFileName !== null && current === datasetNameFromFile(previousFileName));
	return fromFile ? next : null;
}
