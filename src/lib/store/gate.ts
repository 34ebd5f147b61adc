/**
 * The register cell's quality gate, as the registry decides it at write time: the pure decision
 * lives beside the cell (`cells/quality-gate.ts`) so the worker and the store judge alike; here
 * the current version's record becomes the thing compared with.
 */
import { decideGate, type GateDecision, type Incumbent, type Measured } from '../cells/quality-gate';
import type { Rescored } from '../cells/register';
import type { ModelVersionRecord } from './records';

export { decideGate, type GateDecision };

/**
 * What the candidate is compared with: the cell's re-scoring of the current version when it is
 * still the version the alias points to (same content hash); else the version's stored metrics.
 */
export function incumbentFrom(record: ModelVersionRecord | undefined, label: string, rescored: Rescored | null | undefined): Incumbent | null {
	if (!record) return null;
	if (rescored && rescored.contentHash === record.contentHash) return { label, measured: rescored.measured, rescored: true };
	const measured: Measured = { metrics: record.metrics, measuredOn: record.measuredOn, ...(record.rows === undefined ? {} : { rows: record.rows }), ...(record.positiveClass === undefined ? {} : { positiveClass: record.positiveClass }) };
	return { label, measured, rescored: false };
}
