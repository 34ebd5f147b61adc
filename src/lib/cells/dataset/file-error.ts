/**
 * An error from reading a dataset's file, named by the file. The readers (csv.ts, parquet.ts,
 * arrow.ts) name a row, a column or the header ("data row 2 (line 3 of the file) has 4 fields,
 * header has 3"), and some name the file as well ("the file 'empty.csv' is empty",
 * "points.arrow: the Arrow file is damaged: …"). In a headless run with several `--data` files
 * only the message is printed, so the dataset cell puts the file's name before every message
 * that does not name it already: "orders.csv: data row 2 (line 3 of the file) has 4 fields, …".
 */

/**
 * Whether `message` already names the file `fileName`: it opens with the name as the readers
 * write it ("orders.csv: …", and a binary file's "photo.png looks like a PNG image, …" or
 * "blob.csv does not look like text: …"), or it says "the file 'orders.csv'" anywhere.
 */
export function namesFile(message: string, fileName: string): boolean {
	if (message.includes(`the file '${fileName}'`)) return true;
	if (!message.startsWith(fileName)) return false;
	const rest = message.slice(fileName.length);
	return rest.startsWith(':') || rest.startsWith(' looks like ') || rest.startsWith(' does not look like ');
}

/**
 * `error` (anything thrown while reading `fileName`) as an Error whose message names the file:
 * "`fileName`: message", or the error itself where its message names the file already. The
 * original error is kept as the new one's `cause`.
 */
export function namingFile(error: unknown, fileName: string): Error {
	const message = error instanceof Error ? error.message : String(error);
	if (error instanceof Error && namesFile(message, fileName)) return error;
	if (namesFile(message, fileName)) return new Error(message, { cause: error });
	return new Error(`${fileName}: ${message}`, { cause: error });
}
