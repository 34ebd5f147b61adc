/**
 * The scale cell: standardises numeric columns with means and standard deviations fitted on the
 * train part only, then applied unchanged to test and validation, so nothing about the held-out
 * rows leaks into training. Text columns pass through untouched.
 */
import { applyStandardize, fitStandardize } from '../ml/standardize';
import type { CellDefinition } from './types';
import type { CellValue, Column, NumericColumn, Splits, Table } from './values';

export interface ScaleParams {
	/** Empty = every numeric column. */
	columns: string[];
}

function splitsInput(inputs: Record<string, CellValue[]>): Splits {
	const value = inputs.data?.[0];
	if (!value) throw new Error(`input 'data' is not linked: link a split to it`);
	if (value.kind !== 'splits') throw new Error(`input 'data' expects train/test splits, got ${value.kind}: add a split cell before scaling`);
	return value;
}

function chosenColumns(train: Table, names: readonly string[]): NumericColumn[] {
	const numeric = train.columns.filter((column): column is NumericColumn => column.type === 'numeric');
	if (names.length === 0) {
		if (numeric.length === 0) throw new Error(`no numeric columns to scale: vectorize the text columns first`);
		return numeric;
	}
	return names.map((name) => {
		const column = train.columns.find((candidate) => candidate.name === name);
		if (!column) throw new Error(`column '${name}' not found; numeric columns: ${numeric.map((item) => `'${item.name}'`).join(', ')}`);
		if (column.type !== 'numeric') throw new Error(`column '${name}' is text: vectorize it before scaling`);
		return column;
	});
}

export const scaleCell: CellDefinition<ScaleParams, Splits> = {
	kind: 'scale',
	label: 'Standardise',
	description: 'Zero mean and unit variance per numeric column, fitted on the train part only.',
	fields: [{ key: 'columns', label: 'Columns', type: 'text-list', default: [], help: 'Empty = every numeric column.' }],
	inputs: [{ name: 'data', label: 'Splits', accepts: ['splits'], multiple: false, partial: false, required: true }],
	output: 'splits',

	async run(params, inputs, context) {
		const splits = splitsInput(inputs);
		const step = fitStandardize(chosenColumns(splits.train, params.columns ?? []));
		const position = new Map(step.columns.map((name, index) => [name, index]));

		const scale = (table: Table): Table => {
			const columns: Column[] = table.columns.map((column) => {
				const index = position.get(column.name);
				if (index === undefined) return column;
				if (column.type !== 'numeric') throw new Error(`column '${column.name}' is numeric in train but text in ${table.name}`);
				return { name: column.name, type: 'numeric', values: applyStandardize(step, index, column.values) };
			});
			const missing = step.columns.find((name) => !table.columns.some((column) => column.name === name));
			if (missing) throw new Error(`column '${missing}' is in train but not in ${table.name}`);
			return { ...table, columns };
		};

		const shown = step.columns.slice(0, 8).map((name, index) => `${name}: mean ${step.mean[index]?.toPrecision(4)}, std ${step.std[index]?.toPrecision(4)}`);
		context.log(`fitted on ${splits.train.rowCount} train rows, ${step.columns.length} columns`);
		for (const line of shown) context.log(line);
		if (step.columns.length > shown.length) context.log(`… and ${step.columns.length - shown.length} more columns`);
		context.progress(1);
		return {
			kind: 'splits',
			train: scale(splits.train),
			test: scale(splits.test),
			validation: splits.validation ? scale(splits.validation) : null,
			preprocessing: [...splits.preprocessing, step]
		};
	},

	summarize: (splits) => {
		const step = splits.preprocessing[splits.preprocessing.length - 1];
		return { columns: step?.type === 'standardize' ? step.columns.length : 0, train: splits.train.rowCount };
	}
};
