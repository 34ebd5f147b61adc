/**
 * The split cell: seeded train/test (and optional validation) parts of a table, stratified by
 * class unless told otherwise. Part sizes and rounding: see `src/lib/ml/split.ts`.
 */
import { selectCsrRows } from '../data/feature-matrix';
import { requireLabels } from '../data/table';
import { splitIndices } from '../ml/split';
import { ownsArray, type CellDefinition, type ExecutionContext } from './types';
import type { CellValue, Column, Splits, Table } from './values';

export interface SplitParams {
	testFraction: number;
	validationFraction: number;
	seed: number;
	stratify: boolean;
}

/** The rows of `table` at `indices`, in that order; the parts of a split carry no preprocessing of their own. Linear in the rows (CSR: in their non-zeros). */
export function selectRows(table: Table, indices: Uint32Array, name: string): Table {
	return selectParts(table, [{ indices, name }], false)[0]!;
}

/** One part of a split: its rows of the table, in order, and its name. */
export interface PartRows {
	indices: Uint32Array;
	name: string;
}

/**
 * Every part's rows of `table`, column by column. With `release` (the table is the caller's own
 * copy, see ExecutionContext.ownsInputs) each column is dropped from `table.columns` (left as an
 * empty column of its kind) as soon as every part has its rows, so a split holds its input and
 * its output at once one column at a time, not the whole table twice. `table` is then no longer
 * usable; the parts are the same either way.
 */
export function selectParts(table: Table, parts: readonly PartRows[], release: boolean): Table[] {
	const columns: Column[][] = parts.map(() => []);
	table.columns.forEach((column, c) => {
		parts.forEach(({ indices }, p) => columns[p]!.push(selectColumn(column, indices)));
		if (release) table.columns[c] = emptied(column);
	});
	return parts.map(({ indices, name }, p) => {
		const labels = new Int8Array(indices.length);
		for (let r = 0; r < indices.length; r++) labels[r] = table.labels[indices[r]!]!;
		return { kind: 'table', name, rowCount: indices.length, columns: columns[p]!, labelName: table.labelName, classes: table.classes, labels, source: table.source };
	});
}

function selectColumn(column: Column, indices: Uint32Array): Column {
	if (column.type === 'numeric') return { name: column.name, type: 'numeric', values: gatherFloats(column.values, indices) };
	if (column.type === 'sparse') return { name: column.name, type: 'sparse', width: column.width, ...selectCsrRows(column, indices) };
	return { name: column.name, type: 'text', values: Array.from(indices, (row) => column.values[row] as string) };
}

/** A column of the same name and kind with no rows: what a released column leaves behind. */
function emptied(column: Column): Column {
	if (column.type === 'numeric') return { name: column.name, type: 'numeric', values: new Float32Array(0) };
	if (column.type === 'sparse') return { name: column.name, type: 'sparse', width: column.width, indptr: new Uint32Array(1), indices: new Uint32Array(0), values: new Float32Array(0) };
	return { name: column.name, type: 'text', values: [] };
}

/** values[indices[r]] for every r: a loop of one array type, which the engine compiles tight (a shared generic one ran 10× slower). */
function gatherFloats(values: Float32Array, indices: Uint32Array): Float32Array {
	const out = new Float32Array(indices.length);
	for (let r = 0; r < indices.length; r++) out[r] = values[indices[r]!]!;
	return out;
}

/** Whether every array of the table's columns may be released (none is in memory another thread shares). */
function ownsColumns(table: Table, context: ExecutionContext): boolean {
	return table.columns.every((column) => {
		if (column.type === 'numeric') return ownsArray(context, column.values);
		if (column.type === 'sparse') return ownsArray(context, column.values) && ownsArray(context, column.indices) && ownsArray(context, column.indptr);
		return context.ownsInputs === true;
	});
}

function classCounts(table: Table): number[] {
	const counts = new Array<number>(table.classes.length).fill(0);
	for (const label of table.labels) counts[label] = (counts[label] ?? 0) + 1;
	return counts;
}

function tableInput(inputs: Record<string, CellValue[]>): Table {
	const value = inputs.data?.[0];
	if (!value) throw new Error(`input 'data' is not linked: link a table to it`);
	if (value.kind !== 'table') throw new Error(`input 'data' expects a table, got ${value.kind}`);
	// Parts are for training and testing, which need each row's label.
	requireLabels(value, `table '${value.name}'`, 'train or test on');
	return value;
}

export const splitCell: CellDefinition<SplitParams, Splits> = {
	kind: 'split',
	label: 'Split train/test',
	description: 'Seeded train/test (and optional validation) parts, each class split in the same proportions.',
	fields: [
		{ key: 'testFraction', help: 'The share of rows held out for testing (0 to 1), as scikit-learn\'s test_size.', label: 'Test fraction', type: 'number', default: 0.25, min: 0, max: 1, exclusiveMin: true },
		{ key: 'validationFraction', label: 'Validation fraction', type: 'number', default: 0, min: 0, max: 1, help: '0 = no validation part.' },
		{ key: 'seed', help: 'The shuffle seed: the same seed gives the same split.', label: 'Seed', type: 'integer', default: 0 },
		{ key: 'stratify', help: 'Keep each class\'s share the same in every part, as scikit-learn\'s stratify=y.', label: 'Stratify by class', type: 'boolean', default: true }
	],
	inputs: [{ name: 'data', label: 'Table', accepts: ['table'], multiple: false, partial: false, required: true }],
	output: 'splits',

	async run(params, inputs, context) {
		const table = tableInput(inputs);
		const parts = splitIndices(table.labels, table.classes.length, params);
		const named: PartRows[] = [
			{ indices: parts.train, name: `${table.name} (train)` },
			{ indices: parts.test, name: `${table.name} (test)` }
		];
		if (parts.validation.length > 0) named.push({ indices: parts.validation, name: `${table.name} (validation)` });
		const [train, test, validation = null] = selectParts(table, named, ownsColumns(table, context)) as [Table, Table, Table?];

		for (const part of [train, test, validation]) {
			if (!part) continue;
			const counts = classCounts(part);
			context.log(`${part.name}: ${part.rowCount} rows (${table.classes.map((name, index) => `${name} ${counts[index]}`).join(', ')})`);
			const missing = table.classes.filter((_, index) => counts[index] === 0);
			if (missing.length > 0) context.log(`warning: ${part.name} has no rows of class ${missing.map((name) => `'${name}'`).join(', ')}`);
		}
		context.progress(1);
		return { kind: 'splits', train, test, validation, preprocessing: [...(table.preprocessing ?? [])] };
	},

	summarize: (splits) => ({ train: splits.train.rowCount, test: splits.test.rowCount, validation: splits.validation?.rowCount ?? 0 })
};
