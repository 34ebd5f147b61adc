/**
 * The wire between the headless runner and a cell worker on `node:worker_threads`. The request
 * and result are the browser's (protocol.ts); only the envelope differs, because Node workers
 * speak plain messages: each carries the id of the run it belongs to, so a message from a run
 * that was cancelled is recognised and dropped.
 *
 * Times are milliseconds since the Unix epoch at sub-millisecond resolution
 * (`performance.timeOrigin + performance.now()`), so a worker's clock and the runner's compare.
 */
import type { FileSource } from '../cells/types';
import type { DiskFile } from './node-file';
import type { WorkerRequest, WorkerResult } from './protocol';

/**
 * A cell's file on the wire. A text or an in-memory Blob is cloned as it is; a file-backed Blob
 * (what the runner binds to `--data`) cannot be cloned, so it goes as the file it reads and the
 * worker opens it there (node-file.ts).
 */
export type WireFile = Pick<FileSource, 'name' | 'fingerprint' | 'givenAs'> & ({ data: string | Blob } | { disk: DiskFile });

/**
 * Runner → worker: run one cell. Inputs arrive as a structured clone (binary, not JSON), with some
 * buffers moved rather than copied; `lent` lists those moved for this run only, which go back
 * with its result or error (lent-buffers.ts). The cell may reuse or release its inputs
 * (ExecutionContext.ownsInputs) only when nothing is lent.
 */
export interface RunMessage {
	type: 'run';
	id: number;
	request: Omit<WorkerRequest, 'file'> & { file: WireFile | null };
	lent?: ArrayBuffer[];
}

/**
 * Worker → runner: 'ready' once, when the worker has loaded its executors; then per run, in
 * order: started, any log/progress, and exactly one result or error.
 */
export type NodeWorkerMessage =
	| { type: 'ready' }
	| { type: 'started'; id: number; at: number }
	/** `atMs`: when the cell logged the line, in milliseconds since the worker began the run. */
	| { type: 'log'; id: number; message: string; atMs: number }
	| { type: 'progress'; id: number; fraction: number; label?: string }
	/**
	 * The output's ArrayBuffers are in the transfer list: moved, not copied. `lent`: the run's lent
	 * buffers, moved back in the order they came (null: one emptied meanwhile).
	 */
	| { type: 'result'; id: number; result: WorkerResult; at: number; lent?: (ArrayBuffer | null)[] }
	| { type: 'error'; id: number; message: string; at: number; lent?: (ArrayBuffer | null)[] };

const runTypes = new Set(['started', 'log', 'progress', 'result', 'error']);

/** The runner's check at the boundary: a message it can route, or null (ignored). */
export function parseWorkerMessage(data: unknown): NodeWorkerMessage | null {
	if (typeof data !== 'object' || data === null) return null;
	const { type, id } = data as { type?: unknown; id?: unknown };
	if (type === 'ready') return { type };
	if (typeof type !== 'string' || !runTypes.has(type) || typeof id !== 'number') return null;
	return data as NodeWorkerMessage;
}

/** Now, as an epoch time any thread of this process can compare with its own. */
export function epochNow(): number {
	return performance.timeOrigin + performance.now();
}
