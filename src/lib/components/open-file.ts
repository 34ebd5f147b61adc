/** Reads the first notebook file of a drop or a file input. */
export async function readNotebookFile(files: FileList | null | undefined): Promise<{ name: string; text: string } | null> {
	const file = files?.[0];
	if (!file) return null;
	return { name: file.name, text: await file.text() };
}
