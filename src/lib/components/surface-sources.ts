/**
 * Which trained models the notebook's loss-surface panel shows: the binary models of the
 * successful train and train-grid cells, grouped by the split they learned from, the group of
 * the model "select best" chose (or else the first), and in it the chosen model (or else the lowest objective). The answer is
 * kept by identity while nothing it names changes, so that a progress tick of a running cell
 * (which re-reads every state) does not rebuild the scene or recompute the surface.
 */
import type { CellValue, Splits } from '../cells/values';
import type { LinearModel } from '../ml/model';
import type { SceneModel } from '../ml/surface-scene';
import type { CellId, Notebook } from '../notebook/types';

export interface SurfaceSources {
	splits: Splits;
	models: (SceneModel & { model: LinearModel })[];
	/** Index into models of the one the plane goes through. */
	chosen: number;
}

export interface SourceReader {
	notebook: Notebook;
	succeeded(cellId: CellId): boolean;
	output(cellId: CellId): CellValue | null;
}

export function findSurfaceSources({ notebook, succeeded, output }: SourceReader): SurfaceSources | null {
	const groups = new Map<string, { splits: Splits; models: SurfaceSources['models'] }>();
	// A grid's models share their cell: the chosen one is known by cell and title.
	let chosen: { cellId: string; cellTitle: string } | null = null;
	for (const cell of notebook.cells) {
		if (!succeeded(cell.id)) continue;
		const value = output(cell.id);
		if (cell.kind === 'select' && value?.kind === 'model') chosen = { cellId: value.origin.cellId, cellTitle: value.origin.cellTitle };
		// A train cell gives one model; a grid cell one per configuration, titled by it.
		const trained =
			cell.kind === 'train' && value?.kind === 'model'
				? [{ title: cell.title, model: value }]
				: cell.kind === 'train-grid' && value?.kind === 'model-grid'
					? value.models.map((model) => ({ title: model.origin.cellTitle, model }))
					: [];
		const binary = trained.filter((entry) => entry.model.intercept.length === 1);
		if (binary.length === 0) continue;
		const source = cell.inputs.data?.[0];
		const splits = source ? output(source) : null;
		if (!source || splits?.kind !== 'splits') continue;
		const group = groups.get(source) ?? { splits, models: [] };
		group.models.push(...binary);
		groups.set(source, group);
	}
	const all = [...groups.values()];
	const isChosen = (model: LinearModel) => chosen !== null && model.origin.cellId === chosen.cellId && model.origin.cellTitle === chosen.cellTitle;
	const group = all.find((item) => item.models.some((entry) => isChosen(entry.model))) ?? all[0] ?? null;
	if (!group) return null;
	let best = 0;
	group.models.forEach((entry, index) => {
		const pick = chosen === null ? entry.model.finalObjective < group.models[best]!.model.finalObjective : isChosen(entry.model);
		if (pick) best = index;
	});
	return { ...group, chosen: best };
}

/** Same split, same model objects with the same titles, same chosen one. */
export function sameSurfaceSources(a: SurfaceSources | null, b: SurfaceSources | null): boolean {
	if (a === null || b === null) return a === b;
	return (
		a.splits === b.splits &&
		a.chosen === b.chosen &&
		a.models.length === b.models.length &&
		a.models.every((entry, index) => entry.model === b.models[index]!.model && entry.title === b.models[index]!.title)
	);
}

/**
 * What the panel says while it has no model to draw: the notebook may train none (no train or
 * train-grid cell, a drift notebook say), or only models of more than two classes (one-vs-rest
 * has no single plane), where "Run the notebook" would ask for a run that has been made.
 */
export function noSurfaceReason({ notebook, succeeded, output }: SourceReader): string {
	const trainers = notebook.cells.filter((cell) => cell.kind === 'train' || cell.kind === 'train-grid');
	if (trainers.length === 0) return 'This notebook trains no model: add a train or train-grid cell, and the SGD paths of its binary models are drawn here on their loss surface.';
	const trained = trainers.filter((cell) => succeeded(cell.id)).map((cell) => output(cell.id));
	const models = trained.flatMap((value) => (value?.kind === 'model' ? [value] : value?.kind === 'model-grid' ? value.models : []));
	if (trained.length === trainers.length && models.length > 0 && models.every((model) => model.intercept.length > 1)) {
		return `The loss surface is drawn for binary models; the models trained here separate ${models[0]!.classes.length} classes (one-vs-rest), one weight vector per class.`;
	}
	return 'Run the notebook: the paths of the trained binary models are drawn here on their loss surface.';
}
