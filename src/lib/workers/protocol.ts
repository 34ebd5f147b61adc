/** The wire between the page and a cell worker: one place for the types both sides agree on. */
import type { CellSummary, FileSource } from '../cells/types';
import type { CellValue } from '../cells/values';

export interface WorkerRequest {
	kind: string;
	cell: { id: string; title: string };
	params: Record<string, unknown>;
	inputs: Record<string, CellValue[]>;
	file: FileSource | null;
}

export interface WorkerResult {
	value: CellValue;
	summary: CellSummary;
}

/** Callbacks the page passes (as Comlink proxies) so the worker can report while it works. */
export interface WorkerHooks {
	/**
	 * A line of the cell's log. `atMs`: when the cell logged it, in milliseconds since the worker
	 * began the cell, measured by the worker's clock. The page must not stamp a line on arrival: a
	 * busy page takes a worker's messages in batches, and a train cell's epochs ~15 ms apart all
	 * read +0.27 s.
	 */
	log(message: string, atMs: number): void;
	progress(fraction: number, label?: string): void;
}

export interface CellWorkerApi {
	run(request: WorkerRequest, hooks: WorkerHooks): Promise<WorkerResult>;
}
