/**
 * A write the browser aborts while its body still waits: Chromium aborted the transaction that
 * kept a 226 MB attached file (a run had started meanwhile) and its put request got no event, so
 * the body never returned. The write must end with the abort, not hang, and leave no unhandled
 * rejection (vitest fails the file on one).
 */
import { describe, expect, it } from 'vitest';
import { write } from '../../../src/lib/store/database';
import { notebookFiles } from '../../../src/lib/store/notebook-files';
import { freshStore } from './fixtures';

describe('write(store, names, area, body)', () => {
	it('ends with the abort when the transaction is aborted while the body still waits', async () => {
		const store = await freshStore();
		const written = write(store, ['notebookFiles'], 'notebooks', async (transaction) => {
			const put = transaction.objectStore('notebookFiles').put({ notebookId: 'n', cell: 'data', name: 'big.csv', type: 'text/csv', lastModified: 0, bytes: new Uint8Array(4) });
			// The request is left waiting, as Chromium left it; only the transaction hears of the abort.
			put.catch(() => undefined);
			transaction.abort();
			await new Promise<never>(() => {});
		});
		await expect(written).rejects.toThrow('the browser aborted the write without saying why');
		expect((await notebookFiles(store, 'n')).size).toBe(0);
	});
});
