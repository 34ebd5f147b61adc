/**
 * The monitor's drift check (ml/drift/training-drift.ts) on a worker of its own, started on first
 * use: the models page and the start page's "needs attention" list compare each watched model's
 * scored datasets with its training data, which on 10⁵ rows × 32 columns takes about a second of
 * sorting and binning, and would freeze the page on its thread. Checks run one at a time, in the
 * order asked. Where there are no workers it runs in place.
 */
import type { Table } from '../data/table';
import type { DriftSample } from '../ml/drift';
import { trainingDrift, type TrainingDrift } from '../ml/drift/training-drift';
import { LazyWorker } from './lazy-worker';

export interface DriftWorkerApi {
	check(reference: DriftSample, current: DriftSample): TrainingDrift;
}

const worker = new LazyWorker<DriftWorkerApi>(() => new Worker(new URL('./drift.worker.ts', import.meta.url), { type: 'module' }));

/** What a check reads of a table (its columns are copied to the worker, not moved: the caller keeps them). */
const sample = (table: Table): DriftSample => ({ name: table.name, rowCount: table.rowCount, columns: table.columns });

/** store/monitor-load.ts's DriftCheck, off the page's thread. */
export function driftOffThread(reference: Table, current: Table): Promise<TrainingDrift> {
	if (typeof Worker === 'undefined') return Promise.resolve().then(() => trainingDrift(sample(reference), sample(current)));
	return worker.api.check(sample(reference), sample(current));
}
