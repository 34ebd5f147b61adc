import { describe, expect, it } from 'vitest';
import {
	addCell,
	cellsInDisplayOrder,
	linkInput,
	moveCell,
	moveCellOnScreen,
	displayNeighbour,
	removeCell,
	retitleCell,
	setParam,
	setParams,
	setRetry,
	setSkip,
	unlinkInput
} from '../../../src/lib/notebook/edit';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { serializeNotebook } from '../../../src/lib/notebook/serialize';
import { CellId } from '../../../src/lib/notebook/types';
import { cell, notebook, registry, selectBest } from '../dag/fakes';

const id = CellId;
const ids = (nb: { cells: { id: string }[] }) => nb.cells.map((c) => c.id);

describe('addCell(notebook, kind, registry, options)', () => {
	it('adds a cell with a fresh id, a unique title and default params, at the end', () => {
		const before = notebook(cell('train-1', 'train'));
		const after = addCell(before, 'train', registry);
		expect(after.cells[1]).toEqual({
			id: 'train-2',
			kind: 'train',
			title: 'Train',
			params: { eta0: 0.01, alpha: 0.0001, schedule: 'constant', average: false, columns: ['x1', 'x2'] },
			inputs: {},
			retry: { count: 0, delayMs: 0 }
		});
		expect(addCell(after, 'train', registry).cells[2]!.title).toBe('Train 2');
		expect(before.cells).toHaveLength(1);
	});

	it('inserts after a given cell, with a given title', () => {
		const after = addCell(selectBest(), 'source', registry, { after: id('data'), title: 'More data' });
		expect(ids(after).slice(0, 2)).toEqual(['data', 'source-1']);
		expect(after.cells[1]!.title).toBe('More data');
	});

	it('throws on an unknown kind', () => {
		expect(() => addCell(selectBest(), 'magic', registry)).toThrow("unknown cell kind 'magic'");
	});
});

describe('removeCell(notebook, id)', () => {
	it('removes the cell and every link to it', () => {
		const after = removeCell(selectBest(), id('sgd-b'));
		expect(ids(after)).not.toContain('sgd-b');
		expect(after.cells.find((c) => c.id === 'best')!.inputs).toEqual({ models: ['sgd-a', 'sgd-c'] });
	});

	it('drops an input left with no link', () => {
		const after = removeCell(selectBest(), id('best'));
		expect(after.cells.find((c) => c.id === 'eval')!.inputs).toEqual({});
	});
});

describe('moveCell / retitleCell / setParam / setParams / setRetry', () => {
	it.each([
		['to the front', 0, ['eval', 'data', 'sgd-a']],
		['past the end (clamped)', 99, ['data', 'sgd-a', 'sgd-b']]
	])('moveCell moves %s', (_name, toIndex, start) => {
		const after = moveCell(selectBest(), id('eval'), toIndex);
		expect(ids(after).slice(0, 3)).toEqual(start);
		expect(after.cells).toHaveLength(6);
	});

	it('changes only the cell named, immutably', () => {
		const before = selectBest();
		const after = setRetry(
			setParams(setParam(retitleCell(before, id('sgd-a'), 'Slow'), id('sgd-a'), 'eta0', 0.5), id('sgd-a'), { alpha: 1 }),
			id('sgd-a'),
			{ count: 3 }
		);
		expect(after.cells[1]).toMatchObject({ title: 'Slow', params: { eta0: 0.5, alpha: 1 }, retry: { count: 3, delayMs: 0 } });
		expect(before.cells[1]).toMatchObject({ title: 'SGD-A', params: { eta0: 0.001 } });
		expect(after.cells[2]).toBe(before.cells[2]);
	});

	it('setSkip switches a cell off and on again, and the file keeps it', () => {
		const off = setSkip(selectBest(), id('sgd-b'), true);
		expect(off.cells[2]!.skip).toBe(true);
		expect('skip' in setSkip(off, id('sgd-b'), false).cells[2]!).toBe(false);
		const read = parseNotebook(serializeNotebook(off), registry);
		expect(read.ok && read.notebook.cells[2]!.skip).toBe(true);
	});

	it('throws when no cell has the id', () => {
		expect(() => retitleCell(selectBest(), id('nope'), 'x')).toThrow("no cell 'nope'");
	});
});

