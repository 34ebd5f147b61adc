import { describe, expect, it } from 'vitest';
import { findCycle, formatCycle } from '../../../src/lib/dag/cycles';
import { ancestorsOf, descendantsOf, withDescendants } from '../../../src/lib/dag/descendants';
import { topologicalOrder } from '../../../src/lib/dag/order';
import { topology } from '../../../src/lib/dag/topology';
import { CellId } from '../../../src/lib/notebook/types';
import { cell, notebook, selectBest } from './fakes';

const sorted = (ids: Iterable<string>) => [...ids].sort();

describe('topology(notebook)', () => {
	it('lists edges upstream → downstream and parents/children of each cell', () => {
		const graph = topology(selectBest());
		expect(graph.edges).toContainEqual({ from: 'sgd-b', to: 'best', input: 'models' });
		expect(graph.parents.get(CellId('best'))).toEqual(['sgd-a', 'sgd-b', 'sgd-c']);
		expect(graph.children.get(CellId('data'))).toEqual(['sgd-a', 'sgd-b', 'sgd-c']);
	});

	it('leaves out links to cells that do not exist', () => {
		expect(topology(notebook(cell('t', 'train', { data: ['gone'] }))).edges).toEqual([]);
	});
});

describe('topologicalOrder(graph)', () => {
	it.each([
		['no links: notebook order', notebook(cell('c', 'source'), cell('a', 'source'), cell('b', 'source')), ['c', 'a', 'b']],
		['upstream first, ties by notebook order', notebook(cell('t2', 'train', { data: ['d'] }), cell('t1', 'train', { data: ['d'] }), cell('d', 'source')), ['d', 't2', 't1']],
		['a ready earlier cell before a later one', notebook(cell('e', 'evaluate', { model: ['m'] }), cell('s', 'source'), cell('m', 'select', { models: ['x'] }), cell('x', 'source')), ['s', 'x', 'm', 'e']]
	])('%s', (_name, nb, expected) => {
		expect(topologicalOrder(topology(nb))).toEqual({ order: expected, unordered: [] });
	});

	it('leaves cells on or below a cycle unordered', () => {
		const nb = notebook(cell('a', 'select', { models: ['b'] }), cell('b', 'select', { models: ['a'] }), cell('e', 'evaluate', { model: ['a'] }), cell('s', 'source'));
		expect(topologicalOrder(topology(nb))).toEqual({ order: ['s'], unordered: ['a', 'b', 'e'] });
	});
});

describe('findCycle(graph, through?)', () => {
	it.each([
		['none in a DAG', selectBest(), null],
		['a self-link', notebook(cell('s', 'select', { models: ['s'] })), ['s']],
		['a three-cell loop, from its earliest cell, in link order', notebook(cell('x', 'source'), cell('b', 'select', { models: ['a'] }), cell('a', 'select', { models: ['c'] }), cell('c', 'select', { models: ['b'] })), ['b', 'c', 'a']]
	])('%s', (_name, nb, expected) => {
		expect(findCycle(topology(nb))).toEqual(expected);
	});

	it('finds a cycle through a given cell, and none for a cell below a cycle', () => {
		const graph = topology(notebook(cell('a', 'select', { models: ['b'] }), cell('b', 'select', { models: ['a'] }), cell('e', 'evaluate', { model: ['a'] })));
		expect(findCycle(graph, CellId('b'))).toEqual(['a', 'b']);
		expect(findCycle(graph, CellId('e'))).toBeNull();
	});

	it('formatCycle names the cells back to the first', () => {
		expect(formatCycle(['a', 'b', 'c'])).toBe('cycle: a → b → c → a');
	});
});

describe('descendantsOf / withDescendants / ancestorsOf', () => {
	const graph = topology(selectBest());
	it.each([
		['data', ['best', 'eval', 'sgd-a', 'sgd-b', 'sgd-c']],
		['sgd-b', ['best', 'eval']],
		['eval', []]
	])('descendantsOf(%s)', (id, expected) => {
		expect(sorted(descendantsOf(graph, CellId(id)))).toEqual(expected);
	});

	it('withDescendants includes the cells themselves', () => {
		expect(sorted(withDescendants(graph, [CellId('sgd-a'), CellId('best')]))).toEqual(['best', 'eval', 'sgd-a']);
	});

	it('ancestorsOf walks up', () => {
		expect(sorted(ancestorsOf(graph, CellId('best')))).toEqual(['data', 'sgd-a', 'sgd-b', 'sgd-c']);
	});
});
