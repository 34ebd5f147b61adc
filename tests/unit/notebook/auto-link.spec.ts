import { describe, expect, it } from 'vitest';
import { cellRegistry } from '../../../src/lib/cells/registry';
import { linkToCellsAbove } from '../../../src/lib/notebook/auto-link';
import { addCell } from '../../../src/lib/notebook/edit';
import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type CellId, type Notebook } from '../../../src/lib/notebook/types';

function build(kinds: string[]): Notebook {
	let notebook: Notebook = { format: NOTEBOOK_FORMAT, version: NOTEBOOK_VERSION, title: 't', description: '', cells: [] };
	for (const kind of kinds) {
		const before = new Set(notebook.cells.map((cell) => cell.id));
		notebook = addCell(notebook, kind, cellRegistry);
		const added = notebook.cells.find((cell) => !before.has(cell.id))!;
		notebook = linkToCellsAbove(notebook, added.id, cellRegistry);
	}
	return notebook;
}

const inputsOf = (notebook: Notebook) => Object.fromEntries(notebook.cells.map((cell) => [cell.id, cell.inputs]));

describe('linkToCellsAbove', () => {
	it('links a pipeline built top to bottom: dataset → split → impute → scale → train ×2 → select → evaluate', () => {
		const notebook = build(['dataset', 'split', 'impute', 'scale', 'train', 'train', 'select', 'evaluate']);
		const [dataset, split, impute, scale, trainA, trainB, select, evaluate] = notebook.cells.map((cell) => cell.id) as CellId[];
		expect(inputsOf(notebook)).toEqual({
			[dataset!]: {},
			[split!]: { data: [dataset] },
			[impute!]: { data: [split] },
			[scale!]: { data: [impute] },
			[trainA!]: { data: [scale] },
			[trainB!]: { data: [scale] },
			[select!]: { models: [trainA, trainB] },
			[evaluate!]: { model: [select], data: [scale] }
		});
	});

	it('links a register cell below an evaluate cell to its evaluation (an optional input), but not to splits others read already', () => {
		const notebook = build(['dataset', 'split', 'train', 'evaluate', 'register']);
		const [, split, train, evaluate, register] = notebook.cells.map((cell) => cell.id) as CellId[];
		expect(inputsOf(notebook)[register!]).toEqual({ model: [train], evaluation: [evaluate] });
		expect(inputsOf(notebook)[evaluate!]).toEqual({ model: [train], data: [split] });
	});

	it('leaves an input unlinked when nothing above fits', () => {
		const notebook = build(['train']);
		expect(notebook.cells[0]!.inputs).toEqual({});
	});
});
