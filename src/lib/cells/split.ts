/**
 * The split cell: seeded train/test (and optional validation) parts of a table, stratified by
 * class unless told otherwise. Part sizes and rounding: see `src/lib/ml/split.ts`.
 */
import { selectCsrRows } from '../data/feature-matrix';
import { splitIndices } from '../ml/split';
import type { CellDefinition } from './types';
import type { CellValue, Column, Splits, Table } from './values';

export interface SplitParams {
	testFraction: number;
	validationFraction: number;
	seed: number;
	stratify: boolean;
}

/** The rows of `table` at `indices`, in that order; the parts of a split carry no preprocessing of their own. Linear in the rows (CSR: in their non-zeros). */
export function selectRows(table: Table, indices: Uint32Array, name: string): Table {
	const columns: Column[] = table.columns.map((column): Column => {
		if (column.type === 'numeric') return { name: column.name, type: 'numeric', values: gatherFloats(column.values, indices) };
		if (column.type === 'sparse') return { name: column.name, type: 'sparse', width: column.width, ...selectCsrRows(column, indices) };
		return { name: column.name, type: 'text', values: Array.from(indices, (row) => column.values[row] as string) };
	});
	const labels = new Int8Array(indices.length);
	for (let r = 0; r < indices.length; r++) labels[r] = table.labels[indices[r]!]!;
	return { kind: 'table', name, rowCount: indices.length, columns, labelName: table.labelName, classes: table.classes, labels, source: table.source };
}

/** values[indices[r]] for every r: a loop of one array type, which the engine compiles tight (a shared generic one ran 10× slower). */
function gatherFloats(values: Float32Array, indices: Uint32Array): Float32Array {
	const out = new Float32Array(indices.length);
	for (let r = 0; r < indices.length; r++) out[r] = values[indices[r]!]!;
	return out;
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
		const train = selectRows(table, parts.train, `${table.name} (train)`);
		const test = selectRows(table, parts.test, `${table.name} (test)`);
		const validation = parts.validation.length > 0 ? selectRows(table, parts.validation, `${table.name} (validation)`) : null;

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
