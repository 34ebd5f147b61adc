/**
 * A pool of cell workers, one per core but the page's (see `defaultPoolSize`). Cancelling a running cell
 * terminates its worker (the work really stops) and a fresh worker takes its place.
 */
import * as Comlink from 'comlink';
import type { ExecutionHandle, ExecutionHooks, ExecutionRequest, Executor } from '../dag/run-types';
import type { CellWorkerApi, WorkerResult } from './protocol';

interface Slot {
	worker: Worker;
	api: Comlink.Remote<CellWorkerApi>;
	busy: boolean;
}

interface Waiting {
	start: (slot: Slot) => void;
	reject: (error: Error) => void;
}

export class CancelledError extends Error {
	constructor() {
		super('cancelled');
	}
}

/** Workers beyond this add memory (each holds its cells' inputs) faster than they add speed. */
const MAX_WORKERS = 8;

/**
 * One worker per core but one, so the page (its event loop, drawing, input) keeps a core while a
 * grid trains; at least 1, at most MAX_WORKERS. `cores` is navigator.hardwareConcurrency (absent
 * or 0 in some browsers: then 2 are assumed).
 */
export function defaultPoolSize(cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined): number {
	const available = cores && cores > 0 ? cores : 2;
	return Math.max(1, Math.min(available - 1, MAX_WORKERS));
}

export class WorkerPool implements Executor {
	#slots: Slot[] = [];
	#waiting: Waiting[] = [];
	#createWorker: () => Worker;
	readonly size: number;

	constructor(createWorker: () => Worker, size = defaultPoolSize()) {
		this.#createWorker = createWorker;
		this.size = size;
	}

	execute(request: ExecutionRequest, hooks: ExecutionHooks): ExecutionHandle {
		let cancel = (): void => {};
		const result = new Promise<WorkerResult>((resolve, reject) => {
			let settled = false;
			const waiting: Waiting = {
				reject,
				start: (slot) => {
					cancel = () => {
						if (settled) return;
						settled = true;
						this.#replace(slot);
						reject(new CancelledError());
					};
					slot.api
						.run(
							{
								kind: request.cell.kind,
								cell: { id: request.cell.id, title: request.cell.title },
								params: request.params,
								inputs: request.inputs,
								file: request.file
							},
							Comlink.proxy({ log: hooks.log, progress: hooks.progress })
						)
						.then(
							(value) => {
								if (settled) return;
								settled = true;
								this.#release(slot);
								resolve(value);
							},
							(error: unknown) => {
								if (settled) return;
								settled = true;
								this.#release(slot);
								reject(error instanceof Error ? error : new Error(String(error)));
							}
						);
				}
			};
			cancel = () => {
				if (settled) return;
				settled = true;
				this.#waiting = this.#waiting.filter((item) => item !== waiting);
				reject(new CancelledError());
			};
			const slot = this.#freeSlot();
			if (slot) waiting.start(slot);
			else this.#waiting.push(waiting);
		});
		return { result, cancel: () => cancel() };
	}

	/** Ends every worker; the pool makes new ones on demand. */
	terminate(): void {
		for (const slot of this.#slots) slot.worker.terminate();
		this.#slots = [];
		for (const waiting of this.#waiting) waiting.reject(new CancelledError());
		this.#waiting = [];
	}

	#freeSlot(): Slot | null {
		const idle = this.#slots.find((slot) => !slot.busy);
		if (idle) {
			idle.busy = true;
			return idle;
		}
		if (this.#slots.length >= this.size) return null;
		const worker = this.#createWorker();
		const slot: Slot = { worker, api: Comlink.wrap<CellWorkerApi>(worker), busy: true };
		this.#slots.push(slot);
		return slot;
	}

	#release(slot: Slot): void {
		const next = this.#waiting.shift();
		if (next) next.start(slot);
		else slot.busy = false;
	}

	#replace(slot: Slot): void {
		slot.worker.terminate();
		this.#slots = this.#slots.filter((item) => item !== slot);
		const next = this.#waiting.shift();
		if (next) {
			const fresh = this.#freeSlot();
			if (fresh) next.start(fresh);
			else this.#waiting.unshift(next);
		}
	}
}

export function createCellWorkerPool(size?: number): WorkerPool {
	return new WorkerPool(
		() => new Worker(new URL('./cell.worker.ts', import.meta.url), { type: 'module' }),
		size
	);
}
