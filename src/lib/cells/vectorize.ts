/**
 * The vectorize cell: replaces a text column by hashed bag-of-words counts, one numeric column
 * per bucket. Hashing is stateless (nothing is fitted), so it may run before or after the split
 * without leaking test rows; the output is of the same kind as the input (table or splits).
 */
import type { HashVectorizeStep } from '../data/preprocessing';
import { hashVectorize, hashVectorizeStep } from '../ml/vectorize';
import type { CellDefinition, ExecutionContext } from './types';
import type { CellValue, Column, Splits, Table } from './values';

export interface VectorizeParams {
	/** Empty = the first text column. */
	column: string;
	buckets: number;
	ngramMax: number;
	lowercase: boolean;
}

/** Dense count columns are rows × buckets floats; past this they would not fit comfortably in memory. */
const MAX_VALUES = 1 << 26;

function chooseColumn(table: Table, name: string): string {
	const texts = table.columns.filter((column) => column.type === 'text').map((column) => column.name);
	if (name === '') {
		const first = texts[0];
		if (first === undefined) throw new Error(`no text column to vectorize in ${table.name}; columns: ${table.columns.map((column) => `'${column.name}'`).join(', ')}`);
		return first;
	}
	const column = table.columns.find((candidate) => candidate.name === name);
	if (!column) throw new Error(`column '${name}' not found in ${table.name}; text columns: ${texts.map((text) => `'${text}'`).join(', ') || 'none'}`);
	if (column.type !== 'text') throw new Error(`column '${name}' is numeric: only a text column can be vectorized`);
	return name;
}

function vectorizeTable(table: Table, step: HashVectorizeStep, context: ExecutionContext): Table {
	const at = table.columns.findIndex((column) => column.name === step.column);
	const column = table.columns[at];
	if (!column || column.type !== 'text') throw new Error(`${table.name} has no text column '${step.column}'`);
	const hashed = hashVectorize(column.values, step);
	const used = new Set(hashed.indices).size;
	context.log(`${table.name}: ${table.rowCount} texts → ${hashed.indices.length} non-zeros in ${used} of ${step.buckets} buckets`);
	return { ...table, columns: [...table.columns.slice(0, at), hashed, ...table.columns.slice(at + 1)] };
}

function dataInput(inputs: Record<string, CellValue[]>): Table | Splits {
	const value = inputs.data?.[0];
	if (!value) throw new Error(`input 'data' is not linked: link a table or a split to it`);
	if (value.kind !== 'table' && value.kind !== 'splits') throw new Error(`input 'data' expects a table or splits, got ${value.kind}`);
	return value;
}

export const vectorizeCell: CellDefinition<VectorizeParams, Table | Splits> = {
	kind: 'vectorize',
	label: 'Vectorize text',
	description: 'Hashed bag of words (scikit-learn HashingVectorizer): a text column becomes one count column per bucket.',
	fields: [
		{ key: 'column', label: 'Text column', type: 'text', default: '', optional: true, help: 'Empty = the first text column.' },
		{ key: 'buckets', label: 'Buckets', type: 'integer', default: 1024, min: 2, max: 1 << 20 },
		{ key: 'ngramMax', label: 'Longest n-gram', type: 'integer', default: 1, min: 1, max: 3, help: '2 adds pairs of adjacent words ("not good").' },
		{ key: 'lowercase', label: 'Lower-case', type: 'boolean', default: true }
	],
	inputs: [{ name: 'data', label: 'Table or splits', accepts: ['table', 'splits'], multiple: false, partial: false, required: true }],
	output: 'table',
	outputFollowsInput: 'data',

	async run(params, inputs, context) {
		const data = dataInput(inputs);
		const reference = data.kind === 'table' ? data : data.train;
		const column = chooseColumn(reference, (params.column ?? '').trim());
		const rows = data.kind === 'table' ? data.rowCount : data.train.rowCount + data.test.rowCount + (data.validation?.rowCount ?? 0);
		if (rows * params.buckets > MAX_VALUES)
			throw new Error(`${rows} rows × ${params.buckets} buckets = ${rows * params.buckets} counts is too many to hold: use fewer buckets`);
		const step = hashVectorizeStep(column, { buckets: params.buckets, ngramMax: params.ngramMax, lowercase: params.lowercase });

		if (data.kind === 'table') {
			const table = vectorizeTable(data, step, context);
			context.progress(1);
			return { ...table, preprocessing: [...(data.preprocessing ?? []), step] };
		}
		const parts = [data.train, data.test, data.validation].filter((part): part is Table => part !== null);
		const done = parts.map((part, index) => {
			const table = vectorizeTable(part, step, context);
			context.progress((index + 1) / parts.length);
			return table;
		});
		return {
			kind: 'splits',
			train: done[0] as Table,
			test: done[1] as Table,
			validation: data.validation ? (done[2] as Table) : null,
			preprocessing: [...data.preprocessing, step]
		};
	},

	summarize: (value) => {
		const table = value.kind === 'table' ? value : value.train;
		return { rows: value.kind === 'table' ? value.rowCount : value.train.rowCount + value.test.rowCount + (value.validation?.rowCount ?? 0), columns: table.columns.length };
	}
};
