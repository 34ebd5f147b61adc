/**
 * Data as a model reads it: rows that went through a prefix of the model's preprocessing (raw,
 * vectorised, scaled) get the rest of its steps replayed, fitted values unchanged; rows that went
 * through a step the model was not trained with are refused, naming the mismatch (see
 * `ml/step-mismatch.ts`). Evaluate, predict and register score through this, so no metric is
 * ever computed on features the model does not read (train/serve skew).
 */
import type { PreprocessingStep } from '../data/preprocessing';
import type { Table } from '../data/table';
import type { LinearModel } from '../ml/model';
import { assertModelColumns, describeStep, remainingSteps, replayPreprocessing } from '../ml/replay';
import type { Splits } from './values';

export interface ModelInput {
	/** The rows after every step of the model. */
	table: Table;
	/** The steps replayed here (empty when the data was already preprocessed as the model's was). */
	replayed: PreprocessingStep[];
	/** "the test split", "table 'reviews'": for messages. */
	what: string;
}

/** `table`, which went through `applied`, prepared for `model`; throws naming the mismatch, or every column the model reads that the table lacks. */
export function inputForModel(model: Pick<LinearModel, 'preprocessing' | 'features'>, table: Table, applied: readonly PreprocessingStep[], what: string): ModelInput {
	const replayed = remainingSteps(model.preprocessing, applied, what);
	assertModelColumns(table, model.features, replayed, what);
	return { table: replayed.length === 0 ? table : replayPreprocessing(table, replayed), replayed, what };
}

/** A part of `splits` prepared for `model`; throws when the part does not exist or has no rows. */
export function splitForModel(model: Pick<LinearModel, 'preprocessing' | 'features'>, splits: Splits, part: 'test' | 'validation' | 'train'): ModelInput {
	const table = splits[part];
	if (!table) throw new Error(`split '${part}' does not exist: give the split cell a ${part} fraction`);
	if (table.rowCount === 0) throw new Error(`the ${part} split has no rows to score`);
	return inputForModel(model, table, splits.preprocessing, `the ${part} split`);
}

/** One log line saying what was replayed, or null when nothing was. */
export function replayLine(input: ModelInput): string | null {
	if (input.replayed.length === 0) return null;
	return `replayed the model's ${input.replayed.map(describeStep).join(', then ')} on ${input.table.rowCount} rows of ${input.what} (they had not been through ${input.replayed.length === 1 ? 'it' : 'them'})`;
}
