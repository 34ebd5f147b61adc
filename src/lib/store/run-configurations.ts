/**
 * The configurations a run tried, for the runs page's grid (hyperparameter against metric, one
 * point per configuration). Two sources in a run record:
 * - the configurations a train-grid cell recorded (`RunCellRecord.configurations`), one grid per cell;
 * - cells of one kind that occur more than once (several train cells), one configuration per cell.
 * Runs recorded before configurations were kept still read: their grid cell says so instead.
 */
import type { ModelGrid } from '../cells/values';
import type { RunCellRecord, RunRecord } from './records';

export type RunConfiguration = NonNullable<RunCellRecord['configurations']>[number];

export interface RunGridGroup {
	/** A cell id for a grid cell, `kind:<kind>` for cells of one kind. */
	id: string;
	/** "SGD grid (64 configurations)" or "3 train cells". */
	title: string;
	/** The cell kind whose field labels name the params: 'train' for a grid's configurations (same names). */
	paramsKind: string;
	configurations: RunConfiguration[];
}

const finiteMetrics = (metrics: Record<string, number | null | undefined>): Record<string, number> => {
	const kept: Record<string, number> = {};
	for (const [key, value] of Object.entries(metrics)) if (typeof value === 'number' && Number.isFinite(value)) kept[key] = value;
	return kept;
};

/**
 * What a run record keeps of a train-grid output: per model its title, hyperparameters and the
 * metrics the grid's leaderboard shows (a diverged model's non-finite objective is left out).
 * Undefined for any other value.
 */
export function gridConfigurationsOf(value: unknown): RunConfiguration[] | undefined {
	if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== 'model-grid') return undefined;
	return (value as ModelGrid).models.map((model) => ({
		title: model.origin.cellTitle,
		params: { ...model.hyperparameters },
		metrics: finiteMetrics({
			finalObjective: model.finalObjective,
			trainAccuracy: model.trainMetrics.accuracy,
			validationAccuracy: model.validationMetrics?.accuracy
		})
	}));
}

/** The grids a run can show, grid cells first (in run order), then the repeated kinds. */
export function runGridGroups(run: RunRecord): RunGridGroup[] {
	const groups: RunGridGroup[] = [];
	for (const cell of run.cells) {
		if (cell.configurations && cell.configurations.length > 0) groups.push({ id: cell.id, title: cell.title, paramsKind: 'train', configurations: cell.configurations });
	}
	const byKind = new Map<string, RunCellRecord[]>();
	for (const cell of run.cells) {
		// Only cells that train a model are configurations of a search (two dataset cells are not a grid).
		if (cell.kind !== 'train' || cell.configurations || Object.values(cell.metrics).every((value) => typeof value !== 'number')) continue;
		byKind.set(cell.kind, [...(byKind.get(cell.kind) ?? []), cell]);
	}
	for (const [kind, cells] of byKind) {
		if (cells.length < 2) continue;
		const configurations = cells.map((cell) => ({
			title: cell.title,
			params: cell.params,
			metrics: finiteMetrics(Object.fromEntries(Object.entries(cell.metrics).map(([key, value]) => [key, typeof value === 'number' ? value : null])))
		}));
		groups.push({ id: `kind:${kind}`, title: `${cells.length} ${kind} cells`, paramsKind: kind, configurations });
	}
	return groups;
}

/** Train-grid cells of a run recorded before configurations were kept: their titles, to say why no grid shows. */
export function gridCellsWithoutConfigurations(run: RunRecord): string[] {
	return run.cells.filter((cell) => cell.kind === 'train-grid' && cell.state === 'success' && !cell.configurations).map((cell) => cell.title);
}
