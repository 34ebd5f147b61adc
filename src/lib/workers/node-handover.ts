/**
 * Which of a cell's inputs the headless runner can move to its worker instead of copying.
 *
 * The pool clones inputs because the runner keeps every output for the cells below it. In a
 * one-shot headless run an output nobody will read again is dead weight: cloning the 10^6-row
 * table into the split's worker kept it twice (the runner's and the worker's). So when a cell is
 * dispatched for its last possible attempt (no retries left) it is done with its inputs, and
 * every ArrayBuffer of them that no cell still to be dispatched can reach is transferred (moved):
 * the runner's copy is detached and its memory goes with the worker.
 *
 * Conservative by construction: a producer whose consumer never dispatches (skipped, failed
 * upstream, a cell with retries) stays "needed", so its buffers are only ever cloned; a buffer
 * shared by two outputs (a select or scale passes columns through) is moved only when neither
 * output is still needed. A large buffer that must stay (another cell reads it later) is put in
 * shared memory once instead of being cloned for each reader (shared-buffers.ts), and the runner
 * lets go of it when its last reader has been sent it, as a move would. Not for the browser,
 * whose scheduler keeps outputs for re-runs.
 */
import type { CellValue } from '../cells/values';
import type { ExecutionRequest } from '../dag/run-types';
import type { CellId, Notebook } from '../notebook/types';
import { collectSoon } from './node-gc';
import { releaseBuffers, SHARE_MIN_BYTES, shareBuffers, sharedBuffersOf } from './shared-buffers';
import { transferablesOf } from './transferables';

export class LastUse {
	/** Producer → the consumers that may still read its output. */
	#pending = new Map<CellId, Set<CellId>>();
	/** Every cell whose output some cell reads. */
	#producers = new Set<CellId>();
	#output: (id: CellId) => CellValue | undefined;

	#share: boolean;

	/**
	 * `output` is the runner's current output of a cell (the scheduler's `output(id)`). With
	 * `share` (the default), a large input that a later cell reads too is put in shared memory
	 * rather than cloned (shared-buffers.ts).
	 */
	constructor(notebook: Notebook, output: (id: CellId) => CellValue | undefined, { share = true }: { share?: boolean } = {}) {
		this.#output = output;
		this.#share = share;
		for (const cell of notebook.cells) {
			for (const ids of Object.values(cell.inputs)) {
				for (const id of ids) {
					const consumers = this.#pending.get(id) ?? new Set();
					consumers.add(cell.id);
					this.#pending.set(id, consumers);
					this.#producers.add(id);
				}
			}
		}
	}

	/**
	 * Called as `request` goes to a worker: the buffers of its inputs to transfer, each once.
	 * Empty while the cell may still be retried (a retry reads the same inputs again).
	 */
	handOver(request: ExecutionRequest): ArrayBuffer[] {
		const { cell, attempt } = request;
		if (attempt <= cell.retry.count) return [];
		for (const ids of Object.values(cell.inputs)) for (const id of ids) this.#pending.get(id)?.delete(cell.id);
		const live = new Set<ArrayBuffer>();
		const liveOutputs: unknown[] = [];
		for (const [id, consumers] of this.#pending) {
			if (consumers.size === 0) continue;
			const output = this.#output(id);
			liveOutputs.push(output);
			for (const buffer of transferablesOf(output)) live.add(buffer);
		}
		const inputs = transferablesOf(request.inputs);
		// A large input another cell still reads goes into shared memory instead of being cloned
		// (shared-buffers.ts); every view of it, in the inputs and in the outputs kept, follows.
		const toShare = new Set(inputs.filter((buffer) => live.has(buffer) && buffer.byteLength >= SHARE_MIN_BYTES));
		if (this.#share && toShare.size > 0) {
			shareBuffers([request.inputs, ...liveOutputs], toShare);
			// The plain copies are garbage now, but an idle runner may not collect them for a long time.
			collectSoon();
		}
		// Shared memory cannot be moved, but the runner can let go of what no cell still to come reads,
		// once the message is posted (postMessage follows this call in the same task): the worker's
		// hold keeps it valid there, and it goes when that worker is done with it.
		const liveShared = sharedBuffersOf(liveOutputs);
		const done = new Set([...sharedBuffersOf(request.inputs)].filter((buffer) => !liveShared.has(buffer)));
		if (done.size > 0) {
			const outputs = [...this.#producers].map((id) => this.#output(id));
			queueMicrotask(() => releaseBuffers([request.inputs, ...outputs], done));
		}
		// An empty (or already moved) buffer has nothing to give, and moving a detached one throws.
		return inputs.filter((buffer) => !live.has(buffer) && buffer.byteLength > 0);
	}
}
