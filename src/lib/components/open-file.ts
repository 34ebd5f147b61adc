/** Reads the first notebook file of a drop or a file input. */
export async function readNotebookFile(files: ArrayLike<File> | null | undefined): Promise<{ name: string; text: string } | null> {
	const file = files?.[0];
	if (!file) return null;
	return { name: file.name, text: await file.text() };
}

/**
 * The files just chosen in a file input, and the input emptied: a browser fires no change event
 * when the same file is chosen twice, so without this, choosing it again (after editing it on
 * disk, or to reopen it) would do nothing.
 */
export function takeChosenFiles(input: HTMLInputElement): File[] {
	const files = [...(input.files ?? [])];
	input.value = '';
	return files;
}

/**
 * The first line of a refused notebook file's message. "The open notebook is unchanged" only
 * when one is open (it has cells): on the start page with nothing open it would promise a
 * notebook the user cannot find.
 */
export function refusalHeadline(fileName: string, notebookOpen: boolean): string {
	return notebookOpen ? `Could not open ${fileName}; the open notebook is unchanged.` : `Could not open ${fileName}.`;
}
