/**
 * A table's feature columns as one matrix: dense when every feature column is numeric, CSR as
 * soon as one is sparse (numeric columns then join as one stored entry each when non-zero).
 * Columns are taken in table order, or exactly as `features` lists them (to score a table with a
 * trained model, whose columns may be ordered differently).
 */
import { featureColumnsOf, featureCount, type FeatureColumn } from './features';
import type { FeatureMatrix } from './feature-matrix';
import type { Column, NumericColumn, SparseColumn, Table } from './table';

export interface TableMatrix {
	matrix: FeatureMatrix;
	features: FeatureColumn[];
}

/**
 * `denseRows(length)`, when given, supplies the zeroed Float32Array a dense result is written into
 * (the train cell passes ml's denseRowsInKernel, so SGD's WebAssembly kernel trains the rows where
 * they are instead of copying them); by default a new Float32Array.
 */
export function tableToMatrix(table: Table, features?: readonly FeatureColumn[], denseRows?: (rows: number, featureCount: number) => Float32Array): TableMatrix {
	const columns = features ? features.map((feature) => findColumn(table, feature)) : featureSources(table);
	const chosen = featureColumnsOf(columns);
	const n = table.rowCount;
	for (const column of columns) {
		const length = column.type === 'sparse' ? column.indptr.length - 1 : column.values.length;
		if (length !== n) throw new Error(`column '${column.name}' has ${length} rows, the table has ${n}`);
		if (column.type === 'numeric') requireFinite(column);
	}
	const d = featureCount(chosen);
	if (columns.every((column) => column.type === 'numeric')) {
		const values = denseRows ? denseRows(n, d) : new Float32Array(n * d);
		(columns as NumericColumn[]).forEach((column, j) => {
			for (let i = 0; i < n; i++) values[i * d + j] = column.values[i]!;
		});
		return { matrix: { format: 'dense', rowCount: n, featureCount: d, values }, features: chosen };
	}
	return { matrix: mergeToCsr(columns as (NumericColumn | SparseColumn)[], n, d), features: chosen };
}

/** The table's feature columns in order; a text column left over is an error naming the fix. */
function featureSources(table: Table): (NumericColumn | SparseColumn)[] {
	const text = table.columns.find((column) => column.type === 'text');
	if (text) throw new Error(`column '${text.name}' is text: add a 'vectorize text' cell before training`);
	return table.columns as (NumericColumn | SparseColumn)[];
}

function findColumn(table: Table, feature: FeatureColumn): NumericColumn | SparseColumn {
	const column: Column | undefined = table.columns.find((candidate) => candidate.name === feature.name);
	if (!column) throw new Error(`column '${feature.name}' is missing from table '${table.name}': the model was trained on it`);
	if (column.type === 'text') {
		throw new Error(`column '${feature.name}' of table '${table.name}' is text: the model reads ${feature.type === 'sparse' ? 'its hashed words' : 'it as a number'}`);
	}
	if (feature.type === 'numeric' && column.type !== 'numeric') {
		throw new Error(`column '${feature.name}' of table '${table.name}' is hashed text: the model reads it as a number`);
	}
	if (feature.type === 'sparse' && (column.type !== 'sparse' || column.width !== feature.width)) {
		const found = column.type === 'sparse' ? `${column.width} hashed features` : 'a number';
		throw new Error(`column '${feature.name}' of table '${table.name}' holds ${found}: the model reads ${feature.width} hashed features`);
	}
	return column;
}

function requireFinite(column: NumericColumn): void {
	const { values } = column;
	for (let i = 0; i < values.length; i++) {
		// A NaN here would surface later as "weights became NaN": name the column and row instead.
		if (!Number.isFinite(values[i]!)) throw new Error(`column '${column.name}' has a missing or non-numeric value at data row ${i + 1}`);
	}
}

/** Concatenates the columns' features row by row into one CSR matrix (indices stay ascending). */
function mergeToCsr(columns: (NumericColumn | SparseColumn)[], n: number, d: number): FeatureMatrix {
	let nnz = 0;
	for (const column of columns) {
		if (column.type === 'sparse') nnz += column.indptr[n]!;
		else for (let i = 0; i < n; i++) if (column.values[i] !== 0) nnz++;
	}
	if (columns.length === 1 && columns[0]!.type === 'sparse') {
		const only = columns[0] as SparseColumn;
		return { format: 'csr', rowCount: n, featureCount: d, indptr: only.indptr, indices: only.indices, values: only.values };
	}
	const indptr = new Uint32Array(n + 1);
	const indices = new Uint32Array(nnz);
	const values = new Float32Array(nnz);
	let at = 0;
	for (let i = 0; i < n; i++) {
		let offset = 0;
		for (const column of columns) {
			if (column.type === 'numeric') {
				const value = column.values[i]!;
				if (value !== 0) {
					indices[at] = offset;
					values[at++] = value;
				}
				offset += 1;
				continue;
			}
			for (let k = column.indptr[i]!; k < column.indptr[i + 1]!; k++) {
				indices[at] = offset + column.indices[k]!;
				values[at++] = column.values[k]!;
			}
			offset += column.width;
		}
		indptr[i + 1] = at;
	}
	return { format: 'csr', rowCount: n, featureCount: d, indptr, indices, values };
}
