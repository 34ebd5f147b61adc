import { describe, expect, it } from 'vitest';
import { findSurfaceSources, noSurfaceReason, sameSurfaceSources, type SourceReader } from '../../../src/lib/components/surface-sources';
import type { CellValue, Splits } from '../../../src/lib/cells/values';
import type { LinearModel } from '../../../src/lib/ml/model';
import { CellId, type Notebook, type NotebookCell } from '../../../src/lib/notebook/types';

const cell = (id: string, kind: string, inputs: Record<string, string[]> = {}): NotebookCell =>
	({ id: CellId(id), kind, title: `cell ${id}`, params: {}, inputs: Object.fromEntries(Object.entries(inputs).map(([key, ids]) => [key, ids.map(CellId)])) }) as NotebookCell;

const model = (id: string, finalObjective: number, rows = 1): LinearModel =>
	({
		kind: 'model',
		classes: ['neg', 'pos'],
		features: [{ name: 'words', type: 'sparse', width: 4 }],
		coef: new Float32Array(4 * rows),
		intercept: new Float32Array(rows),
		finalObjective,
		hyperparameters: { alpha: 0.001 },
		path: new Float32Array(10),
		trainMetrics: { accuracy: 1 },
		preprocessing: [{ kind: 'big' }],
		origin: { cellId: id, cellTitle: `cell ${id}`, device: 'cpu' }
	}) as unknown as LinearModel;

const notebook: Notebook = {
	format: 'descent-notebook',
	version: 1,
	title: 't',
	description: '',
	cells: [
		cell('split', 'split'),
		cell('a', 'train', { data: ['split'] }),
		cell('b', 'train', { data: ['split'] }),
		cell('ovr', 'train', { data: ['split'] }),
		cell('best', 'select', { models: ['a', 'b'] })
	]
} as Notebook;

function reader(outputs: Record<string, CellValue>, running: string[] = []): SourceReader {
	return { notebook, succeeded: (id) => id in outputs && !running.includes(id), output: (id) => outputs[id] ?? null };
}

describe('findSurfaceSources', () => {
	const splits = { kind: 'splits', train: {}, test: {}, validation: null, preprocessing: [] } as unknown as Splits;
	const a = model('a', 0.5);
	const b = model('b', 0.3);
	const outputs = { split: splits, a, b, ovr: model('ovr', 0.1, 3) };

	it('takes the binary models of one split, around the one "select best" chose, else the lowest objective', () => {
		const chosenBySelect = findSurfaceSources(reader({ ...outputs, best: { ...a } }))!;
		expect(chosenBySelect.models.map((entry) => entry.model)).toEqual([a, b]);
		expect(chosenBySelect.chosen).toBe(0);
		expect(findSurfaceSources(reader(outputs))!.chosen).toBe(1);
		expect(findSurfaceSources(reader({ a }))).toBeNull();
	});

	it("takes a grid cell's binary models by configuration, around the one select best chose from the grid", () => {
		const grid = (title: string, objective: number): LinearModel => ({ ...model('grid', objective), origin: { cellId: 'grid', cellTitle: title, device: 'gpu' } }) as LinearModel;
		const configurations = [grid('lr=0.1', 0.4), grid('lr=1', 0.2), grid('lr=10', 0.9)];
		const gridNotebook = { ...notebook, cells: [cell('split', 'split'), cell('grid', 'train-grid', { data: ['split'] }), cell('best', 'select', { models: ['grid'] })] } as Notebook;
		const outputs: Record<string, CellValue> = { split: splits, grid: { kind: 'model-grid', models: configurations, device: 'gpu', adapter: null }, best: { ...configurations[2]! } };
		const found = findSurfaceSources({ notebook: gridNotebook, succeeded: (id) => id in outputs, output: (id) => outputs[id] ?? null })!;
		expect(found.models.map((entry) => entry.title)).toEqual(['lr=0.1', 'lr=1', 'lr=10']);
		expect(found.chosen).toBe(2);
	});

	it('a re-read with nothing changed (a progress tick) is the same; a model that re-ran or left is not', () => {
		const first = findSurfaceSources(reader(outputs));
		expect(sameSurfaceSources(first, findSurfaceSources(reader({ ...outputs })))).toBe(true);
		expect(sameSurfaceSources(first, findSurfaceSources(reader({ ...outputs, b: model('b', 0.3) })))).toBe(false);
		expect(sameSurfaceSources(first, findSurfaceSources(reader(outputs, ['a'])))).toBe(false);
		expect(sameSurfaceSources(null, null)).toBe(true);
	});
});

describe('noSurfaceReason: what the panel says with no binary model to draw', () => {
	const splits = { kind: 'splits', train: {}, test: {}, validation: null, preprocessing: [] } as unknown as Splits;
	const only = (cells: NotebookCell[], outputs: Record<string, CellValue>): SourceReader => ({
		notebook: { ...notebook, cells } as Notebook,
		succeeded: (id) => id in outputs,
		output: (id) => outputs[id] ?? null
	});

	it('a notebook without a train or train-grid cell (a drift notebook) is not told to run itself', () => {
		const reason = noSurfaceReason(only([cell('reference', 'dataset'), cell('current', 'dataset'), cell('drift', 'drift')], { reference: splits, current: splits }));
		expect(reason).toMatch(/^This notebook trains no model: add a train or train-grid cell/);
		expect(reason).not.toMatch(/^Run the notebook/);
	});

	it('a run that trained only one-vs-rest models says the surface is for binary models', () => {
		const reason = noSurfaceReason(only([cell('split', 'split'), cell('ovr', 'train', { data: ['split'] })], { split: splits, ovr: model('ovr', 0.1, 3) }));
		expect(reason).toMatch(/drawn for binary models; the models trained here separate 2 classes \(one-vs-rest\)/);
	});

	it('before the run (or with a train cell not yet run) it asks for the run', () => {
		expect(noSurfaceReason(only([cell('split', 'split'), cell('a', 'train', { data: ['split'] })], {}))).toMatch(/^Run the notebook/);
	});
});
