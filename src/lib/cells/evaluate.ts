/**
 * "Evaluate": a model's metrics on the test (or validation) part of a split. The part is scored
 * once, as the matrix the model reads (CSR for hashed words, never densified), and the metrics
 * and the curves' scores come from that one pass.
 *
 * The part is first prepared for the model (`model-input.ts`): splits that are rawer than the
 * model's training data (unscaled, not vectorised) get the model's remaining steps replayed;
 * splits preprocessed differently are refused, naming the difference. So an unscaled split fed
 * to a model trained on scaled data is scored as the model saw its training data, never silently
 * on the wrong features.
 */
import type { LinearModel } from '../ml/model';
import { tableToMatrix } from '../data/table-matrix';
import { classificationMetrics, metricLabel, positiveClassIndex } from '../ml/metrics';
import { decisionScores, labelsForModel, labelsFromScores, scoreRows } from '../ml/predict';
import { assertScorable } from '../ml/replay';
import { replayLine, splitForModel } from './model-input';
import type { CellDefinition } from './types';
import type { CellValue, Evaluation, Splits } from './values';

export interface EvaluateParams {
	split: Evaluation['split'];
	/** The class precision, recall, F1, ROC and PR are of (two classes); '' = scikit-learn's default pos_label. */
	positiveClass?: string;
}

export const evaluateCell: CellDefinition<EvaluateParams, Evaluation> = {
	kind: 'evaluate',
	label: 'Evaluate',
	description: 'Accuracy, precision, recall, F1 and the confusion matrix of a model on held-out data.',
	fields: [
		{
			key: 'split',
			help: 'Which held-out part to score the model on.',
			label: 'Split',
			type: 'choice',
			default: 'test',
			options: [
				{ value: 'test', label: 'test' },
				{ value: 'validation', label: 'validation' }
			]
		},
		{
			key: 'positiveClass',
			label: 'Positive class',
			type: 'text',
			default: '',
			optional: true,
			placeholder: "auto: '1', else the greater class",
			help: "Two classes: precision, recall, F1, ROC and PR are of this class. Empty = '1' when there is such a class, else the greater one (scikit-learn's pos_label)."
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
		if (params.split === 'validation' && !splits.validation) throw new Error("split 'validation' does not exist: give the split cell a validation fraction");
		const positive = positiveClassIndex(model.classes, params.positiveClass ?? '');
		if (model.classes.length > 2 && (params.positiveClass ?? '').trim() !== '') context.log(`positive class '${params.positiveClass}' not used: ${model.classes.length} classes are macro-averaged`);
		const input = splitForModel(model, splits, params.split);
		const replayed = replayLine(input);
		if (replayed) context.log(replayed);
		// Gaps the model's own impute step did not fill (or a model trained without one) are refused by name.
		const table = assertScorable(input.table, model.features, input.what);
		const scores = decisionScores(model, tableToMatrix(table, model.features).matrix);
		const actual = labelsForModel(model, table);
		const metrics = classificationMetrics(actual, labelsFromScores(scores, scoreRows(model)), model.classes, positive);
		const named = (metric: 'precision' | 'recall' | 'f1') => `${metricLabel(metric === 'f1' ? 'F1' : metric, metrics)} ${metrics[metric].toFixed(4)}`;
		context.log(`${model.origin.cellTitle} on ${table.rowCount} ${params.split} rows: accuracy ${metrics.accuracy.toFixed(4)}, ${named('precision')}, ${named('recall')}, ${named('f1')}`);
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
		const { accuracy, precision, recall, f1, count, positiveClass } = evaluation.metrics;
		// The headless summary names the class the per-class scores are of, as the workbench does.
		return { accuracy, precision, recall, f1, ...(positiveClass === undefined ? {} : { positiveClass }), rows: count };
	}
};

function single(inputs: Record<string, CellValue[]>, name: string, kind: CellValue['kind']): CellValue {
	const value = inputs[name]?.[0];
	if (!value) throw new Error(`input '${name}' is missing: connect a ${kind} cell`);
	if (value.kind !== kind) throw new Error(`input '${name}' is a ${value.kind}, expected ${kind}`);
	return value;
}
