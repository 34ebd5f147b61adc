import { describe, expect, it } from 'vitest';
import { restoreBackup, exportBackup } from '../../../src/lib/store/backup';
import { write } from '../../../src/lib/store/database';
import { listModels, registerModel } from '../../../src/lib/store/models';
import { spacePerStore } from '../../../src/lib/store/quota';
import { freshStore, registration } from './fixtures';

const records = async (store: Awaited<ReturnType<typeof freshStore>>) =>
	Object.fromEntries((await spacePerStore(store)).map((space) => [space.store, space.records]));

describe('every multi-record write is one transaction', () => {
	it('a write that throws after its first records leaves nothing', async () => {
		const store = await freshStore();
		const trained = registration(1, 0.8);
		await expect(
			write(store, ['modelVersions', 'aliases'], 'models', async (transaction) => {
				await transaction.objectStore('modelVersions').put({ id: 'sentiment@1', name: 'sentiment', version: 1, contentHash: 'x', createdAt: 0, model: trained.model, metrics: {}, measuredOn: 'test', lineage: trained.lineage });
				await transaction.objectStore('aliases').put({ name: 'sentiment', alias: 'production', versionId: 'sentiment@1', movedAt: 0 });
				throw new Error('the tab closed');
			})
		).rejects.toThrow('the tab closed');
		expect((await records(store)).modelVersions).toBe(0);
		expect((await records(store)).aliases).toBe(0);
	});

	it('a restore that fails midway (an alias to a missing version) adds none of the file', async () => {
		const source = await freshStore();
		await registerModel(source, registration(1, 0.8, 'production'));
		const text = exportBackupWithBrokenAlias(await exportBackup(source, '0.1.0'));
		const target = await freshStore();
		const result = await restoreBackup(target, text);
		expect(result).toEqual({ ok: false, reason: "corrupt backup: alias production of 'sentiment' points to 'sentiment@7', which the file does not hold" });
		expect((await listModels(target)).models).toEqual([]);
	});
});

describe('a full quota', () => {
	it('is reported with the space per store, and what was stored before stays', async () => {
		const store = await freshStore();
		await registerModel(store, registration(1, 0.8, 'production'));
		const write$ = write(store, ['runs'], 'runs', async (transaction) => {
			await transaction.objectStore('runs').put({ id: 'r', notebookId: null, notebookTitle: 't', notebookHash: null, startedAt: 0, endedAt: 0, cells: [] });
			throw new DOMException('quota', 'QuotaExceededError');
		});
		await expect(write$).rejects.toThrow(/storage quota is full.*nothing stored was lost\. Space per store: modelVersions [\d.]+ kB \(1\), aliasMoves .* \(1\)/);
		expect((await records(store)).runs).toBe(0);
		expect((await listModels(store)).models[0]?.versions).toHaveLength(1);
	});
});

function exportBackupWithBrokenAlias(text: string): string {
	const backup = JSON.parse(text);
	backup.stores.aliases[0].versionId = 'sentiment@7';
	return JSON.stringify(backup);
}
