/**
 * Which kept notebook is "the open notebook" for a page loaded without naming one (`/notebook`
 * with no id, example or file; the datasets page; the start page before "Notebook" is clicked):
 * the one the user last opened or worked on in this browser.
 *
 * It is a pointer of its own, not the most recently saved record: a record is written only when
 * its text changes (saving an unchanged text keeps its `updatedAt`, which the start page shows as
 * "saved …"), so opening a kept notebook again, or running it unchanged, left whichever other
 * notebook was saved last as the open one after a reload.
 */
import type { NotebookRecord } from './records';

/** Where the pointer lives: an id, or null when none was remembered (or it cannot be read). */
export interface OpenPointer {
	get(): string | null;
	set(id: string): void;
}

const KEY = 'descent.openNotebook';

/** A pointer held in memory only: for tests, and where the browser keeps no localStorage. */
export function memoryOpenPointer(): OpenPointer {
	let id: string | null = null;
	return { get: () => id, set: (next) => (id = next) };
}

/**
 * The browser's pointer, in localStorage: shared by this origin's tabs, so a page opened in a new
 * tab shows the notebook opened last in any of them. localStorage may be missing (Node) or throw
 * (storage disabled): then the pointer is this page's own, and a reload falls back to the most
 * recently saved notebook.
 */
export function browserOpenPointer(): OpenPointer {
	const fallback = memoryOpenPointer();
	const storage = (): Storage | null => {
		try {
			return typeof localStorage === 'undefined' ? null : localStorage;
		} catch {
			return null;
		}
	};
	return {
		get() {
			try {
				return storage()?.getItem(KEY) ?? fallback.get();
			} catch {
				return fallback.get();
			}
		},
		set(id) {
			fallback.set(id);
			try {
				storage()?.setItem(KEY, id);
			} catch {
				// Full or disabled: this page still remembers it.
			}
		}
	};
}

/**
 * The open notebook among the kept ones (`notebooks` most recently saved first, as
 * `listNotebooks` gives them): the pointed one while it is kept, else the most recently saved
 * (it was forgotten, or nothing was remembered); null when none is kept.
 */
export function openNotebookOf(notebooks: readonly NotebookRecord[], pointer: string | null): NotebookRecord | null {
	return (pointer !== null ? notebooks.find((record) => record.id === pointer) : undefined) ?? notebooks[0] ?? null;
}
