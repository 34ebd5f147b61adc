/**
 * The files attached to the dataset cells of a kept notebook. A notebook is kept as its text,
 * which names no file, so without these a reload would find its CSV cells empty and every cell
 * below them recomputed (or, with no file, not run at all). The bytes, name and modification
 * time are kept, so the file read back is the one attached: same content, same output keys.
 */
import type { CellId } from '../notebook/types';
import { databaseOf, write, type Store } from './database';
import { notebookFileSchema, parseAll } from './records';

/**
 * Keeps `file` for the notebook's dataset cell. The file itself is stored, a Blob, not its bytes:
 * IndexedDB keeps a Blob's contents out of line and copies them off the page's thread, where an
 * array of bytes is cloned on the page and refused above about 127 MiB (Chromium's limit on one
 * value), which lost a 226 MB CSV with an AbortError.
 */
export async function keepNotebookFile(store: Store, notebookId: string, cell: CellId, file: File): Promise<void> {
	await write(store, ['notebookFiles'], 'notebooks', async (transaction) => {
		await transaction.objectStore('notebookFiles').put({ notebookId, cell, name: file.name, type: file.type, lastModified: file.lastModified, bytes: file });
	});
}

/** The kept files of a notebook by cell; a damaged record is skipped (the cell asks for its file). */
export async function notebookFiles(store: Store, notebookId: string): Promise<Map<CellId, File>> {
	const raw = await databaseOf(store).getAllFromIndex('notebookFiles', 'byNotebook', notebookId);
	const { records } = parseAll(notebookFileSchema, raw, (_record, index) => `notebookFiles[${index}]`);
	const files = new Map<CellId, File>();
	for (const record of records) {
		const contents = record.bytes instanceof Blob ? record.bytes : (record.bytes as Uint8Array<ArrayBuffer>);
		files.set(record.cell as CellId, new File([contents], record.name, { type: record.type, lastModified: record.lastModified }));
	}
	return files;
}
