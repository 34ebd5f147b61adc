/**
 * Which paths the loss-surface worker replays (ml/path-replay.ts) before it draws a scene, and
 * what it got, kept by model object so that reopening the panel or switching directions never
 * replays again. Of each grid cell's replayable models (LinearModel.pathReplayable) the ones
 * "select best" may choose: the best by objective, and by validation accuracy and F1 when each
 * has validation metrics — at most three. Only models read as the scene's rows are (the chosen
 * model's features and classes) are replayed over them. The others of the grid then say whose
 * paths were replayed.
 */
import { rankModels } from '../cells/select';
import type { LinearModel, ModelSelection } from '../ml/model';
import { replayedNote, type ReplayedPath } from '../ml/path-replay';

export class PathReplays {
	/** What each model shows once its grid's replay is done: its path, or its note. */
	#done = new WeakMap<LinearModel, ReplayedPath>();

	/** The models of `models` whose paths a scene around `chosen` replays first (none once done). */
	pending(models: readonly LinearModel[], chosen: LinearModel): LinearModel[] {
		const sameRows = (model: LinearModel) => JSON.stringify(model.features) === JSON.stringify(chosen.features) && model.classes.join('\u0000') === chosen.classes.join('\u0000');
		const byGrid = new Map<string, LinearModel[]>();
		for (const model of models) {
			if (!model.pathReplayable || model.path || model.intercept.length !== 1 || !sameRows(model)) continue;
			byGrid.set(model.origin.cellId, [...(byGrid.get(model.origin.cellId) ?? []), model]);
		}
		return [...byGrid.values()].flatMap((grid) => bestOf(grid).filter((model) => !this.#done.has(model)));
	}

	/**
	 * Keeps the replays of `replayed` (`results` in the same order, an error as a note), and notes
	 * for the other replayable models of their grids among `models`.
	 */
	record(models: readonly LinearModel[], replayed: readonly LinearModel[], results: readonly (ReplayedPath | { error: string })[]): void {
		replayed.forEach((model, k) => {
			const result = results[k]!;
			this.#done.set(model, 'error' in result ? { pathNote: `${replayedNote(model.pathNote, [])}; its path could not be replayed on the CPU: ${result.error}` } : result);
		});
		for (const cellId of new Set(replayed.map((model) => model.origin.cellId))) {
			const recorded = replayed.filter((model) => model.origin.cellId === cellId && 'path' in this.#done.get(model)!).map((model) => model.origin.cellTitle);
			for (const model of models) {
				if (model.origin.cellId !== cellId || !model.pathReplayable || model.path || this.#done.has(model)) continue;
				this.#done.set(model, { pathNote: replayedNote(model.pathNote, recorded) });
			}
		}
	}

	/** The path and note a scene shows of `model`: its replay's once done, else its own. */
	shown(model: LinearModel): Pick<LinearModel, 'path' | 'pathNote'> {
		const done = this.#done.get(model);
		if (!done) return { ...(model.path ? { path: model.path } : {}), ...(model.pathNote ? { pathNote: model.pathNote } : {}) };
		return done;
	}
}

/** The best of one grid's models by objective, and by validation accuracy and F1 when every one has validation metrics. */
function bestOf(grid: readonly LinearModel[]): LinearModel[] {
	const rankings: ModelSelection['by'][] = grid.some((model) => model.validationMetrics === null) ? ['objective'] : ['objective', 'validation-accuracy', 'validation-f1'];
	return [...new Set(rankings.map((by) => rankModels(grid, by)[0]!.model))];
}
