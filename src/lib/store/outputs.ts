/**
 * The scheduler's output cache, kept across reloads. The scheduler reads it synchronously, so a
 * Map stays in front: `load()` fills it from IndexedDB at start, `set` writes to the Map at once
 * and to IndexedDB in the background (one write at a time, in order). Least recently used
 * outputs beyond `limit` are evicted from both.
 *
 * The IndexedDB traffic goes through an OutputsBackend: in place by default; the workbench gives
 * one that runs on a worker (workers/outputs-client.ts), because IndexedDB clones a value on the
 * calling thread, a second or more of frozen page per 10^6-row table written or read back.
 */
import type { CachedOutput, OutputCache } from '../dag/scheduler';
import { databaseOf, messageOf, write, type Store } from './database';
import { outputRecordSchema, parseAll, type OutputRecord, type Unreadable } from './records';

export class PersistentOutputCache implements OutputCache {
	#memory = new Map<string, CachedOutput & { usedAt: number }>();
	#store: Promise<Store>;
	#limit: number;
	#queue: Promise<void> = Promise.resolve();
	#onError: (message: string) => void;

	#backend: OutputsBackend;

	constructor(store: Store | Promise<Store>, options: { limit?: number; onError?: (message: string) => void; backend?: OutputsBackend } = {}) {
		this.#store = Promise.resolve(store);
		this.#limit = options.limit ?? 64;
		this.#onError = options.onError ?? (() => {});
		this.#backend = options.backend ?? outputsInPlace;
	}

	/** Reads the stored outputs into memory; unreadable ones are skipped (and recomputed when needed). */
	async load(): Promise<Unreadable[]> {
		const raw = await this.#backend.readAll(await this.#store);
		const { records, unreadable } = parseAll(outputRecordSchema, raw, (record, index) => `outputs['${(record as { key?: string })?.key ?? index}']`);
		for (const record of records.sort((a, b) => a.usedAt - b.usedAt)) {
			if (!this.#memory.has(record.key)) this.#memory.set(record.key, { value: record.value, summary: record.summary, usedAt: record.usedAt });
		}
		return unreadable;
	}

	has(key: string): boolean {
		return this.#memory.has(key);
	}

	get(key: string): CachedOutput | undefined {
		const entry = this.#memory.get(key);
		if (!entry) return undefined;
		return { value: entry.value, summary: entry.summary };
	}

	set(key: string, output: CachedOutput): void {
		const usedAt = Date.now();
		this.#memory.delete(key);
		this.#memory.set(key, { ...output, usedAt });
		const evicted: string[] = [];
		for (const old of this.#memory.keys()) {
			if (this.#memory.size - evicted.length <= this.#limit) break;
			evicted.push(old);
		}
		for (const old of evicted) this.#memory.delete(old);
		this.#enqueue(async () => this.#backend.put(await this.#store, { key, value: output.value, summary: output.summary, usedAt }, evicted));
	}

	async clear(): Promise<void> {
		this.#memory.clear();
		this.#enqueue(async () => this.#backend.clear(await this.#store));
		await this.flush();
	}

	/** Resolves when every background write so far has finished. */
	flush(): Promise<void> {
		return this.#queue;
	}

	#enqueue(task: () => Promise<unknown>): void {
		this.#queue = this.#queue.then(task).then(
			() => undefined,
			(error: unknown) => this.#onError(`the output cache could not be saved: ${messageOf(error)}`)
		);
	}
}

/** A record of the `outputs` store as written: a cell's output under its cache key. */
export interface StoredOutput {
	key: string;
	value: unknown;
	summary: unknown;
	usedAt: number;
}

/** Where the cache's IndexedDB reads and writes run; each is one transaction, all or nothing. */
export interface OutputsBackend {
	/** Every stored record, unparsed (the cache checks them). */
	readAll(store: Store): Promise<unknown[]>;
	/** Deletes `evicted` and puts `record`, in one transaction; must not change `record`. */
	put(store: Store, record: StoredOutput, evicted: readonly string[]): Promise<void>;
	clear(store: Store): Promise<void>;
}

/** The backend on the calling thread: the page's, or the worker's own (workers/outputs.worker.ts). */
export const outputsInPlace: OutputsBackend = {
	readAll: (store) => databaseOf(store).getAll('outputs'),
	put: (store, record, evicted) =>
		write(store, ['outputs'], 'outputs', async (transaction) => {
			const outputs = transaction.objectStore('outputs');
			for (const old of evicted) await outputs.delete(old);
			await outputs.put(record as OutputRecord);
		}),
	clear: (store) => write(store, ['outputs'], 'outputs', (transaction) => transaction.objectStore('outputs').clear())
};
