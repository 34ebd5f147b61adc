/**
 * The store's heavy work on a worker of its own (store.worker.ts), started on first use: saving a
 * dataset version, the files kept with a notebook, and store/outputs.ts's OutputsBackend. On 10^6 rows × 32 columns, storing a
 * version froze the page 3.7 s (hashing, statistics, IndexedDB's clone), and IndexedDB's clone
 * of each cached table about a second per write and per reload read. Here the page copies a
 * value's typed arrays one at a time, yielding between them (each copy a few milliseconds), and
 * moves the copies to the worker; reads come back with their buffers moved. The page keeps its
 * own arrays: the scheduler still holds them. Calls run on the worker one at a time, in order.
 */
import * as Comlink from 'comlink';
import type { Table } from '../data/table';
import type { CellId } from '../notebook/types';
import { keepNotebookFile, notebookFiles } from '../store/notebook-files';
import type { Store } from '../store/database';
import { saveDatasetVersion, type DatasetSource, type SavedVersion } from '../store/datasets';
import type { OutputsBackend, StoredOutput } from '../store/outputs';
import { LazyWorker } from './lazy-worker';

export interface StoreWorkerApi {
	keepFile(storeName: string, notebookId: string, cell: CellId, file: File): Promise<void>;
	readFiles(storeName: string, notebookId: string): Promise<Map<CellId, File>>;
	saveVersion(storeName: string, name: string, table: Table, source: DatasetSource, now: number): Promise<SavedVersion>;
	readAll(name: string): Promise<unknown[]>;
	put(name: string, record: StoredOutput, evicted: readonly string[]): Promise<void>;
	clear(name: string): Promise<void>;
}

const worker = new LazyWorker<StoreWorkerApi>(() => new Worker(new URL('./store.worker.ts', import.meta.url), { type: 'module' }));

/** Copy at most this many bytes between yields to the page's event loop. */
const SLICE_BYTES = 8 << 20;

/**
 * A copy of `value` whose typed arrays own fresh buffers (listed in `buffers`, to be moved), copied
 * a few megabytes at a time between yields. Plain objects and arrays of objects are rebuilt;
 * anything else (strings, arrays of numbers or strings, Maps) is shared and left to the structured
 * clone. A view is copied as its own range only: the record reads the same.
 */
export async function copyForTransfer<T>(value: T, yieldNow: () => Promise<void> = nextTask, sliceBytes = SLICE_BYTES): Promise<{ copy: T; buffers: ArrayBuffer[] }> {
	const buffers: ArrayBuffer[] = [];
	let sinceYield = 0;
	const visit = async (item: unknown): Promise<unknown> => {
		if (item === null || typeof item !== 'object') return item;
		if (ArrayBuffer.isView(item) && !(item instanceof DataView)) {
			if (sinceYield >= sliceBytes) {
				await yieldNow();
				sinceYield = 0;
			}
			const copy = (item as unknown as { slice(): ArrayBufferView }).slice();
			sinceYield += copy.byteLength;
			buffers.push(copy.buffer as ArrayBuffer);
			return copy;
		}
		if (Array.isArray(item)) {
			if (item.length === 0 || typeof item[0] !== 'object' || item[0] === null) return item;
			const out: unknown[] = [];
			for (const child of item) out.push(await visit(child));
			return out;
		}
		const prototype = Object.getPrototypeOf(item) as unknown;
		if (prototype !== Object.prototype && prototype !== null) return item;
		const out: Record<string, unknown> = {};
		for (const [key, child] of Object.entries(item)) out[key] = await visit(child);
		return out;
	};
	return { copy: (await visit(value)) as T, buffers };
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Off the page's thread where there are workers; in place (store/outputs.ts) where not. */
export function outputsOffThread(fallback: OutputsBackend): OutputsBackend {
	if (typeof Worker === 'undefined') return fallback;
	return {
		readAll: (store: Store) => worker.api.readAll(store.name),
		async put(store: Store, record: StoredOutput, evicted: readonly string[]) {
			const { copy, buffers } = await copyForTransfer(record);
			await worker.api.put(store.name, Comlink.transfer(copy, buffers), [...evicted]);
		},
		clear: (store: Store) => worker.api.clear(store.name)
	};
}

/** saveDatasetVersion (same arguments, same result) on the store's worker; in place where there are no workers. */
export async function saveVersionOffThread(store: Store, name: string, table: Table, source: DatasetSource, now = Date.now()): Promise<SavedVersion> {
	if (typeof Worker === 'undefined') return saveDatasetVersion(store, name, table, source, now);
	const { copy, buffers } = await copyForTransfer(table);
	return worker.api.saveVersion(store.name, name, Comlink.transfer(copy, buffers), { ...source }, now);
}

/**
 * notebook-files.ts on the store's worker: a File crosses as a reference, and the worker reads its
 * bytes and writes them (a 216 MB CSV froze the page about a second when attached, and half a
 * second per read at each reload). In place where there are no workers.
 */
export const keptFilesOffThread = {
	keep: (store: Store, notebookId: string, cell: CellId, file: File): Promise<void> =>
		typeof Worker === 'undefined' ? keepNotebookFile(store, notebookId, cell, file) : worker.api.keepFile(store.name, notebookId, cell, file),
	read: (store: Store, notebookId: string): Promise<Map<CellId, File>> =>
		typeof Worker === 'undefined' ? notebookFiles(store, notebookId) : worker.api.readFiles(store.name, notebookId)
};
