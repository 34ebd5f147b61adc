import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CellRunState } from '../../../src/lib/dag/run-types';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { cellRegistry } from '../../../src/lib/cells/registry';
import type { CellId, Notebook } from '../../../src/lib/notebook/types';
import type { Store } from '../../../src/lib/store/database';
import { getNotebook, listNotebooks } from '../../../src/lib/store/notebooks';
import { WorkbenchMemory, type MemoryHost } from '../../../src/lib/store/workbench-memory';
import { freshStore } from './fixtures';

const parsed = parseNotebook(readFileSync('static/examples/teaching-2d.descent.json', 'utf8'), cellRegistry);
if (!parsed.ok) throw new Error('the example does not parse');
const notebook: Notebook = { ...parsed.notebook, title: 'Shared' };

/** One tab: its open notebook, the messages it showed, the texts another tab made it show. */
function tab(store: Store, start: Notebook = notebook) {
	let open = start;
	const messages: string[] = [];
	const replaced: string[] = [];
	let memory!: WorkbenchMemory;
	const host: MemoryHost = {
		notebook: () => open,
		states: () => new Map<CellId, CellRunState>(),
		output: () => undefined,
		files: () => null,
		attachKept: () => undefined,
		restore: async () => undefined,
		notify: (message) => messages.push(message),
		replace: (text, id) => {
			replaced.push(text);
			const read = parseNotebook(text, cellRegistry);
			if (!read.ok) throw new Error('unreadable');
			open = read.notebook;
			memory.afterLoad(open, id);
		}
	};
	memory = new WorkbenchMemory(host, Promise.resolve(store));
	return {
		memory,
		messages,
		replaced,
		edit: (change: (nb: Notebook) => Notebook) => {
			open = change(open);
			memory.afterEdit();
		},
		notebook: () => open
	};
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('two tabs on one notebook', () => {
	it('an edit saved in one tab shows in the other, which has no edit of its own', async () => {
		const store = await freshStore();
		const a = tab(store);
		a.memory.afterLoad(notebook);
		a.edit((nb) => ({ ...nb, title: 'Shared, v2' }));
		await a.memory.save();
		const id = a.memory.notebookId!;
		const b = tab(store, a.notebook());
		b.memory.afterLoad(a.notebook(), id);
		await settle();

		a.edit((nb) => ({ ...nb, title: 'Shared, v3' }));
		await a.memory.save();
		await settle();
		expect(b.notebook().title).toBe('Shared, v3');
		expect(b.messages.join(' ')).toContain('changed in another tab');
		expect(a.replaced).toEqual([]);
	});

	it('edits made in both tabs at once: neither is lost, and the later tab is told its version is a separate notebook', async () => {
		const store = await freshStore();
		const a = tab(store);
		a.memory.afterLoad(notebook);
		a.edit((nb) => ({ ...nb, title: 'Base' }));
		await a.memory.save();
		const id = a.memory.notebookId!;
		const b = tab(store, a.notebook());
		b.memory.afterLoad(a.notebook(), id);
		await settle();

		a.edit((nb) => ({ ...nb, description: 'edited in A' }));
		b.edit((nb) => ({ ...nb, description: 'edited in B' }));
		await a.memory.save();
		await b.memory.save();
		await settle();

		expect(JSON.parse((await getNotebook(store, id))!.text).description).toBe('edited in A');
		const copy = b.memory.notebookId!;
		expect(copy).not.toBe(id);
		const kept = await getNotebook(store, copy);
		expect(JSON.parse(kept!.text).description).toBe('edited in B');
		expect(kept!.title).toBe('Base (this tab)');
		expect(b.messages.join(' ')).toMatch(/your version is kept as a separate notebook, 'Base \(this tab\)'/);
		expect((await listNotebooks(store)).notebooks).toHaveLength(2);
		// Tab A saw nothing to take over: its own text is what is stored.
		expect(a.notebook().description).toBe('edited in A');
	});
});
