/**
 * The monitor's drift check in place (ml/drift/training-drift.ts), a DriftCheck. The pages run it
 * on a worker instead (workers/drift-client.ts): on large tables it takes seconds.
 */
import type { Table } from '../data/table';
import { trainingDrift, type TrainingDrift } from '../ml/drift/training-drift';

export const evidentlyDrift = (reference: Table, current: Table): TrainingDrift => trainingDrift(reference, current);
