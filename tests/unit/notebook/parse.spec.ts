import { describe, expect, it } from 'vitest';
import { parseNotebook, parseNotebookValue, validateNotebook } from '../../../src/lib/notebook/parse';
import { cell, notebook, registry, selectBest } from '../dag/fakes';

/** A notebook file's JSON value with the given cells. */
function file(cells: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { format: 'descent-notebook', version: 1, title: 'T', description: '', cells, ...extra };
}

const data = { id: 'data', kind: 'source', title: 'Data', params: {}, inputs: {} };
const train = (id: string, inputs: Record<string, string[]> = { data: ['data'] }, params = {}) => ({
	id,
	kind: 'train',
	title: id,
	params,
	inputs
});

describe('parseNotebook(text, registry)', () => {
	it('reads a valid notebook, params resolved with defaults', () => {
		const result = parseNotebook(JSON.stringify(file([data, train('t', { data: ['data'] }, { eta0: 'NaN' })])), registry);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.notebook.cells[1]!.params).toMatchObject({ eta0: NaN, alpha: 0.0001 });
		expect(result.notebook.cells[1]!.retry).toEqual({ count: 0, delayMs: 0 });
		expect(result.warnings).toEqual([]);
	});

	it('refuses text that is not JSON, with the position', () => {
		const result = parseNotebook('{\n  "format": "descent-notebook",\n  oops\n}', registry);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors[0]!.path).toBe('$');
		expect(result.errors[0]!.message).toMatch(/^not JSON: .*line 3/);
	});

	it.each([
		['not an object', [], '$', 'expected a JSON object'],
		['a wrong format', file([], { format: 'jupyter' }), '$.format', `format is "jupyter", expected 'descent-notebook'`],
		['a missing format', { version: 1 }, '$.format', 'format is missing'],
		['an unsupported version', file([], { version: 2 }), '$.version', 'unsupported version 2; supported versions: 1'],
		['a cell without an id', file([{ kind: 'source', title: 'x' }]), '$.cells[0].id', "missing key 'id'"],
		['a cell without a title', file([{ id: 'data', kind: 'source' }]), '$.cells[0].title', "missing key 'title'"],
		['a notebook without cells', { format: 'descent-notebook', version: 1, title: 'T' }, '$.cells', "missing key 'cells'"],
		['a retry without its delay', file([{ ...data, retry: { count: 1 } }]), '$.cells[0].retry.delayMs', "missing key 'delayMs'"],
		['a retry that is not an object', file([{ ...data, retry: 3 }]), '$.cells[0].retry', 'must be an object, got 3'],
		['an embedded file without its hash', file([data], { data: [{ cell: 'data', fileName: 'a.csv', bytes: 1 }] }), '$.data[0].sha256', "missing key 'sha256'"],
		['an unknown notebook key', file([], { colour: 'red' }), '$.colour', "unknown key 'colour'"],
		['an unknown cell key', file([{ ...data, colour: 'red' }]), '$.cells[0].colour', "unknown key 'colour'"],
		['a retry count over 10', file([{ ...data, retry: { count: 11, delayMs: 0 } }]), '$.cells[0].retry.count', 'at most 10'],
		['a negative retry delay', file([{ ...data, retry: { count: 1, delayMs: -5 } }]), '$.cells[0].retry.delayMs', 'at least 0'],
		['a duplicate cell id', file([data, { ...data, title: 'again' }]), '$.cells[1].id', "duplicate cell id 'data' (also at $.cells[0])"],
		['an unknown cell kind', file([{ ...data, kind: 'magic' }]), '$.cells[0].kind', "unknown cell kind 'magic'"],
		['a bad param', file([data, train('t', { data: ['data'] }, { eta0: -1 })]), '$.cells[1].params.eta0', 'must be greater than 0'],
		['an unknown param', file([data, train('t', { data: ['data'] }, { eta: 1 })]), '$.cells[1].params.eta', "unknown param 'eta'"],
		['an unknown input name', file([data, train('t', { dataset: ['data'] })]), '$.cells[1].inputs.dataset', "has no input 'dataset' (inputs: data)"],
		['a dangling link', file([data, train('t', { data: ['nowhere'] })]), '$.cells[1].inputs.data[0]', "links to 'nowhere', but no cell has that id"],
		['two cells on a single input', file([data, { ...data, id: 'd2' }, train('t', { data: ['data', 'd2'] })]), '$.cells[2].inputs.data', "input 'data' takes one cell, got 2"],
		['a link of the wrong kind', file([data, train('t'), train('u', { data: ['t'] })]), '$.cells[2].inputs.data[0]', "input 'data' accepts table, but cell 't' outputs model"]
	])('refuses %s', (_name, value, path, message) => {
		const result = parseNotebookValue(value, registry);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toContainEqual(expect.objectContaining({ path, message: expect.stringContaining(message) }));
	});

	it('refuses a cycle, naming its cells in link order', () => {
		const cells = [
			{ id: 'a', kind: 'select', title: 'A', inputs: { models: ['c'] } },
			{ id: 'b', kind: 'select', title: 'B', inputs: { models: ['a'] } },
			{ id: 'c', kind: 'select', title: 'C', inputs: { models: ['b'] } }
		];
		const result = parseNotebookValue(file(cells), registry);
		expect(result.ok ? [] : result.errors).toEqual([
			{ path: '$.cells', message: 'cycle: a → b → c → a', cells: ['a', 'b', 'c'], severity: 'error' }
		]);
	});

	it('names the cells a link error is about', () => {
		const result = parseNotebookValue(file([data, train('t'), train('u', { data: ['t'] })]), registry);
		expect(result.ok ? [] : result.errors[0]!.cells).toEqual(['u', 't']);
	});

	it('opens a notebook with a required input not linked, with a warning', () => {
		const result = parseNotebookValue(file([train('t', {})]), registry);
		expect(result.ok && result.warnings).toEqual([
			{ path: '$.cells[0].inputs.data', message: "input 'Data' is not linked", cells: ['t'], severity: 'warning' }
		]);
	});
});

describe('validateNotebook(notebook, registry)', () => {
	it('finds nothing wrong with the select-best pipeline', () => {
		expect(validateNotebook(selectBest(), registry)).toEqual([]);
	});

	it('reports the problems an edit made', () => {
		const edited = notebook(cell('data', 'source'), cell('t', 'train', { data: ['gone'] }, { alpha: -1 }));
		expect(validateNotebook(edited, registry).map((problem) => problem.path)).toEqual([
			'$.cells[1].params.alpha',
			'$.cells[1].inputs.data[0]'
		]);
	});

	it('reports a self-link as a cycle', () => {
		const edited = notebook(cell('s', 'select', { models: ['s'] }));
		expect(validateNotebook(edited, registry)).toContainEqual(expect.objectContaining({ message: 'cycle: s → s' }));
	});
});

describe('parseNotebook(text, registry, { asEdited })', () => {
	it('opens an autosaved notebook whose field holds what an edit left there, the problem kept as a warning', () => {
		const text = JSON.stringify(file([data, train('t', { data: ['data'] }, { alpha: 'abc' })]));
		expect(parseNotebook(text, registry).ok).toBe(false);
		const result = parseNotebook(text, registry, { asEdited: true });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.notebook.cells[1]!.params.alpha).toBe('abc');
		expect(result.warnings).toContainEqual(expect.objectContaining({ path: '$.cells[1].params.alpha', severity: 'warning' }));
	});
});
