/**
 * The scale cell: fits on the train part only, then applies the same numbers to test and
 * validation, so nothing about the held-out rows leaks into training. Numeric columns are
 * standardised (centred); sparse columns (hashed words) are divided without centring, by their
 * std or their largest |x| (scikit-learn's StandardScaler(with_mean=False) / MaxAbsScaler), so
 * they stay sparse. Text columns pass through untouched. Missing values (NaN) are left out of
 * the fit and stay missing, as scikit-learn's StandardScaler does; an impute cell fills them.
 */
import { describeMissing, missingColumns } from '../data/missing';
import type { PreprocessingStep, SparseScaleStep, StandardizeStep } from '../data/preprocessing';
import { applySparseScale, applyStandardize, fitSparseScale, fitStandardize } from '../ml/standardize';
import { ownsArray, type CellDefinition, type ExecutionContext } from './types';
import type { CellValue, Column, NumericColumn, SparseColumn, Splits, Table } from './values';

export interface ScaleParams {
	/** Empty = every numeric and sparse column. */
	columns: string[];
	/** How sparse columns are scaled: by their std ('standard', the default) or their largest |x| ('max-abs'). */
	sparse?: SparseScaleStep['method'];
}

function splitsInput(inputs: Record<string, CellValue[]>): Splits {
	const value = inputs.data?.[0];
	if (!value) throw new Error(`input 'data' is not linked: link a split to it`);
	if (value.kind !== 'splits') throw new Error(`input 'data' expects train/test splits, got ${value.kind}: add a split cell before scaling`);
	return value;
}

type Scalable = NumericColumn | SparseColumn;

function chosenColumns(train: Table, names: readonly string[]): Scalable[] {
	const scalable = train.columns.filter((column): column is Scalable => column.type !== 'text');
	if (names.length === 0) {
		if (scalable.length === 0) throw new Error(`no numeric columns to scale: vectorize the text columns first`);
		return scalable;
	}
	return names.map((name) => {
		const column = train.columns.find((candidate) => candidate.name === name);
		if (!column) throw new Error(`column '${name}' not found; numeric columns: ${scalable.map((item) => `'${item.name}'`).join(', ')}`);
		if (column.type === 'text') throw new Error(`column '${name}' is text: vectorize it before scaling`);
		return column;
	});
}

/** The fitted steps: one standardisation of the numeric columns, then one step per sparse column. */
function fitSteps(columns: readonly Scalable[], method: SparseScaleStep['method']): PreprocessingStep[] {
	const numeric = columns.filter((column): column is NumericColumn => column.type === 'numeric');
	const steps: PreprocessingStep[] = numeric.length > 0 ? [fitStandardize(numeric)] : [];
	for (const column of columns) if (column.type === 'sparse') steps.push(fitSparseScale(column, method));
	return steps;
}

/**
 * `table` with every step applied; a column fitted on train must be in `table`, of the same type.
 * With `inPlace` (the caller's own table, see ExecutionContext.ownsInputs) each scaled column is
 * written over its own values instead of a new array, so scaling holds one copy of the data, not
 * two (see InPlace for which arrays). Same values either way.
 */
export function applyScaling(table: Table, steps: readonly PreprocessingStep[], inPlace?: InPlace): Table {
	const standardize = steps.find((step): step is StandardizeStep => step.type === 'standardize');
	const position = new Map(standardize?.columns.map((name, index) => [name, index]));
	const sparse = new Map(steps.filter((step): step is SparseScaleStep => step.type === 'sparse-scale').map((step) => [step.column, step]));
	for (const name of [...position.keys(), ...sparse.keys()]) {
		if (!table.columns.some((column) => column.name === name)) throw new Error(`column '${name}' is in train but not in ${table.name}`);
	}
	const columns = table.columns.map((column): Column => {
		const index = position.get(column.name);
		if (standardize && index !== undefined) {
			if (column.type !== 'numeric') throw new Error(`column '${column.name}' is numeric in train but ${column.type} in ${table.name}`);
			const out = inPlace?.claim(column.values) ? column.values : undefined;
			return { name: column.name, type: 'numeric', values: applyStandardize(standardize, index, column.values, out) };
		}
		const step = sparse.get(column.name);
		if (!step) return column;
		if (column.type !== 'sparse') throw new Error(`column '${column.name}' is hashed words in train but ${column.type} in ${table.name}`);
		return applySparseScale(step, column, `${table.name}, column '${column.name}'`, inPlace?.claim(column.values) ?? false);
	});
	return { ...table, columns };
}