describe('linkInput / unlinkInput', () => {
	it('replaces the link of a single input', () => {
		const nb = notebook(cell('a', 'source'), cell('b', 'source'), cell('t', 'train', { data: ['a'] }));
		expect(linkInput(nb, id('t'), 'data', id('b'), registry).cells[2]!.inputs).toEqual({ data: ['b'] });
	});

	it('appends to a multiple input, once', () => {
		const nb = removeCell(selectBest(), id('eval'));
		const once = linkInput(nb, id('best'), 'models', id('data'), registry);
		expect(once.cells[4]!.inputs.models).toEqual(['sgd-a', 'sgd-b', 'sgd-c', 'data']);
		expect(linkInput(once, id('best'), 'models', id('data'), registry).cells[4]!.inputs.models).toHaveLength(4);
	});

	it('removes one link, or all of an input', () => {
		const nb = selectBest();
		expect(unlinkInput(nb, id('best'), 'models', id('sgd-b')).cells[4]!.inputs).toEqual({ models: ['sgd-a', 'sgd-c'] });
		expect(unlinkInput(nb, id('best'), 'models').cells[4]!.inputs).toEqual({});
	});
});

describe('cellsInDisplayOrder(notebook)', () => {
	it.each([
		['keeps an order that already respects the links', selectBest(), ['data', 'sgd-a', 'sgd-b', 'sgd-c', 'best', 'eval']],
		[
			'moves a downstream cell below its upstream, keeping the rest',
			notebook(cell('t', 'train', { data: ['d'] }), cell('x', 'source'), cell('d', 'source'), cell('y', 'source')),
			['x', 'd', 't', 'y']
		],
		[
			'puts cells on a cycle last, in notebook order',
			notebook(cell('a', 'select', { models: ['b'] }), cell('s', 'source'), cell('b', 'select', { models: ['a'] })),
			['s', 'a', 'b']
		]
	])('%s', (_name, nb, expected) => {
		expect(ids({ cells: cellsInDisplayOrder(nb) })).toEqual(expected);
	});
});

describe('linkInput without a registry', () => {
	it('appends, so no link is lost', () => {
		const nb = notebook(cell('a', 'source'), cell('b', 'source'), cell('t', 'train', { data: ['a'] }));
		expect(linkInput(nb, CellId('t'), 'data', CellId('b')).cells[2]!.inputs).toEqual({ data: ['a', 'b'] });
	});
});

describe('moveCellOnScreen / displayNeighbour', () => {
	it('swaps with the neighbour on screen and saves the screen order', () => {
		const nb = selectBest();
		const shown = () => cellsInDisplayOrder(nb).map((cell) => cell.id);
		expect(shown()).toEqual(['data', 'sgd-a', 'sgd-b', 'sgd-c', 'best', 'eval']);
		const moved = moveCellOnScreen(nb, id('sgd-b'), -1);
		expect(moved.cells.map((cell) => cell.id)).toEqual(['data', 'sgd-b', 'sgd-a', 'sgd-c', 'best', 'eval']);
		expect(cellsInDisplayOrder(moved).map((cell) => cell.id)).toEqual(moved.cells.map((cell) => cell.id));
	});

	it('refuses a move past a linked cell or off an end, changing nothing', () => {
		const nb = selectBest();
		expect(displayNeighbour(nb, id('sgd-a'), -1)).toBeNull();
		expect(displayNeighbour(nb, id('data'), -1)).toBeNull();
		expect(displayNeighbour(nb, id('eval'), 1)).toBeNull();
		expect(displayNeighbour(nb, id('best'), 1)).toBeNull();
		expect(moveCellOnScreen(nb, id('sgd-a'), -1)).toBe(nb);
		expect(displayNeighbour(nb, id('sgd-c'), 1)).toBeNull();
		expect(displayNeighbour(nb, id('sgd-b'), 1)?.id).toBe('sgd-c');
	});

	it('a notebook saved out of screen order is saved in screen order after a move', () => {
		const nb = selectBest();
		const scrambled = { ...nb, cells: [nb.cells[5]!, ...nb.cells.slice(0, 5)] };
		const moved = moveCellOnScreen(scrambled, id('sgd-c'), -1);
		expect(moved.cells.map((cell) => cell.id)).toEqual(['data', 'sgd-a', 'sgd-c', 'sgd-b', 'best', 'eval']);
	});
});
