/**
 * Pickers offer only cells whose output an input can use: predict's expectations come from a
 * validate cell (a table carrying expectations), not any table; a notebook file linking
 * otherwise is refused naming the cell. And a param that applies to one kind of input (predict's
 * split part) is neither in use nor in the output key when the input is of another kind.
 */
import { describe, expect, it } from 'vitest';
import { inputConditionHolds, paramsInUse } from '../../../src/lib/cells/params';
import { predictCell } from '../../../src/lib/cells/predict';
import { cellRegistry } from '../../../src/lib/cells/registry';
import { outputKeys } from '../../../src/lib/dag/keys';
import { setParam } from '../../../src/lib/notebook/edit';
import { linkFits, linkRefusal } from '../../../src/lib/notebook/link-fit';
import { inputKindsOf, outputKinds } from '../../../src/lib/notebook/output-kinds';
import { parseNotebookValue } from '../../../src/lib/notebook/parse';
import { CellId, type Notebook, type NotebookCell } from '../../../src/lib/notebook/types';

const at = (id: string, kind: string, title: string, inputs: Record<string, string[]> = {}): NotebookCell => ({
	id: CellId(id),
	kind,
	title,
	params: {},
	inputs: Object.fromEntries(Object.entries(inputs).map(([name, ids]) => [name, ids.map(CellId)])),
	retry: { count: 0, delayMs: 0 }
});

function pipeline(predictInputs: Record<string, string[]>): Notebook {
	return {
		format: 'descent-notebook',
		version: 1,
		title: 'T',
		description: '',
		cells: [
			at('data', 'dataset', 'Reviews'),
			at('check', 'validate', 'Check reviews', { data: ['data'] }),
			at('split', 'split', 'Split 80/20', { data: ['check'] }),
			at('score', 'predict', 'Score', predictInputs)
		]
	};
}

const expectationsInput = predictCell.inputs.find((input) => input.name === 'expectations')!;
const partField = predictCell.fields.find((field) => field.key === 'part')!;

describe('linkRefusal(spec, upstream, output, registry)', () => {
	const notebook = pipeline({ data: ['data'] });
	const kinds = outputKinds(notebook, cellRegistry);
	const cell = (id: string) => notebook.cells.find((item) => item.id === id)!;

	it("offers predict's expectations only the validate cell, though the dataset cell's table is of the same kind", () => {
		const offered = notebook.cells.filter((item) => linkFits(expectationsInput, item, kinds.get(item.id), cellRegistry)).map((item) => item.id);
		expect(offered).toEqual(['check']);
	});

	it('refuses a dataset cell for expectations, naming the cell and what to link instead', () => {
		expect(linkRefusal(expectationsInput, cell('data'), kinds.get(CellId('data')), cellRegistry)).toBe(
			"input 'expectations' takes the expectations a validate cell produces, but cell 'data' ('Reviews', a dataset cell) outputs a table without expectations: link a validate cell"
		);
	});

	it('keeps the kind check first: splits are refused for what they are', () => {
		expect(linkRefusal(expectationsInput, cell('split'), kinds.get(CellId('split')), cellRegistry)).toBe("input 'expectations' accepts table, but cell 'split' outputs splits");
	});
});

describe('parseNotebookValue with a wrong expectations link', () => {
	it('is an error at the link, naming the cell', () => {
		const result = parseNotebookValue(pipeline({ data: ['data'], expectations: ['data'] }), cellRegistry);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual([expect.objectContaining({ path: '$.cells[3].inputs.expectations[0]', message: expect.stringContaining("cell 'data' ('Reviews', a dataset cell)") })]);
	});

	it('accepts the validate cell', () => {
		expect(parseNotebookValue(pipeline({ data: ['data'], expectations: ['check'] }), cellRegistry).ok).toBe(true);
	});
});

describe("predict's 'Part of a split' (whenInput)", () => {
	it('applies only when the data is splits', () => {
		expect(inputConditionHolds(partField, { data: 'splits' })).toBe(true);
		expect(inputConditionHolds(partField, { data: 'table' })).toBe(false);
		expect(inputConditionHolds(partField, {})).toBe(false);
	});

	it('is left out of the params in use on a table, kept on splits', () => {
		const params = { modelName: 'm', model: 'production', compareWith: '', part: 'train', positiveClass: '' };
		expect(paramsInUse(predictCell, params, { data: 'table' })).not.toHaveProperty('part');
		expect(paramsInUse(predictCell, params, { data: 'splits' })).toHaveProperty('part', 'train');
	});

	it('does not make a predict cell on a plain table stale when changed; on a split it does', () => {
		const onTable = pipeline({ data: ['check'] });
		expect(inputKindsOf(onTable.cells[3]!, outputKinds(onTable, cellRegistry))).toEqual({ data: 'table' });
		const key = (notebook: Notebook) => outputKeys(notebook, cellRegistry).get(CellId('score'));
		expect(key(setParam(onTable, CellId('score'), 'part', 'train'))).toBe(key(onTable));
		const onSplit = pipeline({ data: ['split'] });
		expect(key(setParam(onSplit, CellId('score'), 'part', 'train'))).not.toBe(key(onSplit));
	});
});
