import { describe, expect, it } from 'vitest';
import type { ModelGrid } from '../../../src/lib/cells/values';
import type { CellRunState } from '../../../src/lib/dag/run-types';
import { CellId, type Notebook, type NotebookCell } from '../../../src/lib/notebook/types';
import { gridCellsWithoutConfigurations, gridConfigurationsOf, runGridGroups } from '../../../src/lib/store/run-configurations';
import { listRuns, saveRun } from '../../../src/lib/store/runs';
import { runRecord } from '../../../src/lib/store/workbench-link';
import { freshStore, model } from './fixtures';

const cell = (id: string, kind: string, params: Record<string, unknown> = {}): NotebookCell => ({ id: CellId(id), kind, title: id, params, inputs: {}, retry: { count: 0, delayMs: 0 } });
const success = (summary: Record<string, number | string>): CellRunState => ({ state: 'success', attempts: [], progress: null, durationMs: 5, fromCache: false, outputKey: 'k', summary, reason: null });
const notebook = (cells: NotebookCell[]): Notebook => ({ format: 'descent-notebook', version: 1, title: 'Grid', description: '', cells });
const facts = { notebookId: 'nb', notebookHash: 'h', startedAt: 1, endedAt: 2 };

function grid(): ModelGrid {
	const constant = { ...model(1, 0.7), origin: { cellId: 'grid', cellTitle: 'lr=0.1 α=1e-4 constant', device: 'cpu' as const } };
	const optimal = model(2, 0.9);
	const optimalModel = { ...optimal, finalObjective: 0.25, validationMetrics: { ...optimal.trainMetrics, accuracy: 0.85 }, hyperparameters: { ...optimal.hyperparameters, schedule: 'optimal' as const }, origin: { cellId: 'grid', cellTitle: 'α=1e-4 optimal', device: 'cpu' as const } };
	const diverged = { ...model(3, 0.5), finalObjective: Infinity, origin: { cellId: 'grid', cellTitle: 'lr=10 α=1e-4 constant', device: 'cpu' as const } };
	return { kind: 'model-grid', models: [constant, optimalModel, diverged], device: 'cpu', adapter: null };
}

describe('a run keeps the configurations of its train-grid cells', () => {
	it('runRecord(…, { outputOf }) records each configuration with its hyperparameters and finite metrics, and listRuns reads them back', async () => {
		const output = grid();
		const record = runRecord('run-1', notebook([cell('grid', 'train-grid')]), new Map([[CellId('grid'), success({ configurations: 3 })]]), { ...facts, outputOf: () => output });
		const store = await freshStore();
		await saveRun(store, record);
		const [read] = (await listRuns(store)).runs;
		const configurations = read!.cells[0]!.configurations!;
		expect(configurations.map((configuration) => configuration.title)).toEqual(['lr=0.1 α=1e-4 constant', 'α=1e-4 optimal', 'lr=10 α=1e-4 constant']);
		expect(configurations[1]).toMatchObject({ params: { schedule: 'optimal', eta0: 0.01, alpha: 0.0001 }, metrics: { finalObjective: 0.25, trainAccuracy: 0.9, validationAccuracy: 0.85 } });
		// A diverged objective is not a number to plot; the accuracy it reached still is.
		expect(configurations[2]!.metrics).toEqual({ trainAccuracy: 0.5 });
		expect(runGridGroups(read!)).toEqual([{ id: 'grid', title: 'grid', paramsKind: 'train', configurations }]);
	});

	it('a run recorded before configurations were kept still reads, and names the grid cell it cannot plot', async () => {
		const record = runRecord('run-old', notebook([cell('grid', 'train-grid')]), new Map([[CellId('grid'), success({ configurations: 3, bestAccuracy: 0.9 })]]), facts);
		expect(record.cells[0]).not.toHaveProperty('configurations');
		const store = await freshStore();
		await saveRun(store, record);
		const { runs, unreadable } = await listRuns(store);
		expect(unreadable).toEqual([]);
		expect(runGridGroups(runs[0]!)).toEqual([]);
		expect(gridCellsWithoutConfigurations(runs[0]!)).toEqual(['grid']);
	});

	it('only a model grid gives configurations', () => {
		expect(gridConfigurationsOf(model(1))).toBeUndefined();
		expect(gridConfigurationsOf(null)).toBeUndefined();
		expect(gridConfigurationsOf(grid())).toHaveLength(3);
	});

	it('two or more cells of one kind with metrics are one grid, one configuration per cell', () => {
		const cells = [cell('a', 'train', { schedule: 'constant', eta0: 0.1 }), cell('b', 'train', { schedule: 'optimal' }), cell('e', 'evaluate')];
		const states = new Map([
			[CellId('a'), success({ trainAccuracy: 0.8, finalObjective: 0.4 })],
			[CellId('b'), success({ trainAccuracy: 0.9, finalObjective: 0.3 })],
			[CellId('e'), success({ accuracy: 0.85 })]
		]);
		const groups = runGridGroups(runRecord('run-2', notebook(cells), states, facts));
		expect(groups.map((group) => [group.id, group.title, group.configurations.length])).toEqual([['kind:train', '2 train cells', 2]]);
		expect(groups[0]!.configurations[1]).toMatchObject({ title: 'b', params: { schedule: 'optimal', eta0: 0.01 }, metrics: { trainAccuracy: 0.9, finalObjective: 0.3 } });
	});

	it('cells that train nothing are not a grid, however many of them carry numbers (two dataset or drift cells)', () => {
		const cells = [cell('v1', 'dataset'), cell('v2', 'dataset')];
		const states = new Map([
			[CellId('v1'), success({ rows: 600, classes: 2 })],
			[CellId('v2'), success({ rows: 400, classes: 2 })]
		]);
		expect(runGridGroups(runRecord('run-3', notebook(cells), states, facts))).toEqual([]);
	});
});
