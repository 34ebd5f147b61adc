/**
 * The headless runner's worker pool: the browser's WorkerPool on `node:worker_threads`. It is an
 * Executor, so the scheduler runs independent cells on it in parallel exactly as in the tab.
 *
 * - Workers start on demand, up to `size`, and each runs one cell at a time.
 * - A cell's output comes back with its ArrayBuffers transferred (moved, not copied); its inputs
 *   go out as a structured clone, because the runner keeps them for the cell's siblings, except
 *   the buffers `handOver` names: moved for good (no later cell reads them) or lent (moved there
 *   and back with the result, see lent-buffers.ts). A file read from disk goes as its path and
 *   the worker opens it (node-file.ts).
 * - A failing cell rejects its own result only; the worker stays for the next cell.
 * - Cancelling a running cell terminates its worker (the work really stops); a worker that dies
 *   (a crash, an exit, running out of memory) fails the cell it was running with the reason, and
 *   the next cell gets a fresh worker.
 * Workers are numbered 1, 2, … in the order they start; a replacement gets a new number.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExecutionHandle, ExecutionHooks, ExecutionRequest, Executor } from '../dag/run-types';
import type { HandOver } from './node-handover';
import { toWireFile } from './node-file';
import { epochNow, parseWorkerMessage, type NodeWorkerMessage, type RunMessage } from './node-protocol';
import { CancelledError } from './pool';
import type { WorkerResult } from './protocol';

/** Where and when one attempt of a cell ran; times are epoch milliseconds (see node-protocol.ts). */
export interface WorkerRun {
	cellId: string;
	attempt: number;
	worker: number;
	/** When the executor began on the worker (null if the worker died before it began). */
	startedAt: number | null;
	endedAt: number;
	outcome: 'success' | 'failed' | 'crashed' | 'cancelled';
}

export interface NodeWorkerPoolOptions {
	/** How many workers at most (default: every available core, at least 1). */
	size?: number;
	/** Makes a worker; tests pass one that can crash. Default: the cell worker. */
	createWorker?: () => Worker;
	/** Called once per attempt that reached a worker, when it settles. */
	onRun?: (run: WorkerRun) => void;
	/**
	 * The buffers of a request's inputs to move to the worker instead of copying (the runner's
	 * copies are detached), and those to lend it (moved back with its result or error, and given
	 * to `restore`; the cell then runs with `ownsInputs` false, so it changes none of them): see
	 * LastUse in node-handover.ts. Default: none, every input is cloned.
	 */
	handOver?: (request: ExecutionRequest) => HandOver;
}

interface Job {
	id: number;
	request: ExecutionRequest;
	hooks: ExecutionHooks;
	resolve: (result: WorkerResult) => void;
	reject: (error: Error) => void;
	startedAt: number | null;
	/** Where the buffers lent with the request go when they come back. */
	restore: HandOver['restore'] | null;
}

interface Slot {
	id: number;
	worker: Worker;
	job: Job | null;
	/** The last 'error' event: why the worker is about to exit. */
	crash: string | null;
	/** Set when the pool itself ends the worker, so its exit is not a crash. */
	retired: boolean;
	/** Settles when the worker has loaded its executors, or has exited. */
	ready: Promise<void>;
	markReady: () => void;
	loaded: boolean;
}

/** A headless run uses every core: there is no page to leave one for. */
export function defaultNodePoolSize(): number {
	return Math.max(1, availableParallelism());
}

/**
 * A cell worker from the file beside this module's: cell.node-worker.boot.mjs, which registers
 * tsx and loads cell.node-worker.ts, or, when this module runs inside the bundled `descent`
 * runner, the bundled worker of that name beside it (scripts/cli/bundle.mjs).
 */
export function createCellNodeWorker(): Worker {
	return new Worker(new URL('./cell.node-worker.boot.mjs', import.meta.url));
}

export class NodeWorkerPool implements Executor {
	readonly size: number;
	#createWorker: () => Worker;
	#onRun: (run: WorkerRun) => void;
	#handOver: (request: ExecutionRequest) => HandOver | null;
	#slots: Slot[] = [];
	#waiting: Job[] = [];
	#nextJob = 1;
	#nextWorker = 1;

	constructor(options: NodeWorkerPoolOptions = {}) {
		this.size = Math.max(1, Math.floor(options.size ?? defaultNodePoolSize()));
		this.#createWorker = options.createWorker ?? createCellNodeWorker;
		this.#onRun = options.onRun ?? (() => {});
		this.#handOver = options.handOver ?? (() => null);
	}

