/// <reference lib="webworker" />
/**
 * The output cache's IndexedDB reads and writes off the main thread (see outputs-client.ts): the
 * same database (by name), schema and transactions as on the page (store/outputs.ts), on this
 * worker's own connection. Records read are handed to the page, their buffers moved, not copied.
 */
import * as Comlink from 'comlink';
import { openStore, type Store } from '../store/database';
import { outputsInPlace } from '../store/outputs';
import type { OutputsWorkerApi } from './outputs-client';
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

const api: OutputsWorkerApi = {
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
