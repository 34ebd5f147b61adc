/**
 * Cell outputs that are rows but not tables, as Arrow IPC files with one row per scored row:
 *
 *   predictions  `predicted` (class dictionary), `scores` (Float32, or a FixedSizeList of one
 *                score per class for one-vs-rest), `actual` (class dictionary, absent when the
 *                rows' classes are not the model's), then the input columns kept beside them
 *                (numeric, text, sparse as in arrow-columns.ts)
 *   evaluation   `scores` and `actual` behind the ROC and precision–recall curves (absent in
 *                evaluations stored without them: then no rows)
 *
 * Each array field carries `descent.array` (its name in the value) field metadata, and a field
 * that would share a kept column's name gets ` (descent)` appended. Everything else of the value
 * (model label, metrics, shadow report, …) is schema metadata `descent.value`, tagged JSON
 * (tagged-json.ts), with `arrays` naming the array fields and `nulls` those that were null.
 */
import { Field, FixedSizeList, Float32, makeData, RecordBatch, Schema, Struct, Table as ArrowTable, tableFromIPC, tableToIPC, type Data } from 'apache-arrow';
import type { Column } from '../data/table';
import type { CellValue } from '../cells/values';
import { classIndexData, columnData, concatFloat, int8Of, wholeColumn } from './arrow-columns';
import { parseChecked, rowsMetaSchema } from './artifact-schema';
import { fromTaggedJson, toTaggedJson } from './tagged-json';

type Value = Record<string, unknown> & { kind: string };

interface ArraySpec {
	field: string;
	/** Int8 class indices into these classes (a dictionary column); else Float32 values. */
	classes?: (value: Value) => readonly string[];
}

interface RowsSpec {
	rows(value: Value): number;
	arrays: ArraySpec[];
	/** The field holding kept table columns, if any. */
	columns?: string;
}

const SPECS: Record<string, RowsSpec> = {
	predictions: {
		rows: (value) => value.rowCount as number,
		arrays: [{ field: 'predicted', classes: (value) => value.classes as string[] }, { field: 'scores' }, { field: 'actual', classes: (value) => value.classes as string[] }],
		columns: 'columns'
	},
	evaluation: {
		rows: (value) => (value.actual as Int8Array | undefined)?.length ?? 0,
		arrays: [{ field: 'scores' }, { field: 'actual', classes: (value) => (value.metrics as { classes: string[] }).classes }]
	}
};

/** The kinds stored by this module. */
export const ROW_KINDS = Object.keys(SPECS);

interface RowsMeta {
	format: 'descent-arrow-rows';
	version: 1;
	rows: number;
	arrays: string[];
	nulls: string[];
	rest: string;
}

export function encodeRowsArrow(value: CellValue): Uint8Array {
	const record = value as unknown as Value;
	const spec = SPECS[record.kind];
	if (!spec) throw new Error(`no Arrow row form for a ${record.kind}`);
	const rows = spec.rows(record);
	const kept = spec.columns ? ((record[spec.columns] as Column[]) ?? []) : [];
	const taken = new Set(kept.map((column) => column.name));
	const fields: Field[] = [];
	const children: Data[] = [];
	const rest: Record<string, unknown> = { ...record };
	const meta: RowsMeta = { format: 'descent-arrow-rows', version: 1, rows, arrays: [], nulls: [], rest: '' };
	for (const { field, classes } of spec.arrays) {
		const array = record[field];
		delete rest[field];
		if (array === null) meta.nulls.push(field);
		if (array === null || array === undefined) continue;
		let name = field;
		while (taken.has(name)) name = `${name} (descent)`;
		const width = rows === 0 ? 1 : (array as ArrayLike<number>).length / rows;
		if (!Number.isInteger(width)) throw new Error(`${record.kind}.${field}: ${(array as ArrayLike<number>).length} values for ${rows} rows`);
		const metadata = new Map([['descent.array', field]]);
		let data: Data;
		if (classes) data = classIndexData(array as Int8Array, classes(record));
		else {
			const values = makeData({ type: new Float32(), length: (array as Float32Array).length, nullCount: 0, data: array as Float32Array });
			data = width === 1 ? values : makeData({ type: new FixedSizeList(width, new Field('score', new Float32(), false)), length: rows, nullCount: 0, child: values });
		}
		fields.push(new Field(name, data.type, false, metadata));
		children.push(data);
		meta.arrays.push(field);
	}
	for (const column of kept) {
		const { field, data } = columnData([column], `${record.kind} column '${column.name}'`);
		fields.push(field);
		children.push(data);
	}
	if (spec.columns) delete rest[spec.columns];
	meta.rest = toTaggedJson(rest);
	const schema = new Schema(fields, new Map([['descent.value', JSON.stringify(meta)]]));
	return tableToIPC(new ArrowTable([new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows, nullCount: 0, children }))]), 'file');
}

/** Reads a file `encodeRowsArrow` wrote; throws naming `where` otherwise. */
export function decodeRowsArrow(bytes: Uint8Array, where: string): CellValue {
	let arrow: ArrowTable;
	try {
		arrow = tableFromIPC(bytes);
	} catch (error) {
		throw new Error(`${where}: not an Arrow IPC file (${(error as Error).message})`);
	}
	const meta = parseChecked(rowsMetaSchema, arrow.schema.metadata.get('descent.value') ?? 'null', `${where} (descent.value metadata)`);
	if (meta.rows !== arrow.numRows) throw new Error(`${where}: its metadata counts ${meta.rows} rows, the file holds ${arrow.numRows}`);
	const value = fromTaggedJson(meta.rest) as Value;
	const spec = SPECS[value.kind];
	if (!spec) throw new Error(`${where}: unknown kind '${value.kind}'`);
	for (const field of meta.nulls) value[field] = null;
	const columns: Column[] = [];
	arrow.schema.fields.forEach((field, index) => {
		const data = arrow.getChildAt(index)!.data as Data[];
		const array = field.metadata.get('descent.array');
		if (array === undefined) {
			columns.push(wholeColumn(field, data, where).read(0, meta.rows) as Column);
			return;
		}
		const classes = spec.arrays.find((candidate) => candidate.field === array)?.classes;
		if (classes) value[array] = int8Of(data);
		else {
			const width = field.type instanceof FixedSizeList ? field.type.listSize : 1;
			value[array] = concatFloat(
				data.map((chunk) => {
					const values = width === 1 ? chunk : chunk.children[0]!;
					const start = width === 1 ? chunk.offset : values.offset + chunk.offset * width;
					return (values.values as Float32Array).subarray(start, start + chunk.length * width);
				})
			);
		}
	});
	if (spec.columns) value[spec.columns] = columns;
	return value as unknown as CellValue;
}
