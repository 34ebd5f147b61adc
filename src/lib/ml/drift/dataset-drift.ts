/**
 * A dataset's drift, Evidently's "DataDriftPreset": every column both samples have is tested
 * (column-drift.ts) and the dataset drifts when at least `shareThreshold` (0.5) of the tested
 * columns drift. A column one side lacks is named, not tested; a model's output (a predict cell's
 * score or predicted class) that only one side has is named apart, as no feature is missing.
 */
import type { Column } from '../../data/table';
import { columnDrift } from './column-drift';
import type { DriftOptions, DriftReport } from './types';

/** Evidently's `drift_share` default. */
export const DEFAULT_SHARE_THRESHOLD = 0.5;

/** A sample to compare: a table's columns, or a predict cell's input columns and scores. */
export interface DriftSample {
	name: string;
	rowCount: number;
	columns: readonly Column[];
	/**
	 * Names, among `columns`, of what a model produced (a predict cell's scores and predicted
	 * class): tested when both sides have them, else reported in `modelOutputs`, not `unmatched`.
	 * Absent: none.
	 */
	outputs?: readonly string[];
}

/**
 * Compares `current` with `reference` column by column. `onColumn` is told after each column
 * (index, count), for progress. Throws naming the column on a type mismatch or a test that does
 * not apply, and when no column is shared.
 */
export function driftReport(reference: DriftSample, current: DriftSample, options: DriftOptions = {}, onColumn?: (done: number, total: number) => void): DriftReport {
	const shareThreshold = options.shareThreshold ?? DEFAULT_SHARE_THRESHOLD;
	if (!(shareThreshold >= 0 && shareThreshold <= 1)) throw new Error(`the dataset drift share ${shareThreshold} must lie in [0, 1]`);
	const byName = new Map(current.columns.map((column) => [column.name, column]));
	const wanted = options.columns && options.columns.length > 0 ? new Set(options.columns) : null;
	for (const name of wanted ?? []) {
		if (!reference.columns.some((column) => column.name === name)) throw new Error(`column '${name}' is not in ${reference.name}; its columns: ${reference.columns.map((column) => `'${column.name}'`).join(', ')}`);
	}
	for (const name of Object.keys(options.overrides ?? {})) {
		if (!reference.columns.some((column) => column.name === name)) throw new Error(`the override names column '${name}', which ${reference.name} does not have`);
	}
	const shared = reference.columns.filter((column) => byName.has(column.name) && (!wanted || wanted.has(column.name)));
	if (shared.length === 0) throw new Error(`${reference.name} and ${current.name} share no column to compare`);
	const oneSided = [
		...reference.columns.filter((column) => !byName.has(column.name)).map((column) => ({ name: column.name, output: reference.outputs?.includes(column.name) === true })),
		...current.columns.filter((column) => !reference.columns.some((other) => other.name === column.name)).map((column) => ({ name: column.name, output: current.outputs?.includes(column.name) === true }))
	];
	const unmatched = oneSided.filter((column) => !column.output).map((column) => column.name);
	const modelOutputs = oneSided.filter((column) => column.output).map((column) => column.name);
	const columns = shared.map((column, index) => {
		const result = columnDrift(column, byName.get(column.name)!, options.overrides?.[column.name]);
		onColumn?.(index + 1, shared.length);
		return result;
	});
	const tested = columns.filter((column) => column.score !== null).length;
	const driftedColumns = columns.filter((column) => column.drifted).length;
	const driftShare = tested === 0 ? 0 : driftedColumns / tested;
	return {
		kind: 'drift-report',
		referenceName: reference.name,
		currentName: current.name,
		referenceRows: reference.rowCount,
		currentRows: current.rowCount,
		columns,
		driftedColumns,
		driftShare,
		shareThreshold,
		datasetDrift: tested > 0 && driftShare >= shareThreshold,
		unmatched,
		modelOutputs
	};
}

/** "2 of 5 columns drifted (40%): no dataset drift (threshold 50%)": a report in one line. */
export function describeDrift(report: DriftReport): string {
	const tested = report.columns.filter((column) => column.score !== null).length;
	const percent = (share: number) => `${Math.round(share * 100)}%`;
	return `${report.driftedColumns} of ${tested} columns drifted (${percent(report.driftShare)}): ${report.datasetDrift ? 'dataset drift' : 'no dataset drift'} (threshold ${percent(report.shareThreshold)})`;
}
