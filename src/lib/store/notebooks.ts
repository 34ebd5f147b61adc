/**
 * The user's notebooks, autosaved. A notebook is kept as its file text (the same format as
 * "Save to file"), so reading one back goes through the notebook parser like any file; the
 * files attached to its cells are kept beside it (`notebook-files.ts`).
 */
import { hashString } from '../ml/hash';
import { databaseOf, write, type Store } from './database';
import { notebookRecordSchema, parseAll, type NotebookRecord, type Unreadable } from './records';

export const notebookHash = (text: string): string => hashString(text);

/** The stored notebook changed since the saving tab read it (`basedOn`); nothing was written. */
export class NotebookConflict extends Error {
	constructor(
		readonly id: string,
		readonly stored: NotebookRecord
	) {
		super(`notebook '${id}' was changed in another tab`);
	}
}

/**
 * Saves a notebook's text under its id. `basedOn`, when given, is the hash of the stored text
 * this text was edited from (null: none); a stored text that is neither throws NotebookConflict.
 * `cells`, when given, are the cells it has now: files kept for cells no longer there are
 * dropped in the same transaction.
 */
export async function saveNotebook(
	store: Store,
	id: string,
	title: string,
	text: string,
	{ now = Date.now(), cells, basedOn }: { now?: number; cells?: readonly string[]; basedOn?: string | null } = {}
): Promise<NotebookRecord> {
	const hash = notebookHash(text);
	return write(store, ['notebooks', 'notebookFiles'], 'notebooks', async (transaction) => {
		// Another tab saved this notebook since this one read it: refuse rather than overwrite its edits.
		if (basedOn !== undefined) {
			const stored = await transaction.objectStore('notebooks').get(id);
			if (stored && stored.hash !== hash && stored.hash !== basedOn) throw new NotebookConflict(id, stored);
		}
		if (cells) {
			const files = transaction.objectStore('notebookFiles');
			for (const key of await files.index('byNotebook').getAllKeys(id)) if (!cells.includes(key[1])) await files.delete(key);
		}
		const notebooks = transaction.objectStore('notebooks');
		const existing = await notebooks.get(id);
		if (existing?.hash === hash && existing.title === title) return existing;
		const record = { id, title, hash, text, createdAt: existing?.createdAt ?? now, updatedAt: now };
		await notebooks.put(record);
		return record;
	});
}

/**
 * Saves a notebook for a page being left: its one request is issued and committed before this
 * returns. Chromium aborts a transaction still open when its page goes, and the tasks that would
 * follow an awaited read never run there, so the caller gives the record whole.
 */
export function saveNotebookNow(store: Store, record: NotebookRecord): Promise<void> {
	const transaction = databaseOf(store).transaction('notebooks', 'readwrite');
	// A failed put fails the transaction too: `done` reports it.
	transaction.store.put(record).catch(() => undefined);
	transaction.commit();
	return transaction.done.then(() => store.announce('notebooks'));
}

/** Most recently saved first. */
export async function listNotebooks(store: Store): Promise<{ notebooks: NotebookRecord[]; unreadable: Unreadable[] }> {
	const raw = await databaseOf(store).getAll('notebooks');
	const { records, unreadable } = parseAll(notebookRecordSchema, raw, (record, index) => `notebooks['${(record as { id?: string })?.id ?? index}']`);
	return { notebooks: records.sort((a, b) => b.updatedAt - a.updatedAt), unreadable };
}

export async function getNotebook(store: Store, id: string): Promise<NotebookRecord | null> {
	const { notebooks } = await listNotebooks(store);
	return notebooks.find((record) => record.id === id) ?? null;
}

export async function deleteNotebook(store: Store, id: string): Promise<void> {
	await write(store, ['notebooks', 'notebookFiles'], 'notebooks', async (transaction) => {
		await transaction.objectStore('notebooks').delete(id);
		const files = transaction.objectStore('notebookFiles');
		for (const key of await files.index('byNotebook').getAllKeys(id)) await files.delete(key);
	});
}
