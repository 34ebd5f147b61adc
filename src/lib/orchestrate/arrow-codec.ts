/**
 * Tables and splits as Apache Arrow IPC files (the file format, `ARROW1` magic), so a table a
 * cell wrote can be read by pandas/pyarrow, DuckDB or Polars as well as by the next cell.
 *
 * One Arrow field per column, in table order, each tagged with `descent.type` field metadata:
 *   numeric  Float32 (a missing cell stays NaN, as in `NumericColumn.values`; no validity bitmap)
 *   text     Utf8
 *   sparse   List<Struct<index: Uint32, value: Float32>>, `descent.width` = the column's width:
 *            the list offsets are the CSR indptr, the struct children its indices and values
 *   label    Dictionary<Int8 indices, Utf8 classes> named by `labelName` (`<labelName> (label)`
 *            if a feature has that name): the labels are the indices, the classes the
 *            dictionary (pandas reads it as a categorical)
 * Schema metadata `descent.value` holds what is not a column, as JSON (tagged-json.ts, so a NaN
 * in a preprocessing step survives): the value kind and, per part, name, source, row count,
 * label name, classes and preprocessing steps. A `splits` value
 * is its parts' rows one after another (train, test, then validation if any) in one file: the
 * parts have the same columns, and the row counts say where each part begins.
 * Columns are read back by position and their `descent.type`.
 */
import { Field, makeData, RecordBatch, Schema, Struct, Table as ArrowTable, tableFromIPC, tableToIPC, type Data } from 'apache-arrow';
import type { PreprocessingStep } from '../data/preprocessing';
import { hasLabels, type Column, type Table } from '../data/table';
import type { Splits } from '../cells/values';
import { classIndexData, columnData, wholeColumn } from './arrow-columns';
import { parseChecked, tableMetaSchema } from './artifact-schema';
import { toTaggedJson, untag } from './tagged-json';

/** What a part of a stored value was, besides its columns. */
interface PartMeta {
	part: 'table' | 'train' | 'test' | 'validation';
	rows: number;
	name: string;
	source: string;
	labelName: string;
	classes: string[];
	preprocessing?: PreprocessingStep[];
}

interface ValueMeta {
	format: 'descent-arrow';
	version: 1;
	kind: 'table' | 'splits';
	parts: PartMeta[];
	/** Splits.preprocessing. */
	preprocessing?: PreprocessingStep[];
}

function partMeta(part: PartMeta['part'], table: Table): PartMeta {
	const meta: PartMeta = { part, rows: table.rowCount, name: table.name, source: table.source, labelName: table.labelName, classes: table.classes };
	if (table.preprocessing) meta.preprocessing = table.preprocessing;
	return meta;
}

function encodeParts(parts: [PartMeta['part'], Table][], meta: Pick<ValueMeta, 'kind' | 'preprocessing'>, where: string): Uint8Array {
	const tables = parts.map(([, table]) => table);
	const first = tables[0]!;
	for (const table of tables) {
		if (table.columns.length !== first.columns.length) throw new Error(`${where}: the parts of a split have different columns`);
		if (table.classes.join('\u0000') !== first.classes.join('\u0000')) throw new Error(`${where}: the parts of a split have different classes`);
	}
	const fields: Field[] = [];
	const children: Data[] = [];
	first.columns.forEach((_, index) => {
		const { field, data } = columnData(
			tables.map((table) => table.columns[index]!),
			where
		);
		fields.push(field);
		children.push(data);
	});
	const rows = tables.reduce((sum, table) => sum + table.rowCount, 0);
	// Rows to score (no labels) have no label field.
	if (hasLabels(first)) {
		const labels = new Int8Array(rows);
		let at = 0;
		for (const table of tables) {
			labels.set(table.labels, at);
			at += table.rowCount;
		}
		const label = classIndexData(labels, first.classes);
		// Arrow readers find columns by name: a feature that shares the label's name keeps it, the label field is renamed.
		const names = new Set(first.columns.map((column) => column.name));
		let labelField = first.labelName;
		while (names.has(labelField)) labelField = `${labelField} (label)`;
		fields.push(new Field(labelField, label.type, false, new Map([['descent.type', 'label']])));
		children.push(label);
	}
	const value: ValueMeta = { format: 'descent-arrow', version: 1, ...meta, parts: parts.map(([part, table]) => partMeta(part, table)) };
	const schema = new Schema(fields, new Map([['descent.value', toTaggedJson(value)]]));
	const struct = makeData({ type: new Struct(fields), length: rows, nullCount: 0, children });
	return tableToIPC(new ArrowTable([new RecordBatch(schema, struct)]), 'file');
}

