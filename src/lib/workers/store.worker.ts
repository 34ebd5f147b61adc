/// <reference lib="webworker" />
/**
 * The store's heavy work off the main thread (see store-client.ts): saving a dataset version
 * (hash, statistics and write: store/datasets.ts) and the output cache's reads and writes
 * (store/outputs.ts), with the same database (by name), schema and transactions as on the page,
 * on this worker's own connection; its writes are announced to the page like another tab's.
 * Records read are handed to the page with their buffers moved, not copied.
 */
import * as Comlink from 'comlink';
import { openStore, type Store } from '../store/database';
import { saveDatasetVersion } from '../store/datasets';
import { keepNotebookFile, notebookFiles } from '../store/notebook-files';
import { outputsInPlace } from '../store/outputs';
import type { StoreWorkerApi } from './store-client';
import { transferablesOf } from './transferables';

const stores = new Map<string, Promise<Store>>();

function storeNamed(name: string): Promise<Store> {
	let store = stores.get(name);
	if (!store) {
		// A newer version opened elsewhere closes this connection: the next call opens it again.
		store = openStore({ name, onClosed: () => stores.delete(name) });
		store.catch(() => stores.delete(name));
		stores.set(name, store);
	}
	return store;
}

const api: StoreWorkerApi = {
	async keepFile(storeName, notebookId, cell, file) {
		await keepNotebookFile(await storeNamed(storeName), notebookId, cell, file);
	},
	async readFiles(storeName, notebookId) {
		// Files cross to the page as references to their bytes, not copies.
		return notebookFiles(await storeNamed(storeName), notebookId);
	},
	async saveVersion(storeName, name, table, source, now) {
		return saveDatasetVersion(await storeNamed(storeName), name, table, source, now);
	},
	async readAll(name) {
		const records = await outputsInPlace.readAll(await storeNamed(name));
		return Comlink.transfer(records, transferablesOf(records));
	},
	async put(name, record, evicted) {
		await outputsInPlace.put(await storeNamed(name), record, evicted);
	},
	async clear(name) {
		await outputsInPlace.clear(await storeNamed(name));
	}
};
Comlink.expose(api);
