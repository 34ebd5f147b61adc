/**
 * Replays a model's preprocessing on a whole table, column by column: the hashed words, their
 * TF-IDF weights and the standardisation the model was trained with, fitted values unchanged
 * (idf from the training rows, never refitted on the new ones). Columnar twin of the
 * per-row reference scorer (`export/score-text.ts`), with the same float32 rounding, so both
 * give the pipeline's own predictions.
 *
 * Missing values (NaN) are filled by the model's impute step, fitted on its train rows; a model
 * without one cannot score a row with a gap, and `assertScorable` refuses it naming the columns.
 *
 * Data that already went through some steps (a vectorised table, scaled splits) says so in its
 * `preprocessing`; those must be the model's first steps, and only the rest are replayed.
 */
import type { FeatureColumn } from '../data/features';
import { describeMissing, missingColumns } from '../data/missing';
import type { Column, Table } from '../data/table';
import { stableStringify } from './hash';
import { hashSettings, type PreprocessingStep, type TfidfStep } from '../data/preprocessing';
import { imputeTable } from './impute';
import { applySparseScale, applyStandardize } from './standardize';
import { describeMismatch } from './step-mismatch';
import { tfidfColumn } from './tfidf';
import { hashVectorize } from './vectorize';

export function describeStep(step: PreprocessingStep): string {
	if (step.type === 'hash-vectorize') {
		const { buckets, ngramMin, ngramMax, alternateSign, binary, norm } = hashSettings(step);
		const options = [`${buckets} buckets`, `n-grams ${ngramMin} to ${ngramMax}`, alternateSign ? 'alternate sign' : '', binary ? 'binary' : '', norm === 'none' ? '' : `${norm} norm`];
		return `hashed words of '${step.column}' (${options.filter(Boolean).join(', ')})`;
	}
	if (step.type === 'impute') return `missing values of ${step.columns.length} column${step.columns.length === 1 ? '' : 's'} filled (${step.strategy.replace('_', ' ')})`;
	if (step.type === 'tfidf') return `TF-IDF of '${step.column}' fitted on ${step.documents} rows`;
	if (step.type === 'sparse-scale') return `scaling of the hashed words of '${step.column}' (${step.method === 'max-abs' ? 'by largest |x|' : 'by std, not centred'})`;
	return `standardisation of ${step.columns.length} column${step.columns.length === 1 ? '' : 's'}`;
}

/** The model's steps still to apply to data that went through `applied`. */
export function remainingSteps(modelSteps: readonly PreprocessingStep[], applied: readonly PreprocessingStep[], what: string): PreprocessingStep[] {
	applied.forEach((step, index) => {
		const expected = modelSteps[index];
		if (!expected || stableStringify(expected) !== stableStringify(step)) {
			throw new Error(`${what} went through ${describeMismatch(step, expected, describeStep)}: link the raw dataset instead`);
		}
	});
	return modelSteps.slice(applied.length);
}

function hashTable(table: Table, step: Extract<PreprocessingStep, { type: 'hash-vectorize' }>): Table {
	const at = table.columns.findIndex((column) => column.name === step.column);
	const column = table.columns[at];
	if (!column) throw new Error(`column '${step.column}' is missing from table '${table.name}': the model hashes its words`);
	if (column.type !== 'text') throw new Error(`column '${step.column}' of table '${table.name}' is numeric: the model hashes its words`);
	const hashed: Column = hashVectorize(column.values, step);
	return { ...table, columns: [...table.columns.slice(0, at), hashed, ...table.columns.slice(at + 1)] };
}

function tfidfTable(table: Table, step: TfidfStep): Table {
	const at = table.columns.findIndex((column) => column.name === step.column);
	const column = table.columns[at];
	if (!column) throw new Error(`column '${step.column}' is missing from table '${table.name}': the model weights its hashed words by TF-IDF`);
	if (column.type !== 'sparse') throw new Error(`column '${step.column}' of table '${table.name}' is not hashed words: the model weights them by TF-IDF`);
	return { ...table, columns: [...table.columns.slice(0, at), tfidfColumn(column, step), ...table.columns.slice(at + 1)] };
}

function standardizeTable(table: Table, step: Extract<PreprocessingStep, { type: 'standardize' }>): Table {
	const position = new Map(step.columns.map((name, index) => [name, index]));
	const missing = step.columns.find((name) => !table.columns.some((column) => column.name === name));
	if (missing) throw new Error(`column '${missing}' is missing from table '${table.name}': the model was scaled with it`);
	const columns = table.columns.map((column): Column => {
		const index = position.get(column.name);
		if (index === undefined) return column;
		if (column.type !== 'numeric') throw new Error(`column '${column.name}' of table '${table.name}' is text: the model scales it as a number`);
		return { name: column.name, type: 'numeric', values: applyStandardize(step, index, column.values) };
	});
	return { ...table, columns };
}

