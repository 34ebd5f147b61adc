/**
 * The values that flow along the links of a notebook. Columnar, with typed arrays, so they
 * cross to and from workers as ArrayBuffers (never arrays of row objects).
 */
import type { ClassificationMetrics, LinearModel } from '../ml/model';
import type { PreprocessingStep } from '../ml/preprocessing';
import type { Predictions } from './predict';
import type { Registration } from './register';

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

export type Column = NumericColumn | TextColumn;

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
	 * Stateless preprocessing already applied to these rows (e.g. hashed words before a split);
	 * the split cell carries it into `Splits.preprocessing`. Absent = none.
	 */
	preprocessing?: PreprocessingStep[];
}

/** Train/test (and optional validation) parts of one table, with the preprocessing applied so far. */
export interface Splits {
	kind: 'splits';
	train: Table;
	test: Table;
	validation: Table | null;
	preprocessing: PreprocessingStep[];
}

export interface Evaluation {
	kind: 'evaluation';
	split: 'test' | 'validation';
	metrics: ClassificationMetrics;
	model: { cellId: string; cellTitle: string };
	/**
	 * The decision values behind the metrics, for ROC and precision–recall curves: rows × k
	 * (k = 1 for binary, the positive class's score; one per class for one-vs-rest), row-major,
	 * and each row's actual class index.
	 */
	scores?: Float32Array;
	actual?: Int8Array;
}

/** The models of one grid-search cell, one per configuration that trained (origin.cellTitle names it). */
export interface ModelGrid {
	kind: 'model-grid';
	models: LinearModel[];
	device: 'cpu' | 'gpu';
	/** "vendor architecture" of the WebGPU adapter, or null on the CPU. */
	adapter: string | null;
}

export type CellValue = Table | Splits | LinearModel | Evaluation | Registration | ModelGrid | Predictions;
export type ValueKind = CellValue['kind'];
