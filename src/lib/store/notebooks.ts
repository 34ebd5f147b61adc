/**
 * The user's notebooks, autosaved. A notebook is kept as its file text (the same format as
 * "Save to file"), so reading one back goes through the notebook parser like any file.
 */
import { hashString } from '../ml/hash';
import { databaseOf, write, type Store } from './database';
import { notebookRecordSchema, parseAll, type NotebookRecord, type Unreadable } from './records';

export const notebookHash = (text: string): string => hashString(text);

export async function saveNotebook(store: Store, id: string, title: string, text: string, now = Date.now()): Promise<NotebookRecord> {
	const hash = notebookHash(text);
	return write(store, ['notebooks'], 'notebooks', async (transaction) => {
		const notebooks = transaction.objectStore('notebooks');
		const existing = await notebooks.get(id);
		if (existing?.hash === hash && existing.title === title) return existing;
		const record = { id, title, hash, text, createdAt: existing?.createdAt ?? now, updatedAt: now };
		await notebooks.put(record);
		return record;
	});
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
	await write(store, ['notebooks'], 'notebooks', async (transaction) => {
		await transaction.objectStore('notebooks').delete(id);
	});
}
