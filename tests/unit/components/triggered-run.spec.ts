import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createInlineExecutor } from '../../../src/lib/cells/inline-executor';
import { cellRegistry } from '../../../src/lib/cells/registry';
import { runTriggered } from '../../../src/lib/components/triggered-run';
import { saveDatasetVersion } from '../../../src/lib/store/datasets';
import { saveNotebook } from '../../../src/lib/store/notebooks';
import { listRuns } from '../../../src/lib/store/runs';
import { addTrigger, claimDue } from '../../../src/lib/store/triggers';
import { freshStore, table } from '../store/fixtures';

/** The teaching example cut to its dataset, split and one SGD cell, on 40 rows. */
function smallNotebook(): string {
	const example = JSON.parse(readFileSync('static/examples/teaching-2d.descent.json', 'utf8')) as { cells: { id: string; params: Record<string, unknown> }[] };
	const cells = example.cells.filter((cell) => ['blobs', 'split', 'scale', 'sgd-001'].includes(cell.id));
	cells[0]!.params.rows = 40;
	return JSON.stringify({ ...example, title: 'Blobs', cells });
}

describe('runTriggered(store, firing)', () => {
	it('re-runs the kept notebook on the dataset version that fired, and the run says why', async () => {
		const store = await freshStore();
		await saveNotebook(store, 'nb-1', 'Blobs', smallNotebook());
		const trigger = await addTrigger(store, { notebookId: 'nb-1', notebookTitle: 'Blobs', on: { kind: 'dataset', name: 'blobs' } }, 1000);
		// A new version of 'blobs' with two numeric columns, as the generator makes them.
		const shifted = table([0, 1, 2, 3, 4, 5, 6, 7], [0, 0, 0, 0, 1, 1, 1, 1], { name: 'blobs' });
		shifted.columns = [
			{ name: 'x1', type: 'numeric', values: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]) },
			{ name: 'x2', type: 'numeric', values: Float32Array.from([1, 0, 1, 0, 5, 6, 5, 6]) }
		];
		const { record: version } = await saveDatasetVersion(store, 'blobs', shifted, { description: 'shifted' });
		const [firing] = await claimDue(store, 2000);
		expect(firing?.trigger.id).toBe(trigger.id);

		let clock = 5000;
		const run = await runTriggered(store, firing!, { executor: createInlineExecutor(cellRegistry), concurrency: 1, now: () => (clock += 10) });
		expect(run.cause).toEqual({ kind: 'dataset', triggerId: trigger.id, name: 'blobs', version: 1, hash: version.hash });
		const dataset = run.cells.find((cell) => cell.id === 'blobs');
		expect(dataset?.params.version).toBe(version.hash);
		expect(dataset?.attempts[0]?.log.map((line) => line.message).join('\n')).toContain("pinned: version 1 of 'blobs'");
		expect(run.cells.every((cell) => cell.state === 'success')).toBe(true);
		expect((await listRuns(store)).runs.map((stored) => stored.cause?.kind)).toEqual(['dataset']);
	});

	it('a scheduled retrain registers before it scores: its predict cell reads the version the run registered', async () => {
		const store = await freshStore();
		const notebook = JSON.parse(smallNotebook()) as { cells: unknown[] };
		notebook.cells.push(
			{ id: 'register', kind: 'register', title: 'Register', params: { modelName: 'blobs', alias: 'production' }, inputs: { model: ['sgd-001'] } },
			{ id: 'score', kind: 'predict', title: 'Score', params: { modelName: 'blobs', model: 'production' }, inputs: { data: ['blobs'] } }
		);
		await saveNotebook(store, 'nb-2', 'Blobs', JSON.stringify(notebook));
		const trigger = await addTrigger(store, { notebookId: 'nb-2', notebookTitle: 'Blobs', on: { kind: 'schedule', cron: '0 * * * *', timezone: 'UTC', catchUp: false } }, 0);
		const firing = { trigger, cause: { kind: 'schedule' as const, triggerId: trigger.id, cron: '0 * * * *', scheduledAt: 3600_000, catchUp: false } };
		// An empty registry: scored before registering, the predict cell would fail on "no model 'blobs'".
		const run = await runTriggered(store, firing, { executor: createInlineExecutor(cellRegistry), concurrency: 2 });
		const log = (id: string) => run.cells.find((cell) => cell.id === id)?.attempts.at(-1)?.log.map((line) => line.message).join('\n') ?? '';
		expect(run.cells.map((cell) => [cell.id, cell.state])).toEqual(['blobs', 'split', 'scale', 'sgd-001', 'register', 'score'].map((id) => [id, 'success']));
		expect(log('score')).toContain("recorded for the monitor: v1 of 'blobs'");
	});

	it('refuses a trigger whose notebook is no longer kept', async () => {
		const store = await freshStore();
		const trigger = await addTrigger(store, { notebookId: 'gone', notebookTitle: 'Gone', on: { kind: 'schedule', cron: '0 * * * *', timezone: 'UTC', catchUp: false } }, 0);
		const firing = { trigger, cause: { kind: 'schedule' as const, triggerId: trigger.id, cron: '0 * * * *', scheduledAt: 3600_000, catchUp: false } };
		await expect(runTriggered(store, firing, { executor: createInlineExecutor(cellRegistry), concurrency: 1 })).rejects.toThrow("notebook 'Gone' is no longer kept in this browser");
	});
});
