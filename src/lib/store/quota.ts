/**
 * Space: what the browser grants, whether it may evict the workspace, and what each store
 * holds, so a "quota exceeded" says where the space went instead of failing silently.
 */
import { databaseOf, type Store } from './database';
import { STORE_NAMES, type StoreName } from './schema';
import { formatBytes } from '../notebook/data';

export interface StorageEstimate {
	usage: number | null;
	quota: number | null;
}

export async function estimateStorage(): Promise<StorageEstimate> {
	if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return { usage: null, quota: null };
	const estimate = await navigator.storage.estimate();
	return { usage: estimate.usage ?? null, quota: estimate.quota ?? null };
}

/** Asks the browser not to evict the workspace under storage pressure; the answer is shown to the user. */
export async function requestPersistence(): Promise<'persisted' | 'refused' | 'unsupported'> {
	if (typeof navigator === 'undefined' || !navigator.storage?.persist) return 'unsupported';
	if (await navigator.storage.persisted()) return 'persisted';
	return (await navigator.storage.persist()) ? 'persisted' : 'refused';
}

/** Approximate bytes of a structured value: typed arrays by their length, strings by UTF-16 length. */
export function approximateBytes(value: unknown, depth = 0): number {
	if (value === null || value === undefined || depth > 12) return 0;
	if (typeof value === 'string') return value.length * 2;
	if (typeof value === 'number') return 8;
	if (typeof value === 'boolean') return 4;
	if (ArrayBuffer.isView(value)) return value.byteLength;
	if (value instanceof ArrayBuffer) return value.byteLength;
	if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + approximateBytes(item, depth + 1), 0);
	if (typeof value === 'object') {
		let sum = 0;
		for (const [key, item] of Object.entries(value)) sum += key.length * 2 + approximateBytes(item, depth + 1);
		return sum;
	}
	return 0;
}

export interface StoreSpace {
	store: StoreName;
	records: number;
	bytes: number;
}

/** Walks every store once (read-only); slow for big workspaces, so only on demand. */
export async function spacePerStore(store: Store): Promise<StoreSpace[]> {
	const db = databaseOf(store);
	const spaces: StoreSpace[] = [];
	for (const name of STORE_NAMES) {
		let records = 0;
		let bytes = 0;
		let cursor = await db.transaction(name).store.openCursor();
		while (cursor) {
			records++;
			bytes += approximateBytes(cursor.value);
			cursor = await cursor.continue();
		}
		spaces.push({ store: name, records, bytes });
	}
	return spaces;
}

/** The app's one byte formatter (SI units), re-exported for the storage views. */
export { formatBytes };

export async function quotaExceededMessage(store: Store): Promise<string> {
	const [spaces, estimate] = await Promise.all([spacePerStore(store).catch(() => []), estimateStorage()]);
	const used = spaces
		.filter((space) => space.records > 0)
		.sort((a, b) => b.bytes - a.bytes)
		.map((space) => `${space.store} ${formatBytes(space.bytes)} (${space.records})`)
		.join(', ');
	const total = estimate.usage !== null && estimate.quota !== null ? ` — ${formatBytes(estimate.usage)} of ${formatBytes(estimate.quota)} used` : '';
	return `the browser's storage quota is full${total}; nothing was written and nothing stored was lost. Space per store: ${used || 'unknown'}. Delete old dataset or model versions, or clear the output cache, and try again.`;
}
