/**
 * The tab's trigger loop: checks the triggers every few seconds and whenever a dataset version
 * is stored (here or in another tab), claims what is due (store/triggers.ts: one
 * transaction, so two tabs never start the same firing), and runs the claimed firings one after
 * another. Schedules therefore run only while a Descent tab is open; times that pass with none
 * open are listed on their trigger. Time and timers are injected, so tests step them.
 */
import { messageOf, type Store } from '../store/database';
import { claimDue, recordFiring, type Firing } from '../store/triggers';

export interface TriggerLoopOptions {
	store: () => Promise<Store>;
	/** Runs a firing to its end; resolves with the id of the run it recorded. */
	run: (store: Store, firing: Firing) => Promise<string>;
	now?: () => number;
	/** How often the triggers are checked (ms). Schedules fire at most this late. */
	everyMs?: number;
	setInterval?: (callback: () => void, ms: number) => unknown;
	clearInterval?: (handle: unknown) => void;
}

/** What the loop is doing, for the page: the firing being run, how many wait, the last problem. */
export interface TriggerLoopStatus {
	running: Firing | null;
	waiting: number;
	lastError: string | null;
}

export const CHECK_EVERY_MS = 10_000;

export class TriggerLoop {
	#options: TriggerLoopOptions;
	#handle: unknown = null;
	#stopChange: () => void = () => {};
	/** A check under way; one more is asked for when something changes meanwhile. */
	#checking: Promise<void> | null = null;
	#again = false;
	#queue: Firing[] = [];
	#draining: Promise<void> | null = null;
	#status: TriggerLoopStatus = { running: null, waiting: 0, lastError: null };
	#listeners = new Set<(status: TriggerLoopStatus) => void>();

	constructor(options: TriggerLoopOptions) {
		this.#options = options;
	}

	get status(): TriggerLoopStatus {
		return this.#status;
	}

	get started(): boolean {
		return this.#handle !== null;
	}

	/** Listens to status changes; returns the unsubscribe. */
	subscribe(listener: (status: TriggerLoopStatus) => void): () => void {
		this.#listeners.add(listener);
		listener(this.#status);
		return () => this.#listeners.delete(listener);
	}

	async start(): Promise<void> {
		if (this.#handle !== null) return;
		const set = this.#options.setInterval ?? ((callback, ms) => setInterval(callback, ms));
		this.#handle = set(() => void this.check(), this.#options.everyMs ?? CHECK_EVERY_MS);
		const store = await this.#options.store();
		// Not on 'triggers': every check writes its progress there, and would start the next one.
		this.#stopChange = store.onChange((area) => (area === 'datasets' || area === 'all') && void this.check());
		await this.check();
	}

	stop(): void {
		if (this.#handle === null) return;
		(this.#options.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>)))(this.#handle);
		this.#handle = null;
		this.#stopChange();
	}

	/** Claims what is due now and queues it; resolves when the claim is made (not when the runs end). */
	check(): Promise<void> {
		if (this.#checking) {
			this.#again = true;
			return this.#checking;
		}
		this.#checking = (async () => {
			do {
				this.#again = false;
				try {
					const store = await this.#options.store();
					const firings = await claimDue(store, (this.#options.now ?? Date.now)());
					if (firings.length > 0) this.#enqueue(store, firings);
				} catch (error) {
					this.#set({ lastError: `triggers could not be checked: ${messageOf(error)}` });
				}
			} while (this.#again);
			this.#checking = null;
		})();
		return this.#checking;
	}

	/** Resolves when every queued firing has run. */
	idle(): Promise<void> {
		return this.#draining ?? Promise.resolve();
	}

	#enqueue(store: Store, firings: Firing[]): void {
		this.#queue.push(...firings);
		this.#set({ waiting: this.#queue.length });
		this.#draining ??= this.#drain(store).finally(() => (this.#draining = null));
	}

	async #drain(store: Store): Promise<void> {
		for (let firing = this.#queue.shift(); firing; firing = this.#queue.shift()) {
			this.#set({ running: firing, waiting: this.#queue.length });
			const now = this.#options.now ?? Date.now;
			try {
				const runId = await this.#options.run(store, firing);
				await recordFiring(store, firing.trigger.id, { runId }, now());
				this.#set({ lastError: null });
			} catch (error) {
				const message = `the run for trigger on '${firing.trigger.notebookTitle}' could not start: ${messageOf(error)}`;
				this.#set({ lastError: message });
				await recordFiring(store, firing.trigger.id, { error: messageOf(error) }, now()).catch(() => undefined);
			}
		}
		this.#set({ running: null, waiting: 0 });
	}

	#set(change: Partial<TriggerLoopStatus>): void {
		this.#status = { ...this.#status, ...change };
		for (const listener of this.#listeners) listener(this.#status);
	}
}
