/**
 * A pool of cell workers, sized from navigator.hardwareConcurrency. Cancelling a running cell
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

export function defaultPoolSize(): number {
	const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
	return Math.max(2, Math.min(cores, 8));
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
