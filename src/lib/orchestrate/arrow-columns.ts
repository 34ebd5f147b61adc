/**
 * Table columns ↔ Arrow data, one Arrow field per column, tagged with `descent.type` field
 * metadata (the layout arrow-codec.ts documents): numeric → Float32 (NaN kept), text → Utf8,
 * sparse → List<Struct<index: Uint32, value: Float32>> with `descent.width`; and class indices
 * (labels, predictions) → Dictionary<Int8 indices, Utf8 classes>.
 */
import { Dictionary, Field, Float32, Int8, List, makeData, makeVector, Struct, Uint32, Utf8, vectorFromArray, type Data } from 'apache-arrow';
import type { Column } from '../data/table';

const sparseEntry = new Struct([new Field('index', new Uint32(), false), new Field('value', new Float32(), false)]);
const sparseType = new List(new Field('entry', sparseEntry, false));

export function concatFloat(arrays: Float32Array[]): Float32Array {
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
export function columnData(columns: Column[], where: string): { field: Field; data: Data } {
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

export interface WholeColumn {
	field: Field;
	read(start: number, end: number): Column | Int8Array;
}

export function wholeColumn(field: Field, data: Data[], where: string): WholeColumn {
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
		const labels = int8Of(data);
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


/**
 * Class indices as a dictionary column of the class names (pandas reads it as a categorical).
 * Each call makes its own dictionary: the IPC file format allows one per field.
 */
export function classIndexData(indices: Int8Array, classes: readonly string[]): Data {
	const type = new Dictionary(new Utf8(), new Int8());
	return makeData({ type, length: indices.length, nullCount: 0, data: indices, dictionary: vectorFromArray([...classes], new Utf8()) });
}

/** The values of Int8 (or dictionary-of-Int8) chunks, as one array. */
export function int8Of(data: readonly Data[]): Int8Array {
	const out = new Int8Array(data.reduce((sum, chunk) => sum + chunk.length, 0));
	let at = 0;
	for (const chunk of data) {
		out.set((chunk.values as Int8Array).subarray(chunk.offset, chunk.offset + chunk.length), at);
		at += chunk.length;
	}
	return out;
}
