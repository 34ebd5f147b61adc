/**
 * "Drift": compares current data with a reference, column by column, with Evidently's default
 * tests (ml/drift/), and says whether the dataset drifted (≥ 50 % of columns, by default).
 * Reference and current are tables, splits (the reference's train part, the current's test part)
 * or a predict cell's predictions (its input columns, its scores and predicted classes), so what
 * production scores can be compared with what the model was trained on. A table's label column is
 * compared too, as a category (class balance). Per-column overrides are lines of
 * `column:test:threshold`, either part optional (`age:wasserstein`, `city::0.01`).
 */
import { driftReport, describeDrift, DRIFT_TEST_NAMES, type DriftColumnOverride, type DriftReport, type DriftSample, type DriftTestName } from '../ml/drift';
import type { Column, Table } from '../data/table';
import type { Predictions } from './predict';
import type { CellDefinition } from './types';
import type { CellValue } from './values';

export interface DriftParams {
	/** Lines `column:test:threshold` (test and threshold each optional). */
	overrides: string[];
	/** The dataset drifts when at least this share of columns drift. */
	shareThreshold: number;
	/** Only these columns; empty = every column both sides have. */
	columns: string[];
	/**
	 * What to call each side in the report and its messages, instead of what its input says
	 * ("table 'orders'"): the /drift page names the stored versions it compares ("dataset
	 * 'orders-v1' v1"). Not a form field: a notebook's drift cell never sets it.
	 */
	sampleNames?: { reference?: string; current?: string };
}

/** The label as a column of class names, so a change in class balance shows as drift. */
function labelColumn(table: Table): Column[] {
	if (table.labelName === '' || table.columns.some((column) => column.name === table.labelName) || table.labels.length !== table.rowCount) return [];
	return [{ name: table.labelName, type: 'text', values: Array.from(table.labels, (index) => table.classes[index] ?? String(index)) }];
}

/**
 * A predict cell's rows: its kept input columns, one score column per decision value, and the
 * predicted class. The scores and the predicted class are the sample's model `outputs`: compared
 * with another predict cell's, never reported as columns a table lacks.
 */
export function predictionsSample(predictions: Predictions, name: string): DriftSample {
	const scores: Column[] = [];
	for (let k = 0; k < predictions.scoreColumns; k++) {
		const values = new Float32Array(predictions.rowCount);
		for (let row = 0; row < predictions.rowCount; row++) values[row] = predictions.scores[row * predictions.scoreColumns + k]!;
		scores.push({ name: predictions.scoreColumns === 1 ? 'score' : `score ${predictions.classes[k]}`, type: 'numeric', values });
	}
	const predicted: Column = { name: 'prediction', type: 'text', values: Array.from(predictions.predicted, (index) => predictions.classes[index] ?? String(index)) };
	return { name, rowCount: predictions.rowCount, columns: [...predictions.columns, ...scores, predicted], outputs: [...scores, predicted].map((column) => column.name) };
}

/** The sample an input holds: a table, one part of splits, or predictions; `name` replaces the one the input gives it. */
export function driftSample(value: CellValue, input: 'reference' | 'current', name?: string): DriftSample {
	const sample = inputSample(value, input);
	return name === undefined ? sample : { ...sample, name };
}

function inputSample(value: CellValue, input: 'reference' | 'current'): DriftSample {
	if (value.kind === 'table') return { name: `table '${value.name}'`, rowCount: value.rowCount, columns: [...value.columns, ...labelColumn(value)] };
	if (value.kind === 'splits') {
		const part = input === 'reference' ? value.train : value.test;
		return { name: `the ${input === 'reference' ? 'train' : 'test'} split of '${part.name}'`, rowCount: part.rowCount, columns: [...part.columns, ...labelColumn(part)] };
	}
	if (value.kind === 'predictions') return predictionsSample(value, `the predictions of ${value.modelLabel}`);
	throw new Error(`input '${input}' expects a table, splits or predictions, got ${value.kind}`);
}

