import { describe, expect, it } from 'vitest';
import { exportBackup, restoreBackup } from '../../../src/lib/store/backup';
import type { CellId } from '../../../src/lib/notebook/types';
import { keepNotebookFile, notebookFiles } from '../../../src/lib/store/notebook-files';
import { deleteNotebook, saveNotebook } from '../../../src/lib/store/notebooks';
import { freshStore } from './fixtures';

const csv = 'review,sentiment\n"Great, works",positive\nBroke after a day,negative\n';
const reviews = () => new File([csv], 'new-reviews.csv', { type: 'text/csv', lastModified: 1_700_000_000_000 });
const cell = (id: string) => id as CellId;

describe('files attached to a kept notebook', () => {
	it('read back as the same file: bytes, name, type and time (so the output keys match)', async () => {
		const store = await freshStore();
		await keepNotebookFile(store, 'nb-1', cell('upload'), reviews());
		const file = (await notebookFiles(store, 'nb-1')).get(cell('upload'))!;
		expect([file.name, file.type, file.lastModified, file.size]).toEqual(['new-reviews.csv', 'text/csv', 1_700_000_000_000, reviews().size]);
		expect(await file.text()).toBe(csv);
		expect((await notebookFiles(store, 'nb-2')).size).toBe(0);
	});

	it('keeps the file as a Blob, not its bytes (IndexedDB stores it out of line, with no limit on one value), and still reads older records of bytes', async () => {
		const { databaseOf } = await import('../../../src/lib/store/database');
		const store = await freshStore();
		await keepNotebookFile(store, 'nb-1', cell('upload'), reviews());
		const [record] = await databaseOf(store).getAllFromIndex('notebookFiles', 'byNotebook', 'nb-1');
		expect(record!.bytes).toBeInstanceOf(Blob);
		await databaseOf(store).put('notebookFiles', { ...record!, cell: 'older', bytes: new TextEncoder().encode(csv) });
		expect(await (await notebookFiles(store, 'nb-1')).get(cell('older'))!.text()).toBe(csv);
	});

	it('a file attached again replaces the one kept for that cell', async () => {
		const store = await freshStore();
		await keepNotebookFile(store, 'nb-1', cell('upload'), reviews());
		await keepNotebookFile(store, 'nb-1', cell('upload'), new File(['a,b\n1,x\n'], 'other.csv'));
		const files = await notebookFiles(store, 'nb-1');
		expect([...files.values()].map((file) => file.name)).toEqual(['other.csv']);
	});

	it('saving the notebook drops the files of cells it no longer has; deleting it drops them all', async () => {
		const store = await freshStore();
		await keepNotebookFile(store, 'nb-1', cell('upload'), reviews());
		await keepNotebookFile(store, 'nb-1', cell('removed'), reviews());
		await keepNotebookFile(store, 'nb-2', cell('upload'), reviews());
		await saveNotebook(store, 'nb-1', 'T', '{}', { cells: ['upload', 'train'] });
		expect([...(await notebookFiles(store, 'nb-1')).keys()]).toEqual(['upload']);
		await deleteNotebook(store, 'nb-1');
		expect((await notebookFiles(store, 'nb-1')).size).toBe(0);
		expect((await notebookFiles(store, 'nb-2')).size).toBe(1);
	});

	it('travel in a backup with their notebook', async () => {
		const source = await freshStore();
		await saveNotebook(source, 'nb-1', 'T', '{}', { now: 5 });
		await keepNotebookFile(source, 'nb-1', cell('upload'), reviews());
		const target = await freshStore();
		const result = await restoreBackup(target, await exportBackup(source, '0.1.0'));
		expect(result.ok && result.summary.added.notebookFiles).toBe(1);
		const file = (await notebookFiles(target, 'nb-1')).get(cell('upload'))!;
		expect([file.name, file.lastModified, await file.text()]).toEqual(['new-reviews.csv', 1_700_000_000_000, csv]);
	});
});
