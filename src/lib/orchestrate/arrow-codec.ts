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
 * Schema metadata `descent.value` holds what is not a column, as JSON: the value kind and, per
 * part, name, source, row count, label name, classes and preprocessing steps. A `splits` value
 * is its parts' rows one after another (train, test, then validation if any) in one file: the
 * parts have the same columns, and the row counts say where each part begins.
 * Columns are read back by position and their `descent.type`.
 */
import {
	Dictionary,
	Field,
	Float32,
	Int8,
	List,
	makeData,
	makeVector,
	RecordBatch,
	Schema,
	Struct,
	Table as ArrowTable,
	tableFromIPC,
	tableToIPC,
	Uint32,
	Utf8,
	vectorFromArray,
	type Data
} from 'apache-arrow';
import type { PreprocessingStep } from '../data/preprocessing';
import type { Column, Table } from '../data/table';
import type { Splits } from '../cells/values';

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

const sparseEntry = new Struct([new Field('index', new Uint32(), false), new Field('value', new Float32(), false)]);
const sparseType = new List(new Field('entry', sparseEntry, false));
const labelType = (): Dictionary<Utf8, Int8> => new Dictionary(new Utf8(), new Int8(), 0);

function partMeta(part: PartMeta['part'], table: Table): PartMeta {
	const meta: PartMeta = { part, rows: table.rowCount, name: table.name, source: table.source, labelName: table.labelName, classes: table.classes };
	if (table.preprocessing) meta.preprocessing = table.preprocessing;
	return meta;
}

function concatFloat(arrays: Float32Array[]): Float32Array {
	if (arrays.length === 1) return arrays[0]!;
	const out = new Float32Array(arrays.reduce((sum, array) => sum + array.length, 0));
	let at = 0;
	for (const array of arrays) {
		out.set(array, at);
		at += array.length;
	}
	return out;
}

