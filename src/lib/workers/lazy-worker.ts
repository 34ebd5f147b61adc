/**
 * A Comlink worker started on first use and stopped on demand. The factory stays at the call
 * site: Vite bundles a worker only from a literal `new Worker(new URL('./x.worker.ts', import.meta.url))`.
 */
import * as Comlink from 'comlink';

export class LazyWorker<Api> {
	#make: () => Worker;
	#worker: Worker | null = null;
	#api: Comlink.Remote<Api> | null = null;

	constructor(make: () => Worker) {
		this.#make = make;
	}

	get api(): Comlink.Remote<Api> {
		if (!this.#api) {
			this.#worker = this.#make();
			this.#api = Comlink.wrap<Api>(this.#worker);
		}
		return this.#api;
	}

	terminate(): void {
		this.#worker?.terminate();
		this.#worker = null;
		this.#api = null;
	}
}
