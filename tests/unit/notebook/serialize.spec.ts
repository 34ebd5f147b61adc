import { describe, expect, it } from 'vitest';
import { addCell, setParam, setRetry } from '../../../src/lib/notebook/edit';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { serializeNotebook } from '../../../src/lib/notebook/serialize';
import { CellId } from '../../../src/lib/notebook/types';
import { registry, selectBest } from '../dag/fakes';

function reparse(text: string) {
	const result = parseNotebook(text, registry);
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result.notebook;
}

describe('serializeNotebook(notebook)', () => {
	it('is read back by parseNotebook to an identical notebook', () => {
		const original = reparse(serializeNotebook(selectBest()));
		let edited = setParam(original, CellId('sgd-c'), 'eta0', NaN);
		edited = setRetry(edited, CellId('sgd-b'), { count: 2, delayMs: 500 });
		edited = addCell(edited, 'source', registry, { after: CellId('data') });
		expect(reparse(serializeNotebook(edited))).toEqual(edited);
	});

	it('writes NaN and Infinity as the strings the params schema reads', () => {
		const edited = setParam(reparse(serializeNotebook(selectBest())), CellId('sgd-a'), 'eta0', Infinity);
		expect(serializeNotebook(edited)).toContain('"eta0": "Infinity"');
	});

	it('gives the same text whatever order keys were set in', () => {
		const base = reparse(serializeNotebook(selectBest()));
		const oneWay = setParam(setParam(base, CellId('sgd-a'), 'alpha', 1), CellId('sgd-a'), 'eta0', 2);
		const otherWay = setParam(setParam(base, CellId('sgd-a'), 'eta0', 2), CellId('sgd-a'), 'alpha', 1);
		expect(serializeNotebook(oneWay)).toBe(serializeNotebook(otherWay));
	});

	it('starts with the format and version and ends with a newline', () => {
		const text = serializeNotebook(selectBest());
		expect(text.startsWith('{\n  "format": "descent-notebook",\n  "version": 1,')).toBe(true);
		expect(text.endsWith('}\n')).toBe(true);
	});
});
