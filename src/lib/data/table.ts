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

/** A labelled table: feature columns plus a label per row (an index into `classes`). */
export interface Table {
	kind: 'table';
	name: string;
	rowCount: number;
	columns: Column[];
	labelName: string;
	/** Class names sorted as scikit-learn sorts them (the binary positive class is classes[1]). */
	classes: string[];
	labels: Int8Array;
	/** Where the rows came from, for lineage: a file name or a generator and seed. */
	source: string;
	/**
	 * Preprocessing already applied to these rows (e.g. hashed words before a split); the split
	 * cell carries it into `Splits.preprocessing`. Absent = none.
	 */
	preprocessing?: PreprocessingStep[];
}

/** The name of feature `index` of a sparse column. */
export function sparseFeatureName(column: Pick<SparseColumn, 'name'>, index: number): string {
	return `${column.name}#${index}`;
}

/** How many features a column contributes to a feature matrix (a text column none). */
export function columnWidth(column: Column): number {
	return column.type === 'numeric' ? 1 : column.type === 'sparse' ? column.width : 0;
}
