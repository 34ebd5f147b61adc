/**
 * The words of a run: cell states (Airflow's, plus "stale" and "idle"), attempts with their
 * logs, and the executor the scheduler hands work to (a Comlink worker pool in the browser, a
 * worker_threads pool in the headless runner, in-process calls or a fake in tests).
 */
import type { CellSummary, FileSource } from '../cells/types';
import type { CellValue } from '../cells/values';
import type { CellId, NotebookCell } from '../notebook/types';

export type CellState =
	/** never run in this session */
	| 'idle'
	| 'queued'
	| 'running'
	| 'success'
	| 'failed'
	| 'upstream_failed'
	| 'skipped'
	| 'up_for_retry'
	| 'cancelled'
	/** ran before, but its params or an upstream output changed since */
	| 'stale';

export interface LogLine {
	/** Milliseconds since the attempt started. */
	atMs: number;
	message: string;
}

export interface Attempt {
	number: number;
	startedAt: number;
	endedAt: number | null;
	/**
	 * Every line the attempt logged, in order. While the attempt runs, the scheduler appends to
	 * this array in place (O(1) a line) and publishes a new Attempt object for each line, so a
	 * view that compares attempts by identity sees each one; an earlier snapshot of the same
	 * attempt shares the array and so may show later lines, never fewer or changed ones. Once the
	 * attempt has ended the array does not change.
	 */
	log: LogLine[];
	/** The error message of a failed attempt. */
	error: string | null;
	outcome: 'running' | 'success' | 'failed' | 'cancelled';
}

export interface CellRunState {
	state: CellState;
	/** Every try of the latest run, oldest first: a retried cell keeps each attempt's log. */
	attempts: Attempt[];
	progress: { fraction: number; label: string } | null;
	durationMs: number | null;
	/** The output came from the cache (same kind, params and input hashes). */
	fromCache: boolean;
	/** Key of the output: hash of kind, params, file fingerprint and the inputs' keys. */
	outputKey: string | null;
	summary: CellSummary | null;
	/** Why a cell did not run (e.g. "upstream cell 'SGD 0.1' failed"). */
	reason: string | null;
}

export interface ExecutionRequest {
	cell: NotebookCell;
	/** Params with defaults filled in, already validated. */
	params: Record<string, unknown>;
	inputs: Record<string, CellValue[]>;
	file: FileSource | null;
	attempt: number;
}

export interface ExecutionHooks {
	/**
	 * A line of the cell's log. `atMs`, where the executor knows it: when the cell logged it, in
	 * milliseconds since the executor began the cell, by the clock of the thread the cell runs on
	 * (a worker's lines reach the page late and in batches). Absent (an in-process executor, a
	 * line the page adds itself): the receiver stamps the line as it arrives.
	 */
	log(message: string, atMs?: number): void;
	progress(fraction: number, label?: string): void;
}

export interface ExecutionHandle {
	result: Promise<{ value: CellValue; summary: CellSummary }>;
	/** Stops the work for real (a worker is terminated); `result` then rejects. */
	cancel(): void;
}

export interface Executor {
	execute(request: ExecutionRequest, hooks: ExecutionHooks): ExecutionHandle;
}

/** Time, injected so tests can step it and retries do not really wait. */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
	now: () => (typeof performance !== 'undefined' ? performance.now() : Date.now()),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};
