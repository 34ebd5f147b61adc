/**
 * Opening the workspace database, and the one way to write to it. A `Store` is an opaque
 * handle: the IndexedDB connection stays inside `src/lib/store`, pages call the small functions
 * of datasets.ts, models.ts, runs.ts… Two tabs stay consistent: a newer version opened in another
 * tab closes this connection (versionchange) and says so, an older tab holding the database
 * open makes the upgrade wait (blocked) and says so, and every write is announced to the other
 * tabs on a BroadcastChannel so their lists reload.
 */
import { openDB, type IDBPTransaction } from 'idb';
import { DB_NAME, DB_VERSION, upgrade, type DescentDatabase, type DescentSchema, type StoreName } from './schema';
import { quotaExceededMessage } from './quota';

/** What a write touched, announced to every tab (this one included) so lists reload. */
export type StoreArea = 'datasets' | 'models' | 'runs' | 'notebooks' | 'outputs' | 'triggers' | 'all';
export type ChangeListener = (area: StoreArea) => void;

export interface OpenOptions {
	/** Database name; tests use a fresh one each. */
	name?: string;
	/** Another tab holds an older version open, so this one waits. */
	onBlocked?: (message: string) => void;
	/** Another tab opened a newer version: this connection is closed; the page should reload. */
	onClosed?: (message: string) => void;
}

/** A failed store operation, with a message a user can act on. */
export class StoreError extends Error {
	override name = 'StoreError';
}

const CHANNEL = 'descent-store';
const connections = new WeakMap<Store, DescentDatabase>();

export class Store {
	readonly name: string;
	#channel: BroadcastChannel | null;
	#listeners = new Set<ChangeListener>();

	constructor(db: DescentDatabase, name: string) {
		this.name = name;
		connections.set(this, db);
		this.#channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`${CHANNEL}:${name}`);
		this.#channel?.addEventListener('message', (event: MessageEvent<{ area?: StoreArea }>) => {
			const area = event.data?.area;
			if (area) this.#notify(area);
		});
	}

	/** Listens to changes made here and in other tabs; returns the unsubscribe. */
	onChange(listener: ChangeListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	announce(area: StoreArea): void {
		this.#channel?.postMessage({ area });
		this.#notify(area);
	}

	close(): void {
		this.#channel?.close();
		this.#channel = null;
		connections.get(this)?.close();
	}

	#notify(area: StoreArea): void {
		for (const listener of this.#listeners) listener(area);
	}
}

export async function openStore(options: OpenOptions = {}): Promise<Store> {
	const name = options.name ?? DB_NAME;
	if (typeof indexedDB === 'undefined') throw new StoreError('this browser has no IndexedDB: nothing can be kept between visits');
	let store: Store | null = null;
	const db = await openDB<DescentSchema>(name, DB_VERSION, {
		upgrade: (database, oldVersion, _newVersion, transaction) => upgrade(database, oldVersion, transaction),
		blocked: () => options.onBlocked?.('another Descent tab has the workspace open with an older version: close or reload it to continue'),
		blocking: () => {
			// Let the newer tab upgrade; this one can no longer read or write.
			store?.close();
			options.onClosed?.('Descent was updated in another tab: reload this page to keep working');
		},
		terminated: () => options.onClosed?.('the browser closed the workspace database: reload this page')
	}).catch((error: unknown) => {
		throw new StoreError(`cannot open the workspace database '${name}': ${messageOf(error)}`);
	});
	store = new Store(db, name);
	return store;
}

/** The connection behind a handle: for the modules of src/lib/store only. */
export function databaseOf(store: Store): DescentDatabase {
	const db = connections.get(store);
	if (!db) throw new StoreError('the workspace database is closed');
	return db;
}

export function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** A read-write transaction over the named stores. */
export type WriteTransaction<Names extends StoreName[]> = IDBPTransaction<DescentSchema, Names, 'readwrite'>;

/**
 * One read-write transaction over `names`: `body` issues its requests, and either all of them
 * commit or none do (a throw aborts). `body` must await only IndexedDB requests, or the
 * transaction commits early: hash and compute before calling this.
 */
export async function write<Names extends StoreName[], Result>(
	store: Store,
	names: Names,
	area: StoreArea,
	body: (transaction: WriteTransaction<Names>) => Promise<Result>
): Promise<Result> {
	const db = databaseOf(store);
	const transaction = db.transaction(names, 'readwrite');
	// The browser may abort the transaction while `body` still awaits a request that then never
	// settles: Chromium, keeping a 226 MB attached file while a run started, fired an error at the
	// transaction and aborted it (UnknownError), and the put got no event. `body` then never
	// returned, this call never ended, and idb's `done` rejected with nobody listening (an
	// unhandled "AbortError" on the page). So `done` is observed from the start, and the abort,
	// with the browser's reason, ends this call whatever `body` awaits.
	transaction.done.catch(() => undefined);
	const aborted = new Promise<never>((_, reject) => {
		transaction.addEventListener('abort', () => reject(transaction.error ?? new StoreError('the browser aborted the write without saying why')), { once: true });
	});
	aborted.catch(() => undefined);
	let result: Result;
	try {
		result = await Promise.race([body(transaction), aborted]);
		await transaction.done;
	} catch (error) {
		try {
			transaction.abort();
		} catch {
			// Already finished or aborted: nothing of it was committed either way.
		}
		await transaction.done.catch(() => undefined);
		if (isQuotaExceeded(error)) throw new StoreError(await quotaExceededMessage(store));
		throw error;
	}
	store.announce(area);
	return result;
}

function isQuotaExceeded(error: unknown): boolean {
	return error instanceof DOMException ? error.name === 'QuotaExceededError' : (error as { name?: string } | null)?.name === 'QuotaExceededError';
}
