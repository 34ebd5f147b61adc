/**
 * A labelled table, column by column, with typed arrays so it crosses to and from workers as
 * ArrayBuffers (never arrays of row objects). The ground type of Descent: every stage reads and
 * writes it; this module imports nothing of ours but `data/`.
 */
import type { PreprocessingStep } from './preprocessing';

export interface NumericColumn {
	name: string;
	type: 'numeric';
	values: Float32Array;
}

export interface TextColumn {
	name: string;
	type: 'text';
	values: string[];
}

/**
 * Many numeric features derived from one source column (hashed words), stored as CSR so memory
 * grows with the non-zeros, not with rows × width. Feature j is named `${name}#${j}`.
 * Invariants (checked by `validateCsr`): indptr has rowCount + 1 non-decreasing entries from 0
 * to nnz; each row's indices are strictly ascending and below `width`.
 */
export interface SparseColumn {
	name: string;
	type: 'sparse';
	width: number;
	indptr: Uint32Array;
	indices: Uint32Array;
	values: Float32Array;
}

export type Column = NumericColumn | TextColumn | SparseColumn;

/**
 * A table: feature columns plus a label per row (an index into `classes`), or rows to score
 * without labels (new data after deployment: `hasLabels` is false, see `unlabelled`).
 */
export interface Table {
	kind: 'table';
	name: string;
	rowCount: number;
	columns: Column[];
	/** The label column's name; '' when the rows have no labels. */
	labelName: string;
	/** Class names sorted as scikit-learn sorts them (the binary positive class is classes[1]); empty when the rows have no labels. */
	classes: string[];
	/** Each row's class index (rowCount entries); empty when the rows have no labels. */
	labels: Int8Array;
	/** Where the rows came from, for lineage: a file name or a generator and seed. */
	source: string;
	/**
	 * Preprocessing already applied to these rows (e.g. hashed words before a split); the split
	 * cell carries it into `Splits.preprocessing`. Absent = none.
	 */
	preprocessing?: PreprocessingStep[];
}

/** The label fields of a table whose rows have no labels (rows to score). */
export const unlabelled = (): Pick<Table, 'labelName' | 'classes' | 'labels'> => ({ labelName: '', classes: [], labels: new Int8Array(0) });

/** Whether the rows have labels: false for rows to score, which train, split and evaluate refuse. */
export const hasLabels = (table: Pick<Table, 'classes'>): boolean => table.classes.length > 0;

/**
 * Throws, naming `what` and `use` (what the cell does with labels), when the rows have no labels:
 * "table 'new-orders' has no labels (its dataset cell reads no label column), so there is nothing to train on: …".
 */
export function requireLabels(table: Pick<Table, 'classes'>, what: string, use: string): void {
	if (hasLabels(table)) return;
	throw new Error(`${what} has no labels (its dataset cell has "Has a label column" off), so there is nothing to ${use}: turn the label column on there, or link these rows to a predict cell to score them`);
}

/** The name of feature `index` of a sparse column. */
export function sparseFeatureName(column: Pick<SparseColumn, 'name'>, index: number): string {
	return `${column.name}#${index}`;
}

/** How many features a column contributes to a feature matrix (a text column none). */
export function columnWidth(column: Column): number {
	return column.type === 'numeric' ? 1 : column.type === 'sparse' ? column.width : 0;
}