/** Parses override lines; throws naming the line on an unknown test or a bad threshold. */
export function parseOverrides(lines: readonly string[]): Record<string, DriftColumnOverride> {
	const overrides: Record<string, DriftColumnOverride> = {};
	for (const raw of lines) {
		const line = raw.trim();
		if (line === '') continue;
		const parts = line.split(':').map((part) => part.trim());
		const [column = '', test = '', threshold = ''] = parts;
		if (column === '' || parts.length > 3) throw new Error(`override '${line}': write column:test:threshold (e.g. 'age:wasserstein:0.2' or 'city::0.01')`);
		const override: DriftColumnOverride = {};
		if (test !== '') {
			if (!(DRIFT_TEST_NAMES as string[]).includes(test)) throw new Error(`override '${line}': unknown test '${test}'; tests: ${DRIFT_TEST_NAMES.join(', ')}`);
			override.test = test as DriftTestName;
		}
		if (threshold !== '') {
			const value = Number(threshold);
			if (!Number.isFinite(value) || value < 0) throw new Error(`override '${line}': threshold '${threshold}' must be a number ≥ 0`);
			override.threshold = value;
		}
		overrides[column] = override;
	}
	return overrides;
}

function single(inputs: Record<string, CellValue[]>, name: 'reference' | 'current'): CellValue {
	const value = inputs[name]?.[0];
	if (!value) throw new Error(`input '${name}' is not linked: link a dataset, a split or a predict cell to it`);
	return value;
}

export const driftCell: CellDefinition<DriftParams, DriftReport> = {
	kind: 'drift',
	label: 'Drift',
	description: "Compares current data with a reference, per column, with Evidently's default tests (KS, normed Wasserstein, chi-squared, Z, Jensen–Shannon; token distributions for text).",
	fields: [
		{ key: 'shareThreshold', label: 'Dataset drift share', type: 'number', default: 0.5, min: 0, max: 1, help: 'The dataset drifts when at least this share of its columns drift (Evidently: 0.5).' },
		{ key: 'overrides', label: 'Per-column test and threshold', type: 'text-list', default: [], help: `column:test:threshold, e.g. 'age:wasserstein:0.2' or 'city::0.01'. Tests: ${DRIFT_TEST_NAMES.join(', ')}.` },
		{ key: 'columns', label: 'Columns', type: 'text-list', default: [], help: 'Empty = every column both sides have.' }
	],
	inputs: [
		{ name: 'reference', label: 'Reference', accepts: ['table', 'splits', 'predictions'], multiple: false, partial: false, required: true },
		{ name: 'current', label: 'Current', accepts: ['table', 'splits', 'predictions'], multiple: false, partial: false, required: true }
	],
	output: 'drift-report',

	async run(params, inputs, context) {
		const reference = driftSample(single(inputs, 'reference'), 'reference', params.sampleNames?.reference);
		const current = driftSample(single(inputs, 'current'), 'current', params.sampleNames?.current);
		const overrides = parseOverrides(params.overrides);
		const report = driftReport(reference, current, { overrides, shareThreshold: params.shareThreshold, columns: params.columns }, (done, total) => context.progress(done / total, `column ${done}/${total}`));
		context.log(`${current.name} (${current.rowCount} rows) against ${reference.name} (${reference.rowCount} rows)`);
		for (const column of report.columns) {
			const score = column.score === null ? `not tested: ${column.note}` : `${column.testLabel} ${column.score.toPrecision(4)} (threshold ${column.threshold})`;
			const missing = column.reference.missing + column.current.missing > 0 ? `; missing ${column.reference.missing} + ${column.current.missing} rows left out` : '';
			context.log(`${column.drifted ? 'DRIFT' : 'ok   '} ${column.column}: ${score}${missing}`);
		}
		if (report.unmatched.length > 0) context.log(`not compared (one side only): ${report.unmatched.join(', ')}`);
		if ((report.modelOutputs ?? []).length > 0) context.log(`model outputs (one side only): ${report.modelOutputs!.join(', ')}`);
		context.log(describeDrift(report));
		return report;
	},

	summarize(report) {
		return {
			drifted: report.driftedColumns,
			columns: report.columns.filter((column) => column.score !== null).length,
			share: report.driftShare,
			datasetDrift: report.datasetDrift ? 'yes' : 'no',
			// A column on one side only is a change of schema: named in the summary (headless, the runs page), not only in the log.
			...(report.unmatched.length > 0 ? { notCompared: report.unmatched.join(', ') } : {})
		};
	}
};
