/**
 * "Predict": scores a dataset with a registry model chosen by alias (production, staging…) or
 * version — the production stage of the pipeline, new data scored without retraining. The model
 * arrives bound to the cell (see `predict-binding.ts`): the workbench resolves the alias in the
 * registry, a headless run takes `--model NAME=path.json`. Its preprocessing is replayed on the
 * rows, so a raw table from a dataset cell is hashed and scaled exactly as the training data was.
 * With "compare with", a challenger scores the same rows and the shadow report says how often
 * they agree and how their metrics differ.
 */
import { describeFeatures } from '../data/features';
import { hasLabels } from '../data/table';
import { parseModelJson, type ModelFile } from '../export/model-json';
import { shadowReport, type ShadowReport } from '../export/shadow';
import { classificationMetrics, metricLabel, positiveClassIndex } from '../ml/metrics';
import type { ClassificationMetrics, LinearModel } from '../ml/model';
import { labelsForModel, predictTable, scoreRows } from '../ml/predict';
import type { PreprocessingStep } from '../data/preprocessing';
import { assertModelColumns, assertScorable, remainingSteps, replayPreprocessing } from '../ml/replay';
import { parseModelBinding, type BindingSide, type BoundModel } from './predict-binding';
import type { CellDefinition } from './types';
import { checkServing } from './validate';
import type { CellValue, Column, Table } from './values';
import { formatPercent } from '../data/format-percent';

export interface PredictParams {
	modelName: string;
	/** An alias ('production'), a version number ('3' or 'v3') or 'latest'. */
	model: string;
	/** A challenger alias or version for a shadow comparison; '' = none. */
	compareWith: string;
	part: 'test' | 'train' | 'validation';
	/** The class precision, recall and F1 on the rows' labels are of (two classes); '' = scikit-learn's default pos_label. */
	positiveClass?: string;
}

export interface Predictions {
	kind: 'predictions';
	/** e.g. "'reviews' v3 (production)": which version scored the rows. */
	modelLabel: string;
	classes: string[];
	rowCount: number;
	/** Indices into `classes`. */
	predicted: Int8Array;
	/** rowCount × scoreColumns decision values, row-major (one per row for a binary model). */
	scores: Float32Array;
	scoreColumns: number;
	/** The rows' own classes as indices into `classes`; null when the rows have no labels, or classes the model never saw. */
	actual: Int8Array | null;
	metrics: ClassificationMetrics | null;
	/** The input's own columns (not hashed counts), at most a few, so rows can be recognised. */
	columns: Column[];
	shadow: (ShadowReport & { challengerLabel: string }) | null;
	/** The part of a split the rows are (their numbers count within it: a split shuffles rows); absent for a table, whose rows are the file's data rows. */
	part?: PredictParams['part'];
}

/** Input columns kept beside the predictions: enough to recognise a row, not the whole table. */
const KEPT_COLUMNS = 4;

function dataTable(inputs: Record<string, CellValue[]>, part: PredictParams['part']): { table: Table; applied: PreprocessingStep[]; what: string } {
	const value = inputs.data?.[0];
	if (!value) throw new Error(`input 'data' is not linked: link a dataset (or a split) to it`);
	if (value.kind === 'table') return { table: value, applied: value.preprocessing ?? [], what: `table '${value.name}'` };
	if (value.kind !== 'splits') throw new Error(`input 'data' expects a table or splits, got ${value.kind}`);
	const table = value[part];
	if (!table) throw new Error(`split '${part}' does not exist: give the split cell a ${part} fraction`);
	return { table, applied: value.preprocessing, what: `the ${part} split` };
}

function resolved(side: BindingSide, role: string): BoundModel & { file: ModelFile; model: LinearModel } {
	if ('error' in side) throw new Error(side.error);
	const parsed = parseModelJson(side.text);
	if (!parsed.ok) throw new Error(`${role} ${side.label} is not a valid model file: ${parsed.errors.slice(0, 3).map((error) => `${error.path}: ${error.message}`).join('; ')}`);
	return { ...side, file: parsed.file, model: parsed.model };
}

const percent = (value: number) => formatPercent(value);

/** Predicted classes (indices into `from`) as indices into `into`, which grows by any class it lacks. */
function inClasses(predicted: Int8Array, from: readonly string[], into: string[]): Int8Array {
	const mapping = from.map((name) => (into.includes(name) ? into.indexOf(name) : into.push(name) - 1));
	return predicted.map((index) => mapping[index]!);
}

/** Predicted classes (indices into the model's classes) as indices into the table's, which a shadow report compares. */
function inTableClasses(predicted: Int8Array, model: LinearModel, table: Table): Int8Array {
	const mapping = model.classes.map((name) => table.classes.indexOf(name));
	return predicted.map((index) => {
		const mapped = mapping[index]!;
		if (mapped < 0) throw new Error(`the model predicts class '${model.classes[index]}', which table '${table.name}' does not have (classes: ${table.classes.join(', ')})`);
		return mapped;
	});
}

