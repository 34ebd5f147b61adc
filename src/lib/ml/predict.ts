/**
 * Scoring with a trained linear model. The table must already have been through the
 * model's preprocessing (the pipeline applies it to test and validation parts); columns are
 * matched by name.
 */
import { requireLabels, type Table } from '../data/table';
import { decisionValue } from './hinge';
import type { FeatureMatrix } from '../data/feature-matrix';
import { tableToMatrix } from '../data/table-matrix';
import type { LinearModel } from './model';
import { dataRowPlace } from '../data/row-place';

export type LinearWeights = Pick<LinearModel, 'classes' | 'features' | 'coef' | 'intercept'>;

/** How many rows of coef: 1 for binary, one per class otherwise. */
export function scoreRows(model: LinearWeights): number {
	return model.intercept.length;
}

/** rowCount × scoreRows decision values w_k·x + b_k, float32 as in training. */
export function decisionScores(model: LinearWeights, matrix: FeatureMatrix): Float32Array {
	const rows = scoreRows(model);
	const d = matrix.featureCount;
	if (model.coef.length !== rows * d) {
		throw new Error(`model has ${model.coef.length} weights, expected ${rows} × ${d} features`);
	}
	const scores = new Float32Array(matrix.rowCount * rows);
	for (let k = 0; k < rows; k++) {
		const weights = model.coef.subarray(k * d, (k + 1) * d);
		const bias = model.intercept[k]!;
		for (let i = 0; i < matrix.rowCount; i++) {
			scores[i * rows + k] = decisionValue(weights, bias, matrix, i);
		}
	}
	return scores;
}

/** Class indices: binary → score > 0 is classes[1]; OvR → the first highest score (numpy's argmax). */
export function labelsFromScores(scores: Float32Array, rows: number): Int8Array {
	const count = scores.length / rows;
	const labels = new Int8Array(count);
	for (let i = 0; i < count; i++) {
		if (rows === 1) {
			labels[i] = scores[i]! > 0 ? 1 : 0;
			continue;
		}
		let best = 0;
		for (let k = 1; k < rows; k++) if (scores[i * rows + k]! > scores[i * rows + best]!) best = k;
		labels[i] = best;
	}
	return labels;
}

export interface TablePrediction {
	scores: Float32Array;
	/** Indices into model.classes. */
	predicted: Int8Array;
}

export function predictTable(model: LinearWeights, table: Table): TablePrediction {
	const { matrix } = tableToMatrix(table, model.features);
	const scores = decisionScores(model, matrix);
	return { scores, predicted: labelsFromScores(scores, scoreRows(model)) };
}

/** The table's labels as indices into the model's classes (the two lists are matched by name); throws when the rows have no labels or a class the model never saw. */
export function labelsForModel(model: Pick<LinearModel, 'classes'>, table: Table): Int8Array {
	requireLabels(table, `table '${table.name}'`, 'measure the model against');
	const mapping = table.classes.map((name) => model.classes.indexOf(name));
	const labels = new Int8Array(table.rowCount);
	for (let i = 0; i < table.rowCount; i++) {
		const tableLabel = table.labels[i]!;
		const index = mapping[tableLabel];
		if (index === undefined || index < 0) {
			const name = table.classes[tableLabel] ?? `#${tableLabel}`;
			throw new Error(`${dataRowPlace(i + 1)} of table '${table.name}' has class '${name}', which the model never saw`);
		}
		labels[i] = index;
	}
	return labels;
}