/** One column of every part, rows one after another, as Arrow data. */
function columnData(columns: Column[], where: string): { field: Field; data: Data } {
	const first = columns[0]!;
	for (const column of columns) {
		if (column.type !== first.type || column.name !== first.name || (column.type === 'sparse' && first.type === 'sparse' && column.width !== first.width)) {
			throw new Error(`${where}: the parts of a split differ in column '${first.name}'`);
		}
	}
	if (first.type === 'numeric') {
		const values = concatFloat(columns.map((column) => column.values as Float32Array));
		const field = new Field(first.name, new Float32(), false, new Map([['descent.type', 'numeric']]));
		return { field, data: makeData({ type: new Float32(), length: values.length, nullCount: 0, data: values }) };
	}
	if (first.type === 'text') {
		const values: string[] = [];
		for (const column of columns) for (const value of column.values as string[]) values.push(value);
		const field = new Field(first.name, new Utf8(), false, new Map([['descent.type', 'text']]));
		return { field, data: vectorFromArray(values, new Utf8()).data[0]! };
	}
	const sparse = columns as Extract<Column, { type: 'sparse' }>[];
	const rows = sparse.reduce((sum, column) => sum + column.indptr.length - 1, 0);
	const nnz = sparse.reduce((sum, column) => sum + column.indices.length, 0);
	// Arrow's List offsets are Int32: a column of more than 2^31 − 1 non-zeros needs a LargeList, which Descent never makes.
	if (nnz > 0x7fffffff) throw new Error(`${where}: column '${first.name}' has ${nnz} non-zeros, more than an Arrow list holds`);
	const offsets = new Int32Array(rows + 1);
	const indices = new Uint32Array(nnz);
	const values = new Float32Array(nnz);
	let row = 0;
	let base = 0;
	for (const column of sparse) {
		const count = column.indptr.length - 1;
		for (let i = 0; i < count; i++) offsets[row + i + 1] = base + column.indptr[i + 1]!;
		indices.set(column.indices, base);
		values.set(column.values, base);
		row += count;
		base += column.indices.length;
	}
	const child = makeData({
		type: sparseEntry,
		length: nnz,
		nullCount: 0,
		children: [makeData({ type: new Uint32(), length: nnz, nullCount: 0, data: indices }), makeData({ type: new Float32(), length: nnz, nullCount: 0, data: values })]
	});
	const field = new Field(first.name, sparseType, false, new Map([['descent.type', 'sparse'], ['descent.width', String(first.width)]]));
	return { field, data: makeData({ type: sparseType, length: rows, nullCount: 0, valueOffsets: offsets, child }) };
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
	const labels = new Int8Array(tables.reduce((sum, table) => sum + table.rowCount, 0));
	let at = 0;
	for (const table of tables) {
		labels.set(table.labels, at);
		at += table.rowCount;
	}
	const dictionary = vectorFromArray(first.classes, new Utf8());
	const type = labelType();
	// Arrow readers find columns by name: a feature that shares the label's name keeps it, the label field is renamed.
	const names = new Set(first.columns.map((column) => column.name));
	let labelField = first.labelName;
	while (names.has(labelField)) labelField = `${labelField} (label)`;
	fields.push(new Field(labelField, type, false, new Map([['descent.type', 'label']])));
	children.push(makeData({ type, length: labels.length, nullCount: 0, data: labels, dictionary }));
	const value: ValueMeta = { format: 'descent-arrow', version: 1, ...meta, parts: parts.map(([part, table]) => partMeta(part, table)) };
	const schema = new Schema(fields, new Map([['descent.value', JSON.stringify(value)]]));
	const struct = makeData({ type: new Struct(fields), length: labels.length, nullCount: 0, children });
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

interface WholeColumn {
	field: Field;
	read(start: number, end: number): Column | Int8Array;
}

function wholeColumn(field: Field, data: Data[], where: string): WholeColumn {
	const kind = field.metadata.get('descent.type');
	if (kind === 'numeric') {
		const values = concatFloat(data.map((chunk) => (chunk.values as Float32Array).subarray(chunk.offset, chunk.offset + chunk.length)));
		return { field, read: (start, end) => ({ name: field.name, type: 'numeric', values: values.slice(start, end) }) };
	}
	if (kind === 'text') {
		const values: string[] = [];
		for (const chunk of data) for (const value of makeVector(chunk as Data<Utf8>)) values.push(value ?? '');
		return { field, read: (start, end) => ({ name: field.name, type: 'text', values: values.slice(start, end) }) };
	}
	if (kind === 'label') {
		const labels = new Int8Array(data.reduce((sum, chunk) => sum + chunk.length, 0));
		let at = 0;
		for (const chunk of data) {
			labels.set((chunk.values as Int8Array).subarray(chunk.offset, chunk.offset + chunk.length), at);
			at += chunk.length;
		}
		return { field, read: (start, end) => labels.slice(start, end) };
	}
	if (kind === 'sparse') {
		const width = Number(field.metadata.get('descent.width'));
		if (!Number.isInteger(width) || width < 0) throw new Error(`${where}: column '${field.name}' has no valid descent.width`);
		// Rebase each chunk's offsets onto one indptr over every row.
		const rows = data.reduce((sum, chunk) => sum + chunk.length, 0);
		const indptr = new Uint32Array(rows + 1);
		const indexParts: Uint32Array[] = [];
		const valueParts: Float32Array[] = [];
		let row = 0;
		let base = 0;
		for (const chunk of data) {
			const offsets = chunk.valueOffsets as Int32Array;
			const start = offsets[chunk.offset]!;
			const end = offsets[chunk.offset + chunk.length]!;
			const entry = chunk.children[0]!;
			const [indexData, valueData] = entry.children as [Data, Data];
			indexParts.push((indexData.values as Uint32Array).subarray(indexData.offset + entry.offset + start, indexData.offset + entry.offset + end));
			valueParts.push((valueData.values as Float32Array).subarray(valueData.offset + entry.offset + start, valueData.offset + entry.offset + end));
			for (let i = 1; i <= chunk.length; i++) indptr[row + i] = base + offsets[chunk.offset + i]! - start;
			row += chunk.length;
			base += end - start;
		}
		const indices = new Uint32Array(base);
		const values = new Float32Array(base);
		let at = 0;
		indexParts.forEach((part, index) => {
			indices.set(part, at);
			values.set(valueParts[index]!, at);
			at += part.length;
		});
		return {
			field,
			read: (start, end) => {
				const from = indptr[start]!;
				const to = indptr[end]!;
				const slice = indptr.slice(start, end + 1);
				for (let i = 0; i < slice.length; i++) slice[i] = slice[i]! - from;
				return { name: field.name, type: 'sparse', width, indptr: slice, indices: indices.slice(from, to), values: values.slice(from, to) };
			}
		};
	}
	throw new Error(`${where}: column '${field.name}' has no descent.type (not written by Descent)`);
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
	const meta = JSON.parse(text) as ValueMeta;
	if (meta.format !== 'descent-arrow' || meta.version !== 1) throw new Error(`${where}: unknown descent.value format ${JSON.stringify(meta.format)} version ${meta.version}`);
	const total = meta.parts.reduce((sum, part) => sum + part.rows, 0);
	if (total !== arrow.numRows) throw new Error(`${where}: the parts count ${total} rows, the file holds ${arrow.numRows}`);
	const columns = arrow.schema.fields.map((field, index) => wholeColumn(field, arrow.getChildAt(index)!.data as Data[], where));
	const labelColumn = columns.find((column) => column.field.metadata.get('descent.type') === 'label');
	if (!labelColumn) throw new Error(`${where}: no label column`);
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
			labels: labelColumn.read(start, end) as Int8Array,
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
