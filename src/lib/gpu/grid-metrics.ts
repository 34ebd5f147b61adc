/**
 * Train or validation metrics of every model of a grid in one GPU pass (predict.wgsl), over dense
 * or CSR (hashed text) rows: the models' rows of weights are stacked, scored together, then
 * split back per model.
 */
import type { Table } from '../data/table';
import { tableToMatrix } from '../data/table-matrix';
import { classificationMetrics } from '../ml/metrics';
import type { ClassificationMetrics } from '../ml/model';
import { labelsForModel, labelsFromScores, type LinearWeights } from '../ml/predict';
import type { GpuContext } from './device';
import { predictGpu } from './predict';

export async function gridMetricsOnGpu(gpu: GpuContext, models: readonly LinearWeights[], table: Table): Promise<ClassificationMetrics[]> {
	const first = models[0];
	if (!first) return [];
	const { matrix } = tableToMatrix(table, first.features);
	const d = matrix.featureCount;
	const rowsPerModel = models.map((model) => model.intercept.length);
	const K = rowsPerModel.reduce((sum, rows) => sum + rows, 0);
	const coef = new Float32Array(K * d);
	const intercept = new Float32Array(K);
	let at = 0;
	for (const model of models) {
		coef.set(model.coef, at * d);
		intercept.set(model.intercept, at);
		at += model.intercept.length;
	}
	const { scores } = await predictGpu(gpu, { coef, intercept, featureCount: d }, matrix);
	let offset = 0;
	return models.map((model, index) => {
		const rows = rowsPerModel[index]!;
		const own = new Float32Array(matrix.rowCount * rows);
		for (let i = 0; i < matrix.rowCount; i++) {
			for (let r = 0; r < rows; r++) own[i * rows + r] = scores[i * K + offset + r]!;
		}
		offset += rows;
		return classificationMetrics(labelsForModel(model, table), labelsFromScores(own, rows), model.classes);
	});
}
