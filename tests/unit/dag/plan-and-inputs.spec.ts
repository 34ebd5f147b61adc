import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../../src/lib/cells/values';
import { gatherInputs, type Upstream } from '../../../src/lib/dag/inputs';
import { planRun } from '../../../src/lib/dag/plan';
import { topology } from '../../../src/lib/dag/topology';
import { CellId } from '../../../src/lib/notebook/types';
import { cell, notebook, registry, selectBest } from './fakes';

const ids = (...names: string[]) => names.map(CellId);

describe('planRun', () => {
	const graph = topology(selectBest());

	it('runs a target with every upstream cell that has no current output, upstream first', () => {
		const plan = planRun(graph, ids('eval'), false, () => false);
		expect(plan.order).toEqual(ids('data', 'sgd-a', 'sgd-b', 'sgd-c', 'best', 'eval'));
	});

	it('stops at an upstream cell whose output is current', () => {
		const plan = planRun(graph, ids('eval'), false, (id) => id !== CellId('eval'));
		expect(plan.order).toEqual(ids('eval'));
	});

	it('with downstream: the cells below a target come too', () => {
		const plan = planRun(graph, ids('sgd-b'), true, () => true);
		expect(plan.order).toEqual(ids('sgd-b', 'best', 'eval'));
	});
});

describe('gatherInputs', () => {
	const model = { kind: 'model' } as unknown as CellValue;
	const select = cell('best', 'select', { models: ['a', 'b'] });
	const upstream = (values: Record<string, CellValue | undefined>, skipped: string[] = [], roots: Record<string, string[]> = {}, order = Object.keys(values)): Upstream => ({
		cell: (id) => (id in values || order.includes(id) ? cell(id, 'train') : undefined),
		value: (id) => values[id],
		skipped: (id) => skipped.includes(id),
		failedRoots: (id) => (roots[id] ?? [id]).map(CellId),
		position: (id) => order.indexOf(id)
	});

	it('a partial input runs with the branches that succeeded', () => {
		const gathered = gatherInputs(registry.select!, select, upstream({ a: model, b: undefined }));
		expect(gathered).toEqual({ ok: true, inputs: { models: [model] } });
	});

	it('no branch succeeded: upstream_failed, naming the failed cell; only skipped ones: skipped', () => {
		expect(gatherInputs(registry.select!, select, upstream({ a: undefined, b: undefined }, ['a']))).toEqual({
			ok: false,
			state: 'upstream_failed',
			reason: "upstream cell 'B' failed",
			failed: ['b']
		});
		expect(gatherInputs(registry.select!, select, upstream({ a: undefined, b: undefined }, ['a', 'b']))).toMatchObject({ state: 'skipped' });
	});

	it('an upstream_failed input names the cells that actually failed above it, not itself', () => {
		const train = cell('t', 'train', { data: ['split'] });
		// Dataset failed, so Split is upstream_failed: Train's reason is Dataset, not Split.
		expect(gatherInputs(registry.train!, train, upstream({ split: undefined }, [], { split: ['dataset'] }, ['dataset', 'split']))).toEqual({
			ok: false,
			state: 'upstream_failed',
			reason: "upstream cell 'DATASET' failed",
			failed: ['dataset']
		});
	});

	it('several root causes are all named once, in notebook order, across every input', () => {
		const evaluate = cell('e', 'evaluate', { model: ['m'], data: ['d'] });
		const values = { m: undefined, d: undefined };
		// The model input's root comes later in the notebook than the data input's two.
		const gathered = gatherInputs(registry.evaluate!, evaluate, upstream(values, [], { m: ['z', 'x'], d: ['x', 'y'] }, ['x', 'y', 'd', 'z', 'm']));
		expect(gathered).toEqual({ ok: false, state: 'upstream_failed', reason: "upstream cells 'X', 'Y', 'Z' failed", failed: ['x', 'y', 'z'] });
	});

	it('an unlinked required input or a link to no cell fails the cell with the input named', () => {
		expect(gatherInputs(registry.train!, cell('t', 'train'), upstream({}))).toEqual({ ok: false, state: 'failed', message: "input 'Data' is not linked" });
		expect(gatherInputs(registry.train!, cell('t', 'train', { data: ['gone'] }), upstream({}))).toMatchObject({
			message: "input 'data' links to 'gone', but no cell has that id"
		});
	});

	it('an optional input left unlinked is an empty list', () => {
		const evaluate = notebook(cell('e', 'evaluate', { model: ['m'] })).cells[0]!;
		expect(gatherInputs(registry.evaluate!, evaluate, upstream({ m: model }))).toEqual({ ok: true, inputs: { model: [model], data: [] } });
	});
});