/** A table as Arrow IPC file bytes. */
export function encodeTableArrow(table: Table): Uint8Array {
	return encodeParts([['table', table]], { kind: 'table' }, `table '${table.name}'`);
}

/** Train, test and validation of a split as one Arrow IPC file (the parts' rows one after another). */
export function encodeSplitsArrow(splits: Splits): Uint8Array {
	const parts: [PartMeta['part'], Table][] = [
		['train', splits.train],
		['test', splits.test]
	];
	if (splits.validation) parts.push(['validation', splits.validation]);
	return encodeParts(parts, { kind: 'splits', preprocessing: splits.preprocessing }, 'splits');
}

/** Reads Arrow IPC bytes written by `encodeTableArrow` or `encodeSplitsArrow`; throws naming `where` if they are not. */
export function decodeArrowValue(bytes: Uint8Array, where: string): Table | Splits {
	let arrow: ArrowTable;
	try {
		arrow = tableFromIPC(bytes);
	} catch (error) {
		throw new Error(`${where}: not an Arrow IPC file (${(error as Error).message})`);
	}
	const text = arrow.schema.metadata.get('descent.value');
	if (!text) throw new Error(`${where}: an Arrow file without Descent's 'descent.value' metadata`);
	const meta = parseChecked(tableMetaSchema, text, `${where} (descent.value metadata)`, untag) as ValueMeta;
	const total = meta.parts.reduce((sum, part) => sum + part.rows, 0);
	if (total !== arrow.numRows) throw new Error(`${where}: the parts count ${total} rows, the file holds ${arrow.numRows}`);
	const columns = arrow.schema.fields.map((field, index) => wholeColumn(field, arrow.getChildAt(index)!.data as Data[], where));
	const labelColumn = columns.find((column) => column.field.metadata.get('descent.type') === 'label');
	// Parts with classes have labels (a label field); rows to score have neither.
	const labelled = meta.parts.some((part) => part.classes.length > 0);
	if (labelled && !labelColumn) throw new Error(`${where}: no label column`);
	if (!labelled && labelColumn) throw new Error(`${where}: a label column, but the parts list no classes`);
	let start = 0;
	const tables = meta.parts.map((part): Table => {
		const end = start + part.rows;
		const table: Table = {
			kind: 'table',
			name: part.name,
			rowCount: part.rows,
			columns: columns.filter((column) => column !== labelColumn).map((column) => column.read(start, end) as Column),
			labelName: part.labelName,
			classes: part.classes,
			labels: labelColumn ? (labelColumn.read(start, end) as Int8Array) : new Int8Array(0),
			source: part.source
		};
		if (part.preprocessing) table.preprocessing = part.preprocessing;
		start = end;
		return table;
	});
	if (meta.kind === 'table') return tables[0]!;
	const part = (name: PartMeta['part']) => tables[meta.parts.findIndex((candidate) => candidate.part === name)] ?? null;
	const train = part('train');
	const test = part('test');
	if (!train || !test) throw new Error(`${where}: a split without its train or test part`);
	return { kind: 'splits', train, test, validation: part('validation'), preprocessing: meta.preprocessing ?? [] };
}