export const predictCell: CellDefinition<PredictParams, Predictions> = {
	kind: 'predict',
	label: 'Predict',
	description: 'Scores new data with a registered model (by alias or version), replaying its preprocessing; optionally beside a challenger.',
	fields: [
		{ key: 'modelName', label: 'Model name', type: 'text', default: 'model', help: "The registry's name; a headless run binds a file to it (--model name=file.json)." },
		{ key: 'model', label: 'Alias or version', type: 'text', default: 'production', help: "An alias (production, staging), a version number (3) or 'latest'." },
		{ key: 'compareWith', label: 'Compare with', type: 'text', default: '', optional: true, help: 'A challenger alias or version: agreement and metric differences on these rows.' },
		{
			key: 'part',
			label: 'Part of a split',
			type: 'choice',
			default: 'test',
			options: [
				{ value: 'test', label: 'test' },
				{ value: 'train', label: 'train' },
				{ value: 'validation', label: 'validation' }
			],
			help: 'Which part of the linked split to score.',
			// Shown (and in the output key) only when the data is a split: a plain table has no parts.
			whenInput: { input: 'data', kinds: ['splits'] }
		},
		{
			key: 'positiveClass',
			label: 'Positive class',
			type: 'text',
			default: '',
			optional: true,
			help: "Two classes: precision, recall and F1 on the rows' labels are of this class. Empty = '1' when there is such a class, else the greater one."
		}
	],
	inputs: [
		{ name: 'data', label: 'Table or splits', accepts: ['table', 'splits'], multiple: false, partial: false, required: true },
		// Optional, from a validate cell: the scored rows are checked against the training data's expectations (validate.ts).
		{ name: 'expectations', label: 'Expectations (a validate cell)', accepts: ['table'], needs: 'expectations', multiple: false, partial: false, required: false }
	],
	output: 'predictions',

	async run(params, inputs, context) {
		const { table, applied, what } = dataTable(inputs, params.part);
		if (table.rowCount === 0) throw new Error(`${what} has no rows to score`);
		checkServing(inputs.expectations?.[0], table, what, context, applied);
		const bound = context.file;
		if (!bound || typeof bound.data !== 'string') {
			throw new Error(`no model is bound to this cell: the workbench supplies '${params.modelName}' (${params.model}) from the registry; a headless run needs --model ${params.modelName}=path.json`);
		}
		const binding = parseModelBinding(bound.data);
		const primary = resolved(binding.model, 'model');
		const steps = remainingSteps(primary.model.preprocessing, applied, what);
		assertModelColumns(table, primary.model.features, steps, what, `the model ${primary.label}`);
		context.log(`${primary.label}: ${primary.model.classes.length} classes, ${describeFeatures(primary.model.features)}; replaying ${steps.length} of ${primary.model.preprocessing.length} preprocessing steps on ${table.rowCount} rows of ${what}`);
		const { scores, predicted } = predictTable(primary.model, assertScorable(replayPreprocessing(table, steps), primary.model.features, what));
		context.progress(binding.challenger ? 0.5 : 1);

		const labelled = hasLabels(table);
		const known = labelled && table.classes.every((name) => primary.model.classes.includes(name));
		const actual = known ? labelsForModel(primary.model, table) : null;
		const positive = positiveClassIndex(primary.model.classes, params.positiveClass ?? '');
		const metrics = actual ? classificationMetrics(actual, predicted, primary.model.classes, positive) : null;
		if (metrics) context.log(`on the rows' labels: accuracy ${metrics.accuracy.toFixed(4)}, ${(['precision', 'recall', 'F1'] as const).map((name) => `${metricLabel(name, metrics)} ${metrics[name === 'F1' ? 'f1' : name].toFixed(4)}`).join(', ')}`);
		else if (!labelled) context.log('no metrics: the rows have no labels (rows to score)');
		else context.log(`no metrics: the rows have classes the model never saw (${table.classes.filter((name) => !primary.model.classes.includes(name)).join(', ')})`);

		let shadow: Predictions['shadow'] = null;
		if (binding.challenger) {
			const challenger = resolved(binding.challenger, 'challenger');
			// Each model replays its own remaining steps on the rows (they may hash or scale differently), columnar and on CSR.
			const challengerSteps = remainingSteps(challenger.model.preprocessing, applied, what);
			assertModelColumns(table, challenger.model.features, challengerSteps, what, `the challenger ${challenger.label}`);
			const theirs = predictTable(challenger.model, replayPreprocessing(table, challengerSteps)).predicted;
			// Rows without labels: both models' classes as the primary's, then any only the challenger has.
			const names = [...primary.model.classes];
			const report = labelled
				? shadowReport(table, inTableClasses(predicted, primary.model, table), inTableClasses(theirs, challenger.model, table))
				: shadowReport(table, predicted, inClasses(theirs, challenger.model.classes, names), undefined, names);
			shadow = { ...report, challengerLabel: challenger.label };
			const difference = report.difference ? `; accuracy ${report.difference.accuracy >= 0 ? '+' : ''}${(report.difference.accuracy * 100).toFixed(1)} points` : '';
			context.log(`shadow: ${challenger.label} agrees with ${primary.label} on ${percent(report.agreement)} of ${report.rows} rows${difference}`);
			context.progress(1);
		}

		// A few of the input's own columns, to recognise rows by: never hashed words (a sparse column is not a value per row).
		const columns = table.columns.filter((column) => column.type !== 'sparse').slice(0, KEPT_COLUMNS);
		return {
			kind: 'predictions',
			modelLabel: primary.label,
			classes: [...primary.model.classes],
			rowCount: table.rowCount,
			predicted,
			scores,
			scoreColumns: scoreRows(primary.model),
			actual,
			metrics,
			columns,
			shadow,
			...(inputs.data?.[0]?.kind === 'splits' ? { part: params.part } : {})
		};
	},

	summarize(predictions) {
		const summary: Record<string, number | string> = { model: predictions.modelLabel, rows: predictions.rowCount };
		if (predictions.metrics) summary.accuracy = predictions.metrics.accuracy;
		if (predictions.shadow) summary.agreement = predictions.shadow.agreement;
		return summary;
	}
};
