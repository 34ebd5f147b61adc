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
 * lets go of it when its last reader has been sent it, as a move would. Better still, when every
 * other cell that will read a buffer comes below the cell being sent (evaluate reads the model
 * that train makes from the same splits), nothing can read it while that cell runs: it is lent,
 * moved there and back with the result (lent-buffers.ts), and never copied. Not for the browser,
 * whose scheduler keeps outputs for re-runs.
 */
import type { CellValue } from '../cells/values';
import type { ExecutionRequest } from '../dag/run-types';
import { topology } from '../dag/topology';
import type { CellId, Notebook } from '../notebook/types';
import { recordViews, type Restore } from './lent-buffers';
import { collectSoon } from './node-gc';
import { releaseBuffers, SHARE_MIN_BYTES, shareBuffers, sharedBuffersOf } from './shared-buffers';
import { transferablesOf } from './transferables';

/** What goes with a request to its worker besides the clone: see NodeWorkerPoolOptions.handOver. */
export interface HandOver {
	/** Moved for good: no cell still to be sent reads them. */
	move: ArrayBuffer[];
	/** Moved for this run only: the worker sends them back with its result, in this order. */
	lend: ArrayBuffer[];
	/** Puts the lent buffers back where the runner's outputs had them, as they return. */
	restore: Restore;
}

const NOTHING: HandOver = { move: [], lend: [], restore: () => {} };

export class LastUse {
	/** Producer → the consumers that may still read its output. */
	#pending = new Map<CellId, Set<CellId>>();
	/** Every cell whose output some cell reads. */
	#producers = new Set<CellId>();
	#output: (id: CellId) => CellValue | undefined;

	#share: boolean;
	#lend: boolean;
	/** Cell → its direct readers (to find every cell below one). */
	#children: ReadonlyMap<CellId, CellId[]>;
	#below = new Map<CellId, Set<CellId>>();

	/**
	 * `output` is the runner's current output of a cell (the scheduler's `output(id)`). With
	 * `share` (the default), a large input that a later cell reads too is put in shared memory
	 * rather than cloned (shared-buffers.ts); with `lend` (the default), one that only cells below
	 * the one being sent still read is lent to its worker instead (lent-buffers.ts).
	 */
	constructor(notebook: Notebook, output: (id: CellId) => CellValue | undefined, { share = true, lend = true }: { share?: boolean; lend?: boolean } = {}) {
		this.#output = output;
		this.#share = share;
		this.#lend = lend;
		this.#children = topology(notebook).children;
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

	/** Every cell that reads `id`'s output, directly or through others. */
	#cellsBelow(id: CellId): Set<CellId> {
		let below = this.#below.get(id);
		if (!below) {
			below = new Set();
			const queue = [...(this.#children.get(id) ?? [])];
			for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
				if (below.has(next)) continue;
				below.add(next);
				queue.push(...(this.#children.get(next) ?? []));
			}
			this.#below.set(id, below);
		}
		return below;
	}

	/**
	 * Called as `request` goes to a worker: the buffers of its inputs to move or lend, each once.
	 * Nothing while the cell may still be retried (a retry reads the same inputs again).
	 */
	handOver(request: ExecutionRequest): HandOver {
		const { cell, attempt } = request;
		if (attempt <= cell.retry.count) return NOTHING;
		for (const ids of Object.values(cell.inputs)) for (const id of ids) this.#pending.get(id)?.delete(cell.id);
		// Each buffer an output still to be read holds, with the cells that will read it.
		const readers = new Map<ArrayBuffer, Set<CellId>>();
		const liveOutputs: unknown[] = [];
		for (const [id, consumers] of this.#pending) {
			if (consumers.size === 0) continue;
			const output = this.#output(id);
			liveOutputs.push(output);
			for (const buffer of transferablesOf(output)) {
				const cells = readers.get(buffer) ?? new Set();
				for (const consumer of consumers) cells.add(consumer);
				readers.set(buffer, cells);
			}
		}
		// An empty (or already moved) buffer has nothing to give, and moving a detached one throws.
		const inputs = transferablesOf(request.inputs).filter((buffer) => buffer.byteLength > 0);
		const below = this.#cellsBelow(cell.id);
		const lend = this.#lend ? inputs.filter((buffer) => readers.has(buffer) && [...readers.get(buffer)!].every((reader) => below.has(reader))) : [];
		const lent = new Set(lend);
		// A large input another cell may read meanwhile goes into shared memory instead of being
		// cloned (shared-buffers.ts); every view of it, in the inputs and in the outputs kept, follows.
		const toShare = new Set(inputs.filter((buffer) => readers.has(buffer) && !lent.has(buffer) && buffer.byteLength >= SHARE_MIN_BYTES));
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
		const outputs = () => [...this.#producers].map((id) => this.#output(id));
		if (done.size > 0) queueMicrotask(() => releaseBuffers([request.inputs, ...outputs()], done));
		return {
			move: inputs.filter((buffer) => !readers.has(buffer)),
			lend,
			restore: lend.length > 0 ? recordViews([request.inputs, ...outputs()], lend) : NOTHING.restore
		};
	}
}
