/**
 * The page's one connection to the workspace database, shared by the workbench and the pages,
 * and the notices a user must see about it (another tab blocking an upgrade, or closing us).
 */
import { openStore, type Store } from './database';

let opening: Promise<Store> | null = null;
const noticeListeners = new Set<(message: string) => void>();
let lastNotice: string | null = null;

function notice(message: string): void {
	lastNotice = message;
	for (const listener of noticeListeners) listener(message);
}

export function sharedStore(): Promise<Store> {
	opening ??= openStore({ onBlocked: notice, onClosed: notice });
	return opening;
}

/** Calls `listener` with the current notice, if any, and every later one; returns the unsubscribe. */
export function onStoreNotice(listener: (message: string) => void): () => void {
	noticeListeners.add(listener);
	if (lastNotice) listener(lastNotice);
	return () => noticeListeners.delete(listener);
}
