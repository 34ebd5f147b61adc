/**
 * Replaying a grid configuration's SGD path on the CPU. A grid may keep no path for a binary
 * configuration (the GPU records them only for dense rows in its register kernel, and a wide
 * grid's share of room holds fewer than three points each) although a train cell's room would
 * hold one. The configuration trained again with the same hyperparameters and seed over the same
 * rows visits them in the same order, so it records the path the grid would have kept; it ends at
 * the grid's model (a GPU's agrees with the CPU's to 1e-4). The grid cell never does this: the
 * loss-surface worker does, for the best configurations of the grids it shows
 * (workers/path-replays.ts chooses them), so a run nobody looks at never pays the fits.
 */
import type { LinearModel } from './model';
import { pathLength, pathPlan, tooWideForPath } from './path';
import type { SurfaceData } from './surface-scene';
import { fitLinearModel } from './train';

/** What a replay reads of a model: its hyperparameters (seed included) and its weights, where the path ends. */
export type ReplayFit = Pick<LinearModel, 'coef' | 'intercept' | 'hyperparameters'>;

/** The replayed path, or why there is none (too wide for a train cell's room too). */
export type ReplayedPath = { path: Float32Array } | { pathNote: string };

/** The end of the note of a model whose path can be replayed: cut off once the replay is done (`replayedNote`). */
const REPLAY_LATER = "; the loss-surface panel records the best configurations' paths by training them again on the CPU";

/**
 * The note and mark of a binary grid model that kept no path (`reason` says why, or the grid said
 * nothing), trained over `rowCount` rows: replayable when a train cell's room holds its path,
 * else the reason it holds none anywhere, as a train cell would say it. One with a path, or
 * one-vs-rest, is returned as it is.
 */
export function markReplayable(model: LinearModel, rowCount: number): LinearModel {
	if (model.intercept.length !== 1 || model.path) return model;
	const d = model.coef.length;
	const { batchSize, epochs } = model.hyperparameters;
	if (!pathPlan(d, Math.ceil(rowCount / batchSize) * epochs)) return { ...model, pathNote: tooWideForPath(d) };
	return { ...model, pathNote: `${model.pathNote ?? 'the grid kept no path for it'}${REPLAY_LATER}`, pathReplayable: true };
}

/**
 * The note of a replayable model left out of its grid's replay, once the replay is done: its
 * reason, and which configurations' paths were replayed ("The best configurations' paths were
 * replayed on the CPU: A, B and C"), or only the reason when none was.
 */
export function replayedNote(note: string | undefined, recorded: readonly string[]): string {
	const reason = (note ?? 'the grid kept no path for it').replace(REPLAY_LATER, '');
	if (recorded.length === 0) return reason;
	const which =
		recorded.length === 1
			? `The best configuration's path was replayed on the CPU: ${recorded[0]}`
			: `The best configurations' paths were replayed on the CPU: ${new Intl.ListFormat('en', { type: 'conjunction' }).format(recorded)}`;
	return `${reason}. ${which}`;
}

/**
 * Trains `model`'s configuration again over `data` (the rows and ±1 labels it was trained on, in
 * the same order: surfaceData of its training split) with a train cell's room for the path, and
 * ends the path at `model`'s weights and bias. Throws as fitting does (e.g. a diverging run).
 */
export function replayPath(data: SurfaceData, model: ReplayFit): ReplayedPath {
	const d = data.matrix.featureCount;
	if (model.intercept.length !== 1) throw new Error('path replay: only a binary model has a path (this one is one-vs-rest)');
	if (model.coef.length !== d) throw new Error(`path replay: the model has ${model.coef.length} weights, its rows ${d} features`);
	// fitLinearModel's binary problem takes class 1 as +1: the same labels as the grid's.
	const labels = Int8Array.from(data.y, (label) => (label === 1 ? 1 : 0));
	const { path, pathNote } = fitLinearModel({ matrix: data.matrix, features: [] }, labels, ['-1', '+1'], model.hyperparameters);
	if (!path || pathLength(path, d) < 2) return { pathNote: pathNote ?? tooWideForPath(d) };
	// End at the grid's model, which the panel centres on.
	const last = path.length - (d + 1);
	path.set(model.coef.subarray(0, d), last);
	path[last + d] = model.intercept[0]!;
	return { path };
}