function sparseScaleTable(table: Table, step: Extract<PreprocessingStep, { type: 'sparse-scale' }>): Table {
	const at = table.columns.findIndex((column) => column.name === step.column);
	const column = table.columns[at];
	if (!column) throw new Error(`column '${step.column}' is missing from table '${table.name}': the model scales its hashed words`);
	if (column.type !== 'sparse') throw new Error(`column '${step.column}' of table '${table.name}' is ${column.type}: the model scales its hashed words`);
	const scaled: Column = applySparseScale(step, column, `table '${table.name}', column '${column.name}'`);
	return { ...table, columns: [...table.columns.slice(0, at), scaled, ...table.columns.slice(at + 1)] };
}

/** The names of the columns a model reads from its input: each feature's, and each column a step fills, hashes or scales. */
export function columnsModelReads(features: readonly FeatureColumn[] | undefined, steps: readonly PreprocessingStep[]): string[] {
	const names = new Set<string>();
	for (const step of steps) {
		if (step.type === 'impute' || step.type === 'standardize') for (const name of step.columns) names.add(name);
		else names.add(step.column);
	}
	for (const feature of features ?? []) names.add(feature.name);
	return [...names];
}

const quoted = (names: readonly string[]): string => names.map((name) => `'${name}'`).join(', ');

/**
 * Throws when `table` lacks columns the model reads, naming all of them at once with the table's
 * own columns (a renamed or dropped column in new data is a schema change, not a missing value):
 * checked before any step runs, so the message is about the data, not about the step that met
 * the gap first. A column whose name differs only in case is pointed out.
 */
export function assertModelColumns(table: Table, features: readonly FeatureColumn[] | undefined, steps: readonly PreprocessingStep[], what: string, model = 'the model'): void {
	const present = new Set(table.columns.map((column) => column.name));
	const missing = columnsModelReads(features, steps).filter((name) => !present.has(name));
	if (missing.length === 0) return;
	const unused = table.columns.map((column) => column.name).filter((name) => !missing.includes(name));
	const cased = missing.flatMap((name) => {
		const match = unused.find((candidate) => candidate.toLowerCase() === name.toLowerCase() && !present.has(name));
		return match ? [`'${match}' differs from '${name}' only in case`] : [];
	});
	const has = table.columns.length === 0 ? 'it has no columns' : `its columns: ${quoted(table.columns.map((column) => column.name))}`;
	// Data to score often has no label: the dataset cell then took its last column as the label.
	const asLabel = missing.includes(table.labelName)
		? `; '${table.labelName}' was read as the label (the dataset cell's Label column, by default the last column): give the label column's name, or turn "Has a label column" off there for rows without labels`
		: '';
	throw new Error(
		`${what} lacks ${missing.length === 1 ? 'a column' : `${missing.length} columns`} ${model} reads: ${quoted(missing)} (${has}${cased.length > 0 ? `; ${cased.join(', ')}` : ''}${asLabel}): ` +
			'give the data the columns the model was trained on, with the same names'
	);
}

/** The table after `steps`, in order. */
export function replayPreprocessing(table: Table, steps: readonly PreprocessingStep[]): Table {
	let current = table;
	for (const step of steps) {
		if (step.type === 'hash-vectorize') current = hashTable(current, step);
		else if (step.type === 'tfidf') current = tfidfTable(current, step);
		else if (step.type === 'sparse-scale') current = sparseScaleTable(current, step);
		else if (step.type === 'impute') current = imputeTable(current, step).table;
		else current = standardizeTable(current, step);
	}
	return { ...current, preprocessing: [...(table.preprocessing ?? []), ...steps] };
}

/**
 * Throws when a feature column the model reads has a missing value (NaN) in `table` (after
 * replay), naming each column and its count, and saying why: the model was trained without an
 * impute step for it, so it has no value to fill in. Call it where the model meets the rows;
 * returns `table` unchanged, so it wraps the replay.
 */
export function assertScorable(table: Table, features: readonly FeatureColumn[] | undefined, what: string): Table {
	// No feature list (a hand-made model): every column is read, as tableToMatrix reads it.
	const read = features ? new Set(features.map((feature) => feature.name)) : null;
	const missing = missingColumns({ columns: table.columns.filter((column) => !read || read.has(column.name)), rowCount: table.rowCount });
	if (missing.length === 0) return table;
	throw new Error(
		`${what} has missing values in ${describeMissing(missing, table.rowCount)}, and the model has no impute step for ${missing.length === 1 ? 'it' : 'them'}: ` +
			'train it after an impute cell (its fill values then travel with the model), or drop those rows'
	);
}
