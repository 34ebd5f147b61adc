/**
 * "Train": a linear SVM by SGD on the training part of a split (CPU reference path), with
 * scikit-learn SGDClassifier's hyperparameters, metrics on train and validation, and one log
 * line and progress tick per epoch.
 */
import { formatCount } from '../data/format-count';
import { assertNoMissing } from '../data/missing';
import { tableToMatrix } from '../data/table-matrix';
import { classificationMetrics, modelMetrics, positiveClassIndex } from '../ml/metrics';
import { decisionScores, labelsForModel, labelsFromScores, scoreRows } from '../ml/predict';
import type { LinearModel, SgdHyperparameters } from '../ml/model';
import { denseRowsInKernel } from '../ml/dense-kernel';
import { fitLinearModel } from '../ml/train';
import type { CellDefinition } from './types';
import type { CellValue, Splits } from './values';

export type TrainParams = SgdHyperparameters;

export const trainCell: CellDefinition<TrainParams, LinearModel> = {
	kind: 'train',
	label: 'Train (SGD)',
	description: 'A linear SVM (hinge loss, L2 penalty) trained by stochastic gradient descent, as scikit-learn’s SGDClassifier.',
	fields: [
		{ key: 'alpha', help: 'The L2 regularisation strength (scikit-learn\'s alpha); larger values shrink the weights more.', label: 'α (L2 penalty)', type: 'number', default: 0.0001, min: 0, log: true },
		{
			key: 'schedule',
			help: 'How the learning rate changes over the steps (scikit-learn\'s learning_rate).',
			label: 'Learning-rate schedule',
			type: 'choice',
			default: 'optimal',
			options: [
				{ value: 'constant', label: 'constant (η0)' },
				{ value: 'optimal', label: 'optimal (1 / α(t0 + t))' },
				{ value: 'invscaling', label: 'invscaling (η0 / t^power_t)' },
				{ value: 'adaptive', label: 'adaptive (η0, ÷5 on plateaus)' }
			]
		},
		{
			key: 'eta0',
			help: 'The initial learning rate of the constant, invscaling and adaptive schedules (unused by optimal).',
			label: 'η0 (initial learning rate)',
			type: 'number',
			default: 0.01,
			min: 0,
			exclusiveMin: true,
			log: true,
			when: { key: 'schedule', equals: ['constant', 'invscaling', 'adaptive'] }
		},
		{ key: 'powerT', help: 'The exponent of the invscaling schedule: η = η0 / t^power_t.', label: 'power_t', type: 'number', default: 0.5, when: { key: 'schedule', equals: ['invscaling'] } },
		{ key: 'epochs', help: 'Passes over the training rows (scikit-learn\'s max_iter).', label: 'Epochs', type: 'integer', default: 10, min: 1, max: 10000 },
		{ key: 'seed', help: 'The seed of the row order each epoch (scikit-learn\'s random_state).', label: 'Shuffle seed', type: 'integer', default: 0 },
		{ key: 'shuffle', help: 'Shuffle the rows before every epoch (scikit-learn\'s shuffle).', label: 'Shuffle every epoch', type: 'boolean', default: true },
		{ key: 'fitIntercept', help: 'Learn a bias term; off, the boundary goes through the origin.', label: 'Fit intercept', type: 'boolean', default: true },
		{ key: 'average', help: 'Return the average of the weights over the steps (scikit-learn\'s average=True).', label: 'Averaged SGD', type: 'boolean', default: false },
		{
			key: 'classWeight',
			help: 'Weight each class\'s updates; \'balanced\' weighs them inversely to their frequency.',
			label: 'Class weights',
			type: 'choice',
			default: 'none',
			options: [
				{ value: 'none', label: 'none' },
				{ value: 'balanced', label: 'balanced (n / (classes · count))' }
			]
		},
		{ key: 'batchSize', label: 'Batch size', type: 'integer', default: 1, min: 1, help: '1 = plain SGD; larger batches average the gradient.' },
		{ key: 'tol', help: 'The adaptive schedule\'s stopping rule: no improvement larger than tol for the given epochs.', label: 'Tolerance', type: 'number', default: 1e-3, min: 0, when: { key: 'schedule', equals: ['adaptive'] } },
		{
			key: 'nIterNoChange',
			help: 'How many epochs without improvement the adaptive schedule waits before lowering the rate (scikit-learn\'s n_iter_no_change).',
			label: 'Epochs without improvement',
			type: 'integer',
			default: 5,
			min: 1,
			when: { key: 'schedule', equals: ['adaptive'] }
		}
	],
	inputs: [{ name: 'data', label: 'Splits', accepts: ['splits'], multiple: false, partial: false, required: true }],
	output: 'model',

	async run(params, inputs, context) {
		const splits = splitsInput(inputs);
		// Never train (or measure validation) on a NaN: name the columns and point at the impute cell.
		assertNoMissing(splits.train, 'the train split');
		if (splits.validation) assertNoMissing(splits.validation, 'the validation split');
		const started = context.now();
		// Plain SGD on two classes trains dense rows in WebAssembly: build them in its memory, so the
		// 4 bytes per value are not copied there again (a 10⁶ × 32 split is 128 MB).
		const inKernel = params.batchSize === 1 && splits.train.classes.length === 2;
		const trainMatrix = tableToMatrix(splits.train, undefined, inKernel ? denseRowsInKernel : undefined);
		const { matrix } = trainMatrix;
		const { epochs } = params;
		context.log(
			`training on ${formatCount(matrix.rowCount, 'row')} × ${formatCount(matrix.featureCount, 'feature')}, classes ${splits.train.classes.join(', ')}`
		);
		const fit = fitLinearModel(trainMatrix, splits.train.labels, splits.train.classes, params, (report) => {
			const against = report.rows > 1 ? `class '${splits.train.classes[report.row]}' vs rest: ` : '';
			// Before the last epoch SGD reports its running estimate (sklearn's average loss), marked ≈.
			context.log(`${against}epoch ${report.epoch}/${epochs}: objective ${report.exact ? '' : '≈ '}${report.objective.toPrecision(6)}`);
			const label = report.rows > 1 ? `epoch ${report.epoch}/${epochs} (class ${report.row + 1}/${report.rows})` : `epoch ${report.epoch}/${epochs}`;
			context.progress(report.fraction, label);
		});
		const partial = { ...fit, preprocessing: [...splits.preprocessing] };
		// The train rows are scored from the matrix the model was fitted on (modelMetrics would build
		// the same matrix again from the table: another 4 bytes per value at the run's peak).
		const scores = decisionScores(partial, matrix);
		const predicted = labelsFromScores(scores, scoreRows(partial));
		const trainMetrics = classificationMetrics(labelsForModel(partial, splits.train), predicted, partial.classes, positiveClassIndex(partial.classes));
		const validationMetrics = splits.validation ? modelMetrics(partial, splits.validation) : null;
		context.log(
			`final objective ${fit.finalObjective.toPrecision(6)}, train accuracy ${trainMetrics.accuracy.toFixed(4)}` +
				(validationMetrics ? `, validation accuracy ${validationMetrics.accuracy.toFixed(4)}` : '')
		);
		return {
			kind: 'model',
			...partial,
			trainMetrics,
			validationMetrics,
			origin: { cellId: context.cell.id, cellTitle: context.cell.title, device: 'cpu' },
			trainingMs: context.now() - started
		};
	},

	summarize(model) {
		const summary: Record<string, number | string> = {
			finalObjective: model.finalObjective,
			trainAccuracy: model.trainMetrics.accuracy
		};
		if (model.validationMetrics) summary.validationAccuracy = model.validationMetrics.accuracy;
		summary.epochs = Math.max(...model.objectiveCurves.map((curve) => curve.length));
		return summary;
	}
};

function splitsInput(inputs: Record<string, CellValue[]>): Splits {
	const value = inputs.data?.[0];
	if (!value) throw new Error("input 'data' is missing: connect a split cell");
	if (value.kind !== 'splits') throw new Error(`input 'data' is a ${value.kind}, expected splits`);
	return value;
}
