/**
 * The monitor's drift check: `ml/drift`'s dataset report with Evidently's defaults (per column
 * KS / normed Wasserstein / chi-squared / Jensen–Shannon; the dataset drifts when ≥ 50 % of
 * columns drift), reduced to the verdict, its one-line summary and the drifted columns.
 */
import { describeDrift, driftReport } from '../ml/drift';
import type { DriftCheck } from './monitor-load';

export const evidentlyDrift: DriftCheck = (reference, current) => {
	const report = driftReport({ name: `the training data '${reference.name}'`, rowCount: reference.rowCount, columns: reference.columns }, { name: `the scored data '${current.name}'`, rowCount: current.rowCount, columns: current.columns });
	return { drifted: report.datasetDrift, summary: describeDrift(report), driftedColumns: report.columns.filter((column) => column.drifted).map((column) => column.column) };
};
