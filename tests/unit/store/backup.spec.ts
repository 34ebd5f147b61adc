import { describe, expect, it } from 'vitest';
import { exportBackup, restoreBackup } from '../../../src/lib/store/backup';
import { listDatasets, loadTable, saveDatasetVersion } from '../../../src/lib/store/datasets';
import { listModels, registerModel } from '../../../src/lib/store/models';
import { listNotebooks, saveNotebook } from '../../../src/lib/store/notebooks';
import { listRuns, saveRun } from '../../../src/lib/store/runs';
import { listScorings, recordScoring } from '../../../src/lib/store/scorings';
import { addTrigger, listTriggers } from '../../../src/lib/store/triggers';
import { freshStore, registration, table } from './fixtures';

async function workspace() {
	const store = await freshStore();
	await saveDatasetVersion(store, 'reviews', table([1, NaN, 3], [0, 1, 0], { text: ['good', 'bad', 'fine'] }), { description: 'built-in' });
	await saveDatasetVersion(store, 'reviews', table([1, 2, 3, 4], [0, 1, 0, 1], { text: ['good', 'bad', 'fine', 'ok'] }), { description: 'upload' });
	await registerModel(store, registration(1, 0.8, 'production'), 1);
	await registerModel(store, registration(2, 0.9, 'production'), 2);
	await saveRun(store, { id: 'run-1', notebookId: 'nb-1', notebookTitle: 'T', notebookHash: 'h', startedAt: 1, endedAt: 2, cells: [] });
	await saveNotebook(store, 'nb-1', 'T', '{"format":"descent-notebook"}', { now: 5 });
	await recordScoring(store, { modelName: 'sentiment', versionId: 'sentiment@2', version: 2, at: 7, datasetHash: 'abc', datasetLabel: "'reviews' v2", rowCount: 4, metrics: { accuracy: 0.75 }, notebookTitle: 'T' });
	await addTrigger(store, { notebookId: 'nb-1', notebookTitle: 'T', on: { kind: 'schedule', cron: '0 6 * * *', timezone: 'UTC', catchUp: false } }, 8);
	return store;
}

describe('exportBackup and restoreBackup', () => {
	it('round trip: an empty workspace gets everything back, typed arrays and NaN included', async () => {
		const text = await exportBackup(await workspace(), '0.1.0');
		const target = await freshStore();
		const result = await restoreBackup(target, text);
		expect(result.ok && result.summary.added).toEqual({ datasetContents: 2, datasetVersions: 2, modelVersions: 2, aliases: 1, aliasMoves: 2, runs: 1, notebooks: 1, notebookFiles: 0, scorings: 1, triggers: 1 });
		expect((await listScorings(target, 'sentiment')).scorings.map((record) => [record.versionId, record.datasetHash])).toEqual([['sentiment@2', 'abc']]);
		expect((await listTriggers(target, 'nb-1')).triggers.map((record) => record.on)).toEqual([{ kind: 'schedule', cron: '0 6 * * *', timezone: 'UTC', catchUp: false }]);
		const versions = (await listDatasets(target)).names.get('reviews')!;
		expect(versions.map((record) => record.version)).toEqual([2, 1]);
		const restored = await loadTable(target, versions[1]!.hash);
		expect(Array.from(restored.columns[0]!.values as Float32Array)).toEqual([1, NaN, 3]);
		const [model] = (await listModels(target)).models;
		expect(model?.aliases[0]?.versionId).toBe('sentiment@2');
		expect(model?.moves).toHaveLength(2);
		expect(model?.versions[0]?.model.coef).toEqual(Float32Array.from([2, -2]));
		expect(model?.versions[0]?.model.objectiveCurves[0]?.[2]).toBeNaN();
		expect((await listRuns(target)).runs).toHaveLength(1);
		expect((await listNotebooks(target)).notebooks[0]?.id).toBe('nb-1');
	});

	it('restoring twice adds nothing the second time', async () => {
		const text = await exportBackup(await workspace(), '0.1.0');
		const target = await freshStore();
		await restoreBackup(target, text);
		const again = await restoreBackup(target, text);
		expect(again.ok && Object.values(again.summary.added).every((count) => count === 0)).toBe(true);
	});

	it('merges by hash: a model new to the workspace becomes its next version; the local production stays', async () => {
		const text = await exportBackup(await workspace(), '0.1.0');
		const target = await freshStore();
		await registerModel(target, registration(5, 0.7, 'production'));
		const result = await restoreBackup(target, text);
		expect(result.ok && result.summary.keptLocalAliases).toEqual(['sentiment production']);
		const [model] = (await listModels(target)).models;
		expect(model?.versions.map((version) => [version.id, version.model.coef[0]])).toEqual([['sentiment@3', 2], ['sentiment@2', 1], ['sentiment@1', 5]]);
		expect(model?.aliases[0]?.versionId).toBe('sentiment@1');
	});
});

describe('a bad backup file is refused with the reason, and nothing is written', () => {
	const valid = { format: 'descent-backup', version: 1, stores: { datasetContents: [], datasetVersions: [], modelVersions: [], aliases: [], aliasMoves: [], runs: [], notebooks: [] } };
	it.each([
		['not JSON', '{"format": "descent-backup",', /^not a backup: the file is not valid JSON/],
		['a notebook, not a backup', JSON.stringify({ format: 'descent-notebook', version: 1, cells: [] }), /^not a Descent backup: its format is 'descent-notebook'/],
		['from a newer Descent', JSON.stringify({ ...valid, version: 9 }), /this backup is version 9, made by a newer Descent/],
		['a damaged record', JSON.stringify({ ...valid, stores: { ...valid.stores, runs: [{ id: 'r', startedAt: 'noon' }] } }), /^corrupt backup: stores\.runs\[0\]/],
		['a damaged typed array', JSON.stringify({ ...valid, stores: { ...valid.stores, runs: { $typed: 'Float32Array', base64: 'AAA=' } } }), /^not a backup: .*Float32Array of 2 bytes/]
	])('%s', async (_, text, reason) => {
		const store = await freshStore();
		const result = await restoreBackup(store, text);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toMatch(reason);
		expect((await listRuns(store)).runs).toEqual([]);
	});
});
