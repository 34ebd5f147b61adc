/**
 * What a register cell's "not worse than the alias now" compares with (issue 12, item 8): the
 * current version bound to the cell (the workbench binds the alias's version from the registry,
 * a headless run takes --model NAME=path.json), re-scored on the very rows the candidate was
 * evaluated on, with the same positive class and its own preprocessing replayed; else, without
 * the splits, its stored validation metrics (a model file carries no test metrics).
 */
import { tableToMatrix } from '../data/table-matrix';
import { parseModelJson } from '../export/model-json';
import { hashValue } from '../ml/hash';
import { classificationMetrics, positiveClassIndex, positiveClassOf } from '../ml/metrics';
import type { LinearModel } from '../ml/model';
import { decisionScores, labelsForModel, labelsFromScores, scoreRows } from '../ml/predict';
import { replayLine, splitForModel } from './model-input';
import { parseModelBinding } from './predict-binding';
import type { Incumbent, Measured } from './quality-gate';
import type { ExecutionContext } from './types';
import type { Evaluation, Splits } from './values';

/** The current version re-scored on the candidate's evaluation rows. */
export interface Rescored {
	/** e.g. "'reviews' v2 (production)". */
	label: string;
	/** The model's content hash (as the registry's `modelContentHash`), so the registry knows it is still the current version. */
	contentHash: string;
	measured: Measured;
}

/** The register cell's params this reads. */
export interface CompareParams {
	modelName: string;
	alias: string;
	gate: boolean;
	notWorseThanCurrent: boolean;
}

/** The same fields as the registry's `modelContentHash` (store/model-hash.ts; a test keeps them equal). */
export function modelIdentity(model: Pick<LinearModel, 'coef' | 'intercept' | 'classes' | 'features' | 'preprocessing' | 'hyperparameters'>): string {
	const { coef, intercept, classes, features, preprocessing, hyperparameters } = model;
	return hashValue({ coef, intercept, classes, features, preprocessing, hyperparameters });
}

/**
 * The current version bound to the cell: a model; 'none' when the registry had none (the reason
 * logged); 'unbound' when nobody looked (a headless run without --model).
 */
function boundCurrent(context: ExecutionContext): { label: string; model: LinearModel } | 'none' | 'unbound' {
	const bound = context.file;
	if (!bound || typeof bound.data !== 'string') return 'unbound';
	const side = parseModelBinding(bound.data).model;
	if ('error' in side) {
		context.log(`gate: no current version to compare with: ${side.error}`);
		return 'none';
	}
	const parsed = parseModelJson(side.text);
	if (!parsed.ok) throw new Error(`the current version ${side.label} is not a valid model file: ${parsed.errors[0]?.path}: ${parsed.errors[0]?.message}`);
	return { label: side.label, model: parsed.model };
}

/**
 * `current` scored on the rows of `splits` the evaluation scored, with the evaluation's positive
 * class. Throws when the linked splits are not those rows (another count or class balance).
 */
function rescore(current: { label: string; model: LinearModel }, splits: Splits, evaluation: Evaluation, context: ExecutionContext): Rescored {
	const input = splitForModel(current.model, splits, evaluation.split);
	const line = replayLine(input);
	if (line) context.log(`${current.label}: ${line}`);
	const actual = labelsForModel(current.model, input.table);
	if (input.table.rowCount !== evaluation.metrics.count) {
		throw new Error(`the linked splits' ${evaluation.split} part has ${input.table.rowCount} rows, the evaluation scored ${evaluation.metrics.count}: link the splits the evaluation read`);
	}
	const chosen = positiveClassOf(evaluation.metrics) ?? '';
	const positive = current.model.classes.length === 2 ? positiveClassIndex(current.model.classes, chosen) : undefined;
	const scores = decisionScores(current.model, tableToMatrix(input.table, current.model.features).matrix);
	const metrics = classificationMetrics(actual, labelsFromScores(scores, scoreRows(current.model)), current.model.classes, positive);
	const { accuracy, precision, recall, f1, count } = metrics;
	return {
		label: current.label,
		contentHash: modelIdentity(current.model),
		measured: { metrics: { accuracy, precision, recall, f1, finalObjective: current.model.finalObjective }, measuredOn: evaluation.split, rows: count, ...(metrics.positiveClass === undefined ? {} : { positiveClass: metrics.positiveClass }) }
	};
}

/** What the cell compares with: the re-scored current version; else its stored validation metrics; else nothing. */
export function incumbentOf(params: CompareParams, evaluation: Evaluation | undefined, splits: Splits | undefined, context: ExecutionContext): { incumbent: Incumbent | null; rescored: Rescored | null } {
	if (!params.gate || !params.notWorseThanCurrent) return { incumbent: null, rescored: null };
	const current = boundCurrent(context);
	if (current === 'unbound') {
		const name = params.modelName.trim();
		context.log(`gate: no current version of '${name}' was bound to this cell, so none was compared here; the registry compares with what ${params.alias.trim() || 'production'} points to when it stores this one (a headless run has no registry: bind one with --model ${name}=path.json)`);
	}
	if (typeof current === 'string') return { incumbent: null, rescored: null };
	if (evaluation && splits) {
		const rescored = rescore(current, splits, evaluation, context);
		return { incumbent: { label: rescored.label, measured: rescored.measured, rescored: true }, rescored };
	}
	// A model file carries train and validation metrics only: comparable with a candidate measured on validation.
	const stored = current.model.validationMetrics;
	if (!stored) return { incumbent: null, rescored: null };
	const positiveClass = positiveClassOf(stored);
	const measured: Measured = { metrics: { accuracy: stored.accuracy, precision: stored.precision, recall: stored.recall, f1: stored.f1 }, measuredOn: 'validation', rows: stored.count, ...(positiveClass === undefined ? {} : { positiveClass }) };
	return { incumbent: { label: current.label, measured, rescored: false }, rescored: null };
}
