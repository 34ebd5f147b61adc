import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { cellRegistry } from '../../../src/lib/cells/registry';
import { emptyNotebook, Workbench } from '../../../src/lib/components/workbench.svelte';
import * as edit from '../../../src/lib/notebook/edit';
import { sha256Text } from '../../../src/lib/notebook/sha256';
import { CellId, type Notebook, type NotebookData } from '../../../src/lib/notebook/types';

const upload = CellId('upload');

/** A notebook of one dataset cell reading a file, named `name`, and naming `data` as its file when given. */
function notebookWith(name: string, data?: NotebookData): Notebook {
	const added = edit.addCell(emptyNotebook(), 'dataset', cellRegistry, { id: upload, title: 'Upload' });
	const notebook = edit.setParams(added, upload, { name, source: 'csv' });
	return data ? { ...notebook, data: [data] } : notebook;
}

/** A workbench with `notebook` open (loaded first, so no notebook kept in the store replaces it). */
function workbenchWith(notebook: Notebook): Workbench {
	const workbench = new Workbench({ frame: (callback) => setTimeout(callback, 0) });
	workbench.load(notebook);
	return workbench;
}

const csv = (name: string, text = 'x,label\n1,a\n2,b\n') => new File([text], name, { type: 'text/csv' });
const nameOf = (workbench: Workbench) => workbench.notebook.cells.find((cell) => cell.id === upload)?.params.name;

describe("a dataset cell's Replace file…: the name follows the file when a file gave it", () => {
	it('the name the first file gave follows the replacing file; undo brings the old name back', () => {
		const workbench = workbenchWith(notebookWith('data'));
		workbench.replaceFile(upload, csv('points.csv'));
		expect(nameOf(workbench)).toBe('points');

		workbench.replaceFile(upload, csv('orders-2024.csv'));
		expect(nameOf(workbench)).toBe('orders-2024');
		expect(workbench.files.get(upload)?.name).toBe('orders-2024.csv');

		workbench.undo();
		expect(nameOf(workbench)).toBe('points');
		workbench.undo();
		expect(nameOf(workbench)).toBe('data');
		expect(workbench.canUndo).toBe(false);
	});

	it('a name the user typed stays when the file is replaced', () => {
		const workbench = workbenchWith(notebookWith('data'));
		workbench.replaceFile(upload, csv('points.csv'));
		workbench.edit((notebook) => edit.setParam(notebook, upload, 'name', 'customers'));

		workbench.replaceFile(upload, csv('orders-2024.csv'));
		expect(nameOf(workbench)).toBe('customers');
		expect(workbench.files.get(upload)?.name).toBe('orders-2024.csv');
	});

	it("an opened notebook's file, named by its hash, is replaced in one edit: its name follows, and one undo brings back both", () => {
		const text = 'x,label\n1,a\n';
		const named: NotebookData = { cell: upload, fileName: 'points.csv', bytes: text.length, sha256: sha256Text(text) };
		const workbench = workbenchWith(notebookWith('points', named));

		workbench.replaceFile(upload, csv('orders-2024.csv'));
		expect(nameOf(workbench)).toBe('orders-2024');
		expect(workbench.notebook.data).toBeUndefined();

		workbench.undo();
		expect(nameOf(workbench)).toBe('points');
		expect(workbench.notebook.data).toEqual([named]);
		expect(workbench.canUndo).toBe(false);
	});

	it("the file an opened notebook asks for, under another file name, leaves the notebook's name as it is", async () => {
		const text = 'x,label\n1,a\n';
		const named: NotebookData = { cell: upload, fileName: 'points.csv', bytes: text.length, sha256: sha256Text(text) };
		const workbench = workbenchWith(notebookWith('points', named));

		workbench.attachFile(upload, csv('points (1).csv', text));
		await expect.poll(() => workbench.files.get(upload)?.name).toBe('points (1).csv');
		expect(nameOf(workbench)).toBe('points');
	});
});
