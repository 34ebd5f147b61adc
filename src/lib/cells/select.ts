/**
 * "Select best": of the models that trained (a failed sibling does not stop it), keep the one
 * with the lowest final objective or the highest validation metric. Ties go to the earlier
 * input, so the choice is the same on every run.
 */
import type { LinearModel, ModelRanking, ModelSelection } from '../ml/model';
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
		const ranked = rankModels(models, params.by);
		context.log(`ranked ${models.length} models by ${params.by}:`);
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