	execute(request: ExecutionRequest, hooks: ExecutionHooks): ExecutionHandle {
		let job!: Job;
		const result = new Promise<WorkerResult>((resolve, reject) => {
			job = { id: this.#nextJob++, request, hooks, resolve, reject, startedAt: null, restore: null };
		});
		const slot = this.#freeSlot();
		if (slot) this.#start(slot, job);
		else this.#waiting.push(job);
		return { result, cancel: () => this.#cancel(job) };
	}

	/**
	 * Starts workers until `count` (at most `size`) are alive, and resolves when each has
	 * loaded its executors, so the first cells' durations do not include a worker's start-up.
	 * Optional: without it workers start on demand. A worker that fails to start resolves too;
	 * the cell sent to it then fails with the reason.
	 */
	async start(count: number): Promise<void> {
		while (this.#slots.length < Math.min(count, this.size)) this.#createSlot();
		await Promise.all(this.#slots.map((slot) => slot.ready));
	}

	/** Ends every worker and rejects what is queued or running; the pool makes new ones on demand. */
	async terminate(): Promise<void> {
		const slots = this.#slots;
		this.#slots = [];
		for (const job of this.#waiting.splice(0)) job.reject(new CancelledError());
		await Promise.all(
			slots.map((slot) => {
				slot.retired = true;
				slot.job?.reject(new CancelledError());
				slot.job = null;
				return slot.worker.terminate();
			})
		);
	}

	#cancel(job: Job): void {
		const queued = this.#waiting.indexOf(job);
		if (queued >= 0) {
			this.#waiting.splice(queued, 1);
			return job.reject(new CancelledError());
		}
		const slot = this.#slots.find((item) => item.job === job);
		if (!slot) return; // already settled
		this.#settle(slot, 'cancelled', epochNow());
		job.reject(new CancelledError());
		this.#retire(slot);
	}

	#freeSlot(): Slot | null {
		const idle = this.#slots.find((slot) => !slot.job);
		if (idle) return idle;
		if (this.#slots.length >= this.size) return null;
		return this.#createSlot();
	}

	#createSlot(): Slot {
		let markReady!: () => void;
		const ready = new Promise<void>((resolve) => (markReady = resolve));
		const slot: Slot = { id: this.#nextWorker++, worker: this.#createWorker(), job: null, crash: null, retired: false, ready, markReady, loaded: false };
		slot.worker.on('message', (data: unknown) => this.#receive(slot, parseWorkerMessage(data)));
		slot.worker.on('messageerror', (error: Error) => this.#fail(slot, `its output could not be read: ${error.message}`));
		slot.worker.on('error', (error: Error) => (slot.crash = error.message));
		slot.worker.on('exit', (code: number) => {
			slot.markReady();
			this.#exited(slot, code);
		});
		this.#slots.push(slot);
		return slot;
	}

	#start(slot: Slot, job: Job): void {
		slot.job = job;
		// A busy worker keeps the process alive; an idle one does not (see #idle).
		slot.worker.ref();
		const { cell, params, inputs, file } = job.request;
		const message: RunMessage = { type: 'run', id: job.id, request: { kind: cell.kind, cell: { id: cell.id, title: cell.title }, params, inputs, file: toWireFile(file) } };
		try {
			const handOver = this.#handOver(job.request);
			if (handOver && handOver.lend.length > 0) {
				message.lent = handOver.lend;
				job.restore = handOver.restore;
			}
			slot.worker.postMessage(message, handOver ? [...handOver.move, ...handOver.lend] : []);
		} catch (error) {
			// An input that cannot be cloned fails this cell; the worker never saw it.
			this.#idle(slot);
			job.reject(new Error(`cannot send the inputs of cell '${cell.title}' to a worker: ${(error as Error).message}`));
			this.#next(slot);
		}
	}

	#receive(slot: Slot, message: NodeWorkerMessage | null): void {
		if (message?.type === 'ready') {
			slot.loaded = true;
			if (!slot.job) slot.worker.unref();
			return slot.markReady();
		}
		const job = slot.job;
		// A message of a run that was cancelled (or not ours) is dropped.
		if (!message || !job || message.id !== job.id) return;
		switch (message.type) {
			case 'started':
				job.startedAt = message.at;
				return;
			case 'log':
				return job.hooks.log(message.message, message.atMs);
			case 'progress':
				return job.hooks.progress(message.fraction, message.label);
			case 'result':
				// Before the result is known, so that the cells it lets start find their inputs whole.
				if (message.lent) job.restore?.(message.lent);
				this.#settle(slot, 'success', message.at);
				job.resolve(message.result);
				return this.#next(slot);
			case 'error':
				if (message.lent) job.restore?.(message.lent);
				this.#settle(slot, 'failed', message.at);
				job.reject(new Error(message.message));
				return this.#next(slot);
		}
	}

	/** Fails the running cell without ending the worker. */
	#fail(slot: Slot, reason: string): void {
		const job = slot.job;
		if (!job) return;
		this.#settle(slot, 'failed', epochNow());
		job.reject(new Error(`worker ${slot.id}: ${reason}`));
		this.#next(slot);
	}

	#exited(slot: Slot, code: number): void {
		if (slot.retired) return;
		this.#slots = this.#slots.filter((item) => item !== slot);
		const job = slot.job;
		if (job) {
			this.#settle(slot, 'crashed', epochNow());
			const why = slot.crash ?? `it exited with code ${code}`;
			job.reject(new Error(`worker ${slot.id} stopped while running cell '${job.request.cell.title}': ${why}`));
		}
		this.#startWaiting();
	}

	/** Reports the running attempt and frees the slot's job. */
	#settle(slot: Slot, outcome: WorkerRun['outcome'], endedAt: number): void {
		const job = slot.job!;
		this.#idle(slot);
		this.#onRun({ cellId: job.request.cell.id, attempt: job.request.attempt, worker: slot.id, startedAt: job.startedAt, endedAt, outcome });
	}

	/**
	 * A pool left idle (and never terminated) does not hold the process open; a worker still
	 * loading does, since someone may be awaiting start().
	 */
	#idle(slot: Slot): void {
		slot.job = null;
		if (slot.loaded) slot.worker.unref();
	}

	#next(slot: Slot): void {
		const job = this.#waiting.shift();
		if (job) this.#start(slot, job);
	}

	/** Ends a worker whose work is being dropped; a fresh one takes the next queued cell. */
	#retire(slot: Slot): void {
		slot.retired = true;
		void slot.worker.terminate();
		this.#slots = this.#slots.filter((item) => item !== slot);
		this.#startWaiting();
	}

	#startWaiting(): void {
		while (this.#waiting.length > 0) {
			const slot = this.#freeSlot();
			if (!slot) return;
			this.#start(slot, this.#waiting.shift()!);
		}
	}
}
