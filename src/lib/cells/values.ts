/**
 * The values that flow along the links of a notebook. Columnar, with typed arrays, so they
 * cross to and from workers as ArrayBuffers (never arrays of row objects); the table itself is
 * the ground type of `data/`.
 */
import type { ClassificationMetrics, LinearModel } from '../ml/model';
import type { PreprocessingStep } from '../data/preprocessing';
import type { Table } from '../data/table';
import type { DriftReport } from '../ml/drift/types';

export type { Column, NumericColumn, SparseColumn, Table, TextColumn } from '../data/table';
import type { Predictions } from './predict';
import type { Registration } from './register';

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

export type { DriftReport } from '../ml/drift/types';

export type CellValue = Table | Splits | LinearModel | Evaluation | Registration | ModelGrid | Predictions | DriftReport;
export type ValueKind = CellValue['kind'];
