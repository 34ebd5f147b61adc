/**
 * The /drift page's comparison, run as a drift cell on a cell worker (never on the page's
 * thread: a million rows take a second), cancellable by terminating that worker.
 */
import type { DriftParams } from '../cells/drift';
import type { DriftReport, Table } from '../cells/values';
import type { ExecutionHandle } from '../dag/run-types';
import { CellId } from '../notebook/types';
import { createCellWorkerPool, type WorkerPool } from '../workers/pool';

let pool: WorkerPool | null = null;

export interface DriftRun {
	result: Promise<DriftReport>;
	cancel(): void;
}

/** Compares `current` with `reference`; `progress` gets 0..1 and a label such as "column 3/7". */
export function runDrift(reference: Table, current: Table, params: DriftParams, progress: (fraction: number, label?: string) => void): DriftRun {
	pool ??= createCellWorkerPool(1);
	const handle: ExecutionHandle = pool.execute(
		{
			cell: { id: CellId('drift-page'), kind: 'drift', title: 'Drift', params: { ...params }, inputs: {}, retry: { count: 0, delayMs: 0 } },
			params: { ...params },
			inputs: { reference: [reference], current: [current] },
			file: null,
			attempt: 1
		},
		{ log: () => {}, progress }
	);
	return {
		result: handle.result.then(({ value }) => {
			if (value.kind !== 'drift-report') throw new Error(`the drift worker returned a ${value.kind}`);
			return value;
		}),
		cancel: () => handle.cancel()
	};
}
