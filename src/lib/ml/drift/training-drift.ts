/**
 * The monitor's drift check (store/monitor-load.ts): the rows a model scored against the rows it
 * was trained on, with Evidently's defaults (per column KS / normed Wasserstein / chi-squared /
 * Jensen–Shannon; the dataset drifts when ≥ 50 % of columns drift), reduced to the verdict, its
 * one-line summary and the drifted columns. Pure, so it runs on a worker (workers/drift-client.ts)
 * as well as in place.
 */
import { describeDrift, driftReport, type DriftSample } from './dataset-drift';

export interface TrainingDrift {
	drifted: boolean;
	/** e.g. "2 of 3 columns drifted (67%): dataset drift (threshold 50%)". */
	summary: string;
	driftedColumns: string[];
}

/** `reference`: the training rows; `current`: the scored rows. Throws when they share no column. */
export function trainingDrift(reference: DriftSample, current: DriftSample): TrainingDrift {
	const report = driftReport(
		{ name: `the training data '${reference.name}'`, rowCount: reference.rowCount, columns: reference.columns },
		{ name: `the scored data '${current.name}'`, rowCount: current.rowCount, columns: current.columns }
	);
	return { drifted: report.datasetDrift, summary: describeDrift(report), driftedColumns: report.columns.filter((column) => column.drifted).map((column) => column.column) };
}
