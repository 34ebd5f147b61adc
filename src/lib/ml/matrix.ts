/**
 * A Table's feature columns as one row-major float32 matrix: the layout the SGD reference
 * walks row by row and the GPU kernels read from one storage buffer.
 */
import type { Column, Table } from '../cells/values';

export interface FeatureMatrix {
	/** rowCount × featureCount, row-major. */
	values: Float32Array;
	rowCount: number;
	featureCount: number;
	featureNames: string[];
}

/**
 * All columns of the table, in order; or exactly `featureNames`, in that order (to score a
 * table with a trained model, whose columns may be ordered differently).
 */
export function tableToMatrix(table: Table, featureNames?: readonly string[]): FeatureMatrix {
	const columns = featureNames ? featureNames.map((name) => findColumn(table, name)) : table.columns;
	const rowCount = table.rowCount;
	const featureCount = columns.length;
	const values = new Float32Array(rowCount * featureCount);
	columns.forEach((column, j) => {
		if (column.type === 'text') {
			throw new Error(`column '${column.name}' is text: add a 'vectorize text' cell before training`);
		}
		if (column.values.length !== rowCount) {
			throw new Error(`column '${column.name}' has ${column.values.length} values, the table has ${rowCount} rows`);
		}
		for (let i = 0; i < rowCount; i++) {
			const value = column.values[i]!;
			// A NaN here would surface later as "weights became NaN": name the cell of the table instead.
			if (!Number.isFinite(value)) {
				throw new Error(`column '${column.name}' has a missing or non-numeric value at row ${i + 1}`);
			}
			values[i * featureCount + j] = value;
		}
	});
	return { values, rowCount, featureCount, featureNames: columns.map((column) => column.name) };
}

function findColumn(table: Table, name: string): Column {
	const column = table.columns.find((candidate) => candidate.name === name);
	if (!column) throw new Error(`column '${name}' is missing from table '${table.name}': the model was trained on it`);
	return column;
}
