import { describe, expect, it } from 'vitest';
import { outputKeys } from '../../../src/lib/dag/keys';
import { moveCell, retitleCell, setParam, setRetry } from '../../../src/lib/notebook/edit';
import { CellId } from '../../../src/lib/notebook/types';
import { registry, selectBest } from './fakes';

const changed = (a: Map<string, string>, b: Map<string, string>) => [...a.keys()].filter((id) => a.get(id) !== b.get(id)).sort();

describe('outputKeys(notebook, registry, files)', () => {
	const before = outputKeys(selectBest(), registry);

	it('gives every cell a key, the same for the same notebook', () => {
		expect(before.size).toBe(6);
		expect(outputKeys(selectBest(), registry)).toEqual(before);
	});

	it('changes the key of a cell and its downstream when a param changes', () => {
		const after = outputKeys(setParam(selectBest(), CellId('sgd-b'), 'alpha', 0.5), registry);
		expect(changed(before, after)).toEqual(['best', 'eval', 'sgd-b']);
	});

	it('changes every key below a changed source', () => {
		const after = outputKeys(setParam(selectBest(), CellId('data'), 'rows', 99), registry);
		expect(changed(before, after)).toEqual(['best', 'data', 'eval', 'sgd-a', 'sgd-b', 'sgd-c']);
	});

	it('does not change when only a default is written out, a title, the retry or the order changes', () => {
		let edited = setParam(selectBest(), CellId('sgd-b'), 'alpha', 0.0001);
		edited = retitleCell(edited, CellId('sgd-b'), 'renamed');
		edited = setRetry(edited, CellId('sgd-b'), { count: 3 });
		edited = moveCell(edited, CellId('sgd-c'), 1);
		expect(outputKeys(edited, registry)).toEqual(before);
	});

	it('changes with the file bound to a cell', () => {
		const file = { name: 'a.csv', data: 'x', fingerprint: 'a.csv:1' };
		const after = outputKeys(selectBest(), registry, (cell) => (cell.id === 'data' ? file : null));
		expect(changed(before, after)).toHaveLength(6);
	});
});
