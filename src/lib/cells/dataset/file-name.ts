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
