import { describe, expect, it } from 'vitest';
import type { CellRunState } from '../../../src/lib/dag/run-types';
import { CellId, type Notebook } from '../../../src/lib/notebook/types';
import type { Store } from '../../../src/lib/store/database';
import { deleteNotebook } from '../../../src/lib/store/notebooks';
import { memoryOpenPointer, openNotebookOf, type OpenPointer } from '../../../src/lib/store/open-notebook';
import type { NotebookRecord } from '../../../src/lib/store/records';
import { WorkbenchMemory, type MemoryHost } from '../../../src/lib/store/workbench-memory';
import { freshStore } from './fixtures';

function notebookTitled(title: string): Notebook {
	return {
		format: 'descent-notebook',
		version: 1,
		title,
		description: '',
		cells: [{ id: CellId('data'), kind: 'dataset', title: 'Data', params: { name: title, source: 'csv' }, inputs: {}, retry: { count: 0, delayMs: 0 } }]
	};
}

/** One page load: a memory over the shared store and pointer, told when its notebook is found kept. */
function page(store: Store, pointer: OpenPointer, open: Notebook) {
	let found: (id: string) => void = () => {};
	const stored = new Promise<string>((resolve) => (found = resolve));
	const host: MemoryHost = {
		notebook: () => open,
		states: () => new Map<CellId, CellRunState>(),
		output: () => undefined,
		files: () => null,
		attachKept: () => {},
		restore: async () => {},
		notify: (message) => {
			throw new Error(`unexpected store message: ${message}`);
		},
		stored: (id) => found(id)
	};
	return { memory: new WorkbenchMemory(host, Promise.resolve(store), pointer), stored };
}

/** Opens a notebook on a page of its own and saves it (as a run does): its id. */
async function openAndSave(store: Store, pointer: OpenPointer, notebook: Notebook): Promise<string> {
	const opened = page(store, pointer, notebook);
	opened.memory.afterLoad(notebook);
	await opened.memory.save();
	return opened.memory.notebookId!;
}

describe('the open notebook: the one opened or worked on last, not the one saved last', () => {
	it('A, B, then A opened again unchanged (found by its text): a page loaded without naming one opens A', async () => {
		const store = await freshStore();
		const pointer = memoryOpenPointer();
		const a = notebookTitled('A');
		const idA = await openAndSave(store, pointer, a);
		// B saved later by the clock: the most recently saved one.
		await new Promise((resolve) => setTimeout(resolve, 5));
		const idB = await openAndSave(store, pointer, notebookTitled('B'));
		expect(idB).not.toBe(idA);

		// A again, from its file or example: the same text, so the kept record, which no save rewrites.
		const again = page(store, pointer, a);
		again.memory.afterLoad(a);
		expect(await again.stored).toBe(idA);
		await again.memory.save();

		const reloaded = page(store, pointer, notebookTitled('blank'));
		expect((await reloaded.memory.latestUnlessLoaded())?.id).toBe(idA);
	});

	it('a notebook opened by its id is the open one too; once forgotten, the most recently saved one is', async () => {
		const store = await freshStore();
		const pointer = memoryOpenPointer();
		const idA = await openAndSave(store, pointer, notebookTitled('A'));
		await new Promise((resolve) => setTimeout(resolve, 5));
		const idB = await openAndSave(store, pointer, notebookTitled('B'));
		const reopened = page(store, pointer, notebookTitled('A'));
		reopened.memory.afterLoad(notebookTitled('A'), idA);
		await reopened.stored;
		expect((await page(store, pointer, notebookTitled('blank')).memory.latestUnlessLoaded())?.id).toBe(idA);

		await deleteNotebook(store, idA);
		expect((await page(store, pointer, notebookTitled('blank')).memory.latestUnlessLoaded())?.id).toBe(idB);
	});
});

describe('openNotebookOf', () => {
	const record = (id: string, updatedAt: number): NotebookRecord => ({ id, title: id, hash: id, text: '{}', createdAt: 0, updatedAt });
	const kept = [record('newest', 3), record('older', 2)];

	it('is the pointed notebook while it is kept, else the most recently saved, else none', () => {
		expect(openNotebookOf(kept, 'older')?.id).toBe('older');
		expect(openNotebookOf(kept, 'gone')?.id).toBe('newest');
		expect(openNotebookOf(kept, null)?.id).toBe('newest');
		expect(openNotebookOf([], 'older')).toBeNull();
	});
});
