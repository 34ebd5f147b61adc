/**
 * "Select best": of the models that trained (a failed sibling does not stop it), keep the one
 * with the lowest final objective or the highest validation metric. Ties go to the earlier
 * input, so the choice is the same on every run. Only like is ranked with like: objectives of
 * models trained on differently preprocessed data, or validation scores measured on different
 * rows (or of different positive classes), are refused rather than compared.
 */
import { stableStringify } from '../ml/hash';
import { positiveClassOf } from '../ml/metrics';
import type { LinearModel, ModelRanking, ModelSelection } from '../ml/model';
import { describeStep } from '../ml/replay';
import type { CellDefinition } from './types';

export interface SelectParams {
	by: ModelSelection['by'];
}

export const selectCell: CellDefinition<SelectParams, LinearModel> = {
	kind: 'select',
	label: 'Select best',
	description: 'Keeps the best of several trained models: lowest hinge objective, or highest validation accuracy or F1.',
	fields: [
		{
			key: 'by',
			help: 'How the best model is chosen: lowest final objective, or best validation metric.',
			label: 'Rank by',
			type: 'choice',
			default: 'objective',
			options: [
				{ value: 'objective', label: 'lowest final objective' },
				{ value: 'validation-accuracy', label: 'highest validation accuracy' },
				{ value: 'validation-f1', label: 'highest validation F1' }
			]
		}
	],
	inputs: [{ name: 'models', label: 'Models', accepts: ['model', 'model-grid'], multiple: true, partial: true, required: true }],
	output: 'model',

	async run(params, inputs, context) {
		// A grid cell counts as its models, so a grid ranks as the same models in separate cells would.
		const models = (inputs.models ?? []).flatMap((value): LinearModel[] =>
			value.kind === 'model' ? [value] : value.kind === 'model-grid' ? value.models : []
		);
		if (models.length === 0) throw new Error('no model to select from: every upstream training cell failed');
		assertComparable(models, params.by);
		const ranked = rankModels(models, params.by);
		const positive = params.by === 'validation-f1' ? positiveClassOf(models[0]!.validationMetrics ?? { classes: [] }) : undefined;
		context.log(`ranked ${models.length} models by ${params.by}${positive === undefined ? '' : ` (F1 of '${positive}')`}:`);
		ranked.forEach(({ entry }, place) => {
			context.log(`${place + 1}. ${entry.cellTitle} (${entry.cellId}): ${entry.score.toPrecision(6)}`);
		});
		const best = ranked[0]!.model;
		return { ...best, selection: { by: params.by, ranking: ranked.map(({ entry }) => entry) } };
	},

	summarize(model) {
		const best = model.selection?.ranking[0];
		return {
			best: model.origin.cellTitle,
			score: best?.score ?? model.finalObjective,
			candidates: model.selection?.ranking.length ?? 1
		};
	}
};

/**
 * Best first. Equal validation scores (common on small validation splits) are broken by the lower
 * final objective; a stable sort keeps input order among models equal on both.
 */
export function rankModels(
	models: readonly LinearModel[],
	by: ModelSelection['by']
): { model: LinearModel; entry: ModelRanking }[] {
	const scored = models.map((model) => ({ model, entry: rankingEntry(model, by) }));
	const direction = by === 'objective' ? 1 : -1;
	return scored.sort((a, b) => direction * (a.entry.score - b.entry.score) || a.entry.finalObjective - b.entry.finalObjective);
}

function rankingEntry(model: LinearModel, by: ModelSelection['by']): ModelRanking {
	const validation = model.validationMetrics;
	if (by !== 'objective' && !validation) {
		throw new Error(
			`model from '${model.origin.cellTitle}' has no validation metrics: give the split cell a validation fraction, or rank by objective`
		);
	}
	return {
		cellId: model.origin.cellId,
		cellTitle: model.origin.cellTitle,
		score: by === 'objective' ? model.finalObjective : by === 'validation-accuracy' ? validation!.accuracy : validation!.f1,
		finalObjective: model.finalObjective,
		validationAccuracy: validation?.accuracy ?? null
	};
}

const stepsOf = (model: LinearModel) => (model.preprocessing.length === 0 ? 'raw data' : model.preprocessing.map(describeStep).join(', then '));

/** What a validation score was measured on: rows per class (and the positive class for F1). */
function validationRows(model: LinearModel, by: ModelSelection['by']): string {
	const metrics = model.validationMetrics;
	if (!metrics) return '';
	const perClass = metrics.classes.map((name, k) => `${name} ${(metrics.confusion[k] ?? []).reduce((sum, count) => sum + count, 0)}`).join(', ');
	const positive = by === 'validation-f1' && positiveClassOf(metrics) !== undefined ? `; F1 of '${positiveClassOf(metrics)}'` : '';
	return `${metrics.count} rows (${perClass})${positive}`;
}

/**
 * Throws, naming two models, when their scores are not comparable: an objective depends on the
 * scale of the features it was trained on, a validation score on the rows it was measured on.
 */
export function assertComparable(models: readonly LinearModel[], by: ModelSelection['by']): void {
	const [first, ...rest] = models;
	if (!first) return;
	if (by === 'objective') {
		const other = rest.find((model) => stableStringify(model.preprocessing) !== stableStringify(first.preprocessing));
		if (other) {
			throw new Error(
				`cannot rank by objective: '${first.origin.cellTitle}' was trained on ${stepsOf(first)}, '${other.origin.cellTitle}' on ${stepsOf(other)}; ` +
					'objectives on differently preprocessed features are not comparable: rank by a validation metric measured on the same rows'
			);
		}
		return;
	}
	const measured = validationRows(first, by);
	const other = rest.find((model) => model.validationMetrics && validationRows(model, by) !== measured);
	if (first.validationMetrics && other) {
		throw new Error(
			`cannot rank by ${by}: '${first.origin.cellTitle}' was validated on ${measured}, '${other.origin.cellTitle}' on ${validationRows(other, by)}: ` +
				'train the models on the same split so they are validated on the same rows'
		);
	}
}
