/**
 * The runs page's "result" of a run: an evaluate cell's accuracy, else a predict cell's (a
 * scoring run on labelled rows has no evaluate cell), named by where it came from; empty when the
 * run measured none. The accuracy reads as the cells write it, a percent ("accuracy 92.0%"); the
 * search still takes it as a share (`accuracy > 0.9`).
 */
import type { RunRecord } from '../store/records';
import { formatPercent } from './format';

export function runHeadline(run: Pick<RunRecord, 'cells'>): string {
	const accuracyOf = (kind: string) => run.cells.find((cell) => cell.kind === kind && cell.state === 'success' && typeof cell.metrics.accuracy === 'number');
	const evaluation = accuracyOf('evaluate');
	if (evaluation) return `accuracy ${formatPercent(evaluation.metrics.accuracy as number)}`;
	const prediction = accuracyOf('predict');
	return prediction ? `accuracy ${formatPercent(prediction.metrics.accuracy as number)} (${prediction.title})` : '';
}
