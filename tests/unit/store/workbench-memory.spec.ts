import { describe, expect, it } from 'vitest';
import { cellRegistry } from '../../../src/lib/cells/registry';
import { fileSource, type FileSource } from '../../../src/lib/cells/types';
import type { CellRunState } from '../../../src/lib/dag/run-types';
import { outputKeys } from '../../../src/lib/dag/keys';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { serializeNotebook } from '../../../src/lib/notebook/serialize';
import { CellId, type Notebook } from '../../../src/lib/notebook/types';
import type { Store } from '../../../src/lib/store/database';
import { getNotebook, listNotebooks, notebookHash } from '../../../src/lib/store/notebooks';
import { WorkbenchMemory, type MemoryHost } from '../../../src/lib/store/workbench-memory';
import { freshStore, table } from './fixtures';

const upload = CellId('upload');
const notebook: Notebook = {
	format: 'descent-notebook',
	version: 1,
	title: 'My measurements',
	description: '',
	cells: [{ id: upload, kind: 'dataset', title: 'Upload', params: { name: 'data', source: 'csv' }, inputs: {}, retry: { count: 0, delayMs: 0 } }]
};
const csv = () => new File(['x,label\n1,a\n2,b\n'], 'measurements.csv', { type: 'text/csv', lastModified: 1_700_000_000_000 });

/** One page's workbench, as far as the memory sees it. */
function page(store: Store, start: Notebook) {
	const files = new Map<CellId, FileSource>();
	let open = start;
	const restored: CellId[][] = [];
	let restoredOnce: () => void = () => {};
	const restoredSignal = new Promise<void>((resolve) => (restoredOnce = resolve));
	const host: MemoryHost = {
		notebook: () => open,
		states: () => new Map<CellId, CellRunState>(),
		output: () => undefined,
		files: (cell) => files.get(cell.id) ?? null,
		attachKept: (kept) => kept.forEach((file, id) => files.set(id, fileSource(file))),
		restore: async (targets) => {
			restored.push(targets);
			restoredOnce();
		},
		notify: (message) => {
			throw new Error(`unexpected store message: ${message}`);
		}
	};
	const memory = new WorkbenchMemory(host, Promise.resolve(store));
	return { memory, files, restored, restoredSignal, setNotebook: (next: Notebook) => (open = next) };
}

describe('WorkbenchMemory: a reopened notebook gets its attached files and its cached outputs', () => {
	it('the file attached on one page is attached again on the next, and the cell comes back from the cache', async () => {
		const store = await freshStore();
		const first = page(store, notebook);
		first.memory.afterLoad(notebook);
		first.files.set(upload, fileSource(csv()));
		await first.memory.afterAttach(upload, csv());
		await first.memory.save();
		// The run that the first page made: the dataset's output, under the key its file gives it.
		const key = outputKeys(notebook, cellRegistry, (cell) => first.files.get(cell.id) ?? null).get(upload)!;
		first.memory.cache.set(key, { value: table([1, 2], [0, 1]), summary: { rows: 2 } });
		await first.memory.cache.flush();

		const second = page(store, notebook);
		const latest = await second.memory.latestUnlessLoaded();
		expect(latest?.id).toBe(first.memory.notebookId);
		const parsed = parseNotebook(latest!.text, cellRegistry);
		if (!parsed.ok) throw new Error('the kept notebook does not parse');
		second.setNotebook(parsed.notebook);
		second.memory.afterLoad(parsed.notebook, latest!.id);
		await second.restoredSignal;
		expect(second.files.get(upload)?.fingerprint).toBe(first.files.get(upload)?.fingerprint);
		expect(second.restored).toEqual([[upload]]);
	});

	it('a notebook opened without its id (a file, an example) is not given kept files', async () => {
		const store = await freshStore();
		const first = page(store, notebook);
		first.memory.afterLoad(notebook);
		await first.memory.afterAttach(upload, csv());
		await first.memory.save();

		const second = page(store, notebook);
		second.memory.afterLoad(notebook);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(second.files.size).toBe(0);
		expect(second.restored).toEqual([]);
	});
});

describe('WorkbenchMemory: leaving the page', () => {
	/** A page with the notebook loaded and saved once. */
	async function savedOnce() {
		const store = await freshStore();
		const open = page(store, notebook);
		open.memory.afterLoad(notebook);
		await open.memory.save();
		return { store, open, id: open.memory.notebookId! };
	}

	it('saves an edit still waiting for autosave at once, keeping when the notebook was first saved', async () => {
		const { store, open, id } = await savedOnce();
		const first = await getNotebook(store, id);

		const renamed = { ...notebook, title: 'Measurements, renamed' };
		open.setNotebook(renamed);
		open.memory.afterEdit();
		await new Promise((resolve) => setTimeout(resolve, 5));
		await open.memory.flush();
		const kept = await getNotebook(store, id);
		expect(kept?.title).toBe('Measurements, renamed');
		expect(kept?.createdAt).toBe(first?.createdAt);
		expect(kept?.hash).toBe(notebookHash(serializeNotebook(renamed)));
	});

	it('saves an edit whose autosave is still under way, and a late autosave does not bring back an older text', async () => {
		const { store, open, id } = await savedOnce();

		open.setNotebook({ ...notebook, title: 'First rename' });
		open.memory.afterEdit();
		const underWay = open.memory.save();
		open.setNotebook({ ...notebook, title: 'Second rename' });
		open.memory.afterEdit();
		await open.memory.flush();
		expect((await getNotebook(store, id))?.title).toBe('Second rename');
		await underWay;
		expect((await getNotebook(store, id))?.title).toBe('Second rename');
	});

	it('saves at once an edit made before the first autosave of a new notebook', async () => {
		const store = await freshStore();
		const open = page(store, notebook);
		open.memory.afterLoad(notebook);
		open.setNotebook({ ...notebook, title: 'Edited at once' });
		open.memory.afterEdit();
		// The id is found in the background; leaving the page after that must not need a further await.
		await new Promise((resolve) => setTimeout(resolve, 20));
		void open.memory.flush();
		open.memory.afterLoad({ ...notebook, title: 'Another notebook' });
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect((await listNotebooks(store)).notebooks.map((record) => record.title)).toEqual(['Edited at once']);
	});

	it('writes nothing when no edit is waiting', async () => {
		const store = await freshStore();
		const open = page(store, notebook);
		open.memory.afterLoad(notebook);
		await open.memory.flush();
		expect((await listNotebooks(store)).notebooks).toEqual([]);
	});
});