/**
 * The arrays a scale run may overwrite: those of its own inputs (ExecutionContext.ownsInputs)
 * whose buffer no other column of any part uses. An array reached twice (the same rows as two
 * parts, a column passed on twice) is read again after it would be written: it gets a new array.
 */
export class InPlace {
	#uses = new Map<ArrayBufferLike, number>();
	constructor(
		readonly context: Pick<ExecutionContext, 'ownsInputs'>,
		parts: readonly Table[]
	) {
		for (const part of parts)
			for (const column of part.columns) if (column.type !== 'text') this.#uses.set(column.values.buffer, (this.#uses.get(column.values.buffer) ?? 0) + 1);
	}
	/** Whether `values` may be scaled in place. */
	claim(values: Float32Array): boolean {
		return ownsArray(this.context, values) && this.#uses.get(values.buffer) === 1;
	}
}

function logSteps(steps: readonly PreprocessingStep[], train: Table, context: ExecutionContext): void {
	context.log(`fitted on ${train.rowCount} train rows`);
	const missing = missingColumns(train);
	// As StandardScaler: NaN is left out of each column's mean and std, and stays NaN after scaling.
	if (missing.length > 0) context.log(`missing values left out of the fit and kept as missing: ${describeMissing(missing, train.rowCount)}; impute them before training`);
	for (const step of steps) {
		if (step.type === 'standardize') {
			const shown = step.columns.slice(0, 8).map((name, index) => `${name}: mean ${step.mean[index]?.toPrecision(4)}, std ${step.std[index]?.toPrecision(4)}`);
			context.log(`standardised ${step.columns.length} numeric column${step.columns.length === 1 ? '' : 's'} (centred)`);
			for (const line of shown) context.log(line);
			if (step.columns.length > shown.length) context.log(`… and ${step.columns.length - shown.length} more columns`);
		} else if (step.type === 'sparse-scale') {
			let scaled = 0;
			for (let j = 0; j < step.width; j++) if (step.scale[j] !== 1) scaled++;
			const by = step.method === 'max-abs' ? 'largest |x|' : 'std, not centred';
			context.log(`${step.column}: ${step.width} features divided by their ${by}; ${step.width - scaled} constant or unseen keep scale 1`);
		}
	}
}

export const scaleCell: CellDefinition<ScaleParams, Splits> = {
	kind: 'scale',
	label: 'Standardise',
	description: 'Numeric columns to zero mean and unit variance; hashed words divided by their std or largest value (kept sparse). Fitted on the train part only.',
	fields: [
		{ key: 'columns', label: 'Columns', type: 'text-list', default: [], help: 'Empty = every numeric and hashed-words column.' },
		{
			key: 'sparse',
			label: 'Hashed words',
			type: 'choice',
			default: 'standard',
			options: [
				{ value: 'standard', label: 'Divide by std (StandardScaler, with_mean=False)' },
				{ value: 'max-abs', label: 'Divide by largest |x| (MaxAbsScaler)' }
			],
			help: 'Sparse columns are never centred: that would make every zero non-zero.'
		}
	],
	inputs: [{ name: 'data', label: 'Splits', accepts: ['splits'], multiple: false, partial: false, required: true }],
	output: 'splits',

	async run(params, inputs, context) {
		const splits = splitsInput(inputs);
		const steps = fitSteps(chosenColumns(splits.train, params.columns ?? []), params.sparse ?? 'standard');
		logSteps(steps, splits.train, context);
		const inPlace = new InPlace(context, [splits.train, splits.test, ...(splits.validation ? [splits.validation] : [])]);
		const train = applyScaling(splits.train, steps, inPlace);
		context.progress(0.5);
		const test = applyScaling(splits.test, steps, inPlace);
		const validation = splits.validation ? applyScaling(splits.validation, steps, inPlace) : null;
		context.progress(1);
		return { kind: 'splits', train, test, validation, preprocessing: [...splits.preprocessing, ...steps] };
	},

	summarize: (splits) => {
		// The steps this cell added are the scaling steps at the end of the list.
		let columns = 0;
		for (let at = splits.preprocessing.length - 1; at >= 0; at--) {
			const step = splits.preprocessing[at]!;
			if (step.type === 'standardize') columns += step.columns.length;
			else if (step.type === 'sparse-scale') columns += 1;
			else break;
		}
		return { columns, train: splits.train.rowCount };
	}
};
