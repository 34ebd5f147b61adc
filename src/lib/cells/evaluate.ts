/**
 * "Evaluate": a model's metrics on the test (or validation) part of a split. The part is scored
 * once, as the matrix the model reads (CSR for hashed words, never densified), and the metrics
 * and the curves' scores come from that one pass.
 */
import type { LinearModel } from '../ml/model';
import { tableToMatrix } from '../data/table-matrix';
import { classificationMetrics } from '../ml/metrics';
import { decisionScores, labelsForModel, labelsFromScores, scoreRows } from '../ml/predict';
import { assertScorable } from '../ml/replay';
import type { CellDefinition } from './types';
import type { CellValue, Evaluation, Splits } from './values';

export interface EvaluateParams {
	split: Evaluation['split'];
}

export const evaluateCell: CellDefinition<EvaluateParams, Evaluation> = {
	kind: 'evaluate',
	label: 'Evaluate',
	description: 'Accuracy, precision, recall, F1 and the confusion matrix of a model on held-out data.',
	fields: [
		{
			key: 'split',
			label: 'Split',
			type: 'choice',
			default: 'test',
			options: [
				{ value: 'test', label: 'test' },
				{ value: 'validation', label: 'validation' }
			]
		}
	],
	inputs: [
		{ name: 'model', label: 'Model', accepts: ['model'], multiple: false, partial: false, required: true },
		{ name: 'data', label: 'Splits', accepts: ['splits'], multiple: false, partial: false, required: true }
	],
	output: 'evaluation',

	async run(params, inputs, context) {
		const model = single(inputs, 'model', 'model') as LinearModel;
		const splits = single(inputs, 'data', 'splits') as Splits;
		const table = params.split === 'test' ? splits.test : splits.validation;
		if (!table) throw new Error("split 'validation' does not exist: give the split cell a validation fraction");
		if (table.rowCount === 0) throw new Error(`the ${params.split} split has no rows to evaluate on`);
		assertScorable(table, model.features, `the ${params.split} split`);
		const scores = decisionScores(model, tableToMatrix(table, model.features).matrix);
		const actual = labelsForModel(model, table);
		const metrics = classificationMetrics(actual, labelsFromScores(scores, scoreRows(model)), model.classes);
		context.log(
			`${model.origin.cellTitle} on ${table.rowCount} ${params.split} rows: accuracy ${metrics.accuracy.toFixed(4)}, ` +
				`precision ${metrics.precision.toFixed(4)}, recall ${metrics.recall.toFixed(4)}, F1 ${metrics.f1.toFixed(4)}`
		);
		return {
			kind: 'evaluation',
			split: params.split,
			metrics,
			model: { cellId: model.origin.cellId, cellTitle: model.origin.cellTitle },
			scores,
			actual
		};
	},

	summarize(evaluation) {
		const { accuracy, precision, recall, f1, count } = evaluation.metrics;
		return { accuracy, precision, recall, f1, rows: count };
	}
};

function single(inputs: Record<string, CellValue[]>, name: string, kind: CellValue['kind']): CellValue {
	const value = inputs[name]?.[0];
	if (!value) throw new Error(`input '${name}' is missing: connect a ${kind} cell`);
	if (value.kind !== kind) throw new Error(`input '${name}' is a ${value.kind}, expected ${kind}`);
	return value;
}
