import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellRegistry } from '../../../src/lib/cells/registry';
import type { FileSource } from '../../../src/lib/cells/types';
import type { Evaluation, ModelGrid } from '../../../src/lib/cells/values';
import { outputKeys } from '../../../src/lib/dag/keys';
import { ArtifactStore } from '../../../src/lib/orchestrate/artifact-store';
import { MissingInputError, runCell } from '../../../src/lib/orchestrate/run-cell';
import { CellId, type Notebook } from '../../../src/lib/notebook/types';
import { cell } from './notebook-cell';

const notebook: Notebook = {
	format: 'descent-notebook',
	version: 1,
	title: 'Blobs',
	description: '',
	cells: [
		cell('blobs', 'dataset', { name: 'blobs', source: 'two-blobs', rows: 60, seed: 2 }),
		cell('split', 'split', { testFraction: 0.3, validationFraction: 0.2 }, { data: ['blobs'] }),
		cell('fast', 'train', { epochs: 3, eta0: 0.1, schedule: 'constant' }, { data: ['split'] }),
		cell('grid', 'train-grid', { epochs: ['2'], learningRates: ['0.01', '0.1'], alphas: ['0.001'] }, { data: ['split'] }),
		cell('evaluate', 'evaluate', {}, { model: ['fast'], data: ['split'] }),
		cell('points', 'dataset', { name: 'points', source: 'csv' })
	]
};

const noFiles = () => null;
const fresh = () => new ArtifactStore(join(mkdtempSync(join(tmpdir(), 'descent-store-')), 'artifacts'));
const run = (store: ArtifactStore, id: string, files: (c: Notebook['cells'][number]) => FileSource | null = noFiles) =>
	runCell({ notebook, registry: cellRegistry, cellId: id, files, store });

describe('runCell through the artifact store', () => {
	it('runs cells task by task under their output keys, then finds each key there (a cache hit)', async () => {
		const store = fresh();
		const keys = outputKeys(notebook, cellRegistry);
		for (const id of ['blobs', 'split', 'fast', 'grid', 'evaluate']) {
			const result = await run(store, id);
			expect(result.outcome, id).toBe('ran');
			expect(result.run.state, `${id}: ${result.run.error}`).toBe('success');
			expect(result.key).toBe(keys.get(CellId(id)));
			expect(result.run.worker.pid).toBe(process.pid);
		}
		expect(store.files()).toEqual(
			expect.arrayContaining([`${keys.get(CellId('blobs'))}.table.arrow`, `${keys.get(CellId('split'))}.splits.arrow`, `${keys.get(CellId('fast'))}.model.json`, `${keys.get(CellId('grid'))}.grid.json`, `${keys.get(CellId('evaluate'))}.evaluation.arrow`])
		);
		const evaluation = await run(store, 'evaluate');
		expect(evaluation.outcome).toBe('cached');
		expect(evaluation.run.summary.accuracy).toBeGreaterThan(0.5);
		expect(evaluation.run.log.length).toBeGreaterThan(0);
		// The stored values read back as the cells made them.
		const stored = store.readOutput(store.done(keys.get(CellId('evaluate'))!)!) as Evaluation;
		expect(stored.scores).toBeInstanceOf(Float32Array);
		expect(stored.metrics.accuracy).toBe(evaluation.run.summary.accuracy);
		const grid = store.readOutput(store.done(keys.get(CellId('grid'))!)!) as ModelGrid;
		expect(grid.models.length).toBe(store.done(keys.get(CellId('grid'))!)!.summary.configurations);
		expect(grid.models[0]!.coef).toBeInstanceOf(Float32Array);
	}, 60_000);

	it('refuses to run without an input artifact, naming the upstream cell and its key', async () => {
		const store = fresh();
		await run(store, 'blobs');
		const key = outputKeys(notebook, cellRegistry).get(CellId('split'))!;
		const error = await run(store, 'fast').catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(MissingInputError);
		expect((error as Error).message).toContain(`cell 'split'`);
		expect((error as Error).message).toContain(key);
		expect(existsSync(store.failedPath(outputKeys(notebook, cellRegistry).get(CellId('fast'))!))).toBe(false);
	}, 30_000);

	it('refuses a corrupt artifact with its path, and never reads a half-written one', async () => {
		const store = fresh();
		await run(store, 'blobs');
		await run(store, 'split');
		const keys = outputKeys(notebook, cellRegistry);
		const path = join(store.dir, `${keys.get(CellId('split'))}.splits.arrow`);
		const bytes = readFileSync(path);
		writeFileSync(path, bytes.subarray(0, bytes.length >> 1));
		await expect(run(store, 'fast')).rejects.toThrow(`corrupt artifact ${path}`);
		// A temporary file left by a writer that died is not an artifact: the key stays to be done.
		writeFileSync(join(store.dir, `.tmp-1-abc`), 'half');
		expect(store.files().some((name) => name.startsWith('.tmp-'))).toBe(false);
		expect(store.done(keys.get(CellId('fast'))!)).toBeNull();
		// A summary that is not JSON is refused with its path too.
		writeFileSync(store.summaryPath(keys.get(CellId('blobs'))!), '{"format": "descent-art');
		await expect(run(store, 'blobs')).rejects.toThrow(store.summaryPath(keys.get(CellId('blobs'))!));
	}, 30_000);

	it('a failed attempt is kept and counted; the next call is the next attempt, and cells below are upstream_failed', async () => {
		const store = fresh();
		const first = await run(store, 'points');
		expect(first.run.state).toBe('failed');
		expect(first.run.attempts).toBe(1);
		expect(first.run.error).toContain('--data points=path.csv');
		const second = await run(store, 'points');
		expect(second.outcome).toBe('ran');
		expect(second.run.attempts).toBe(2);
		const csv: FileSource = { name: 'points.csv', data: 'x,y\n1,a\n2,b\n3,a\n4,b\n', fingerprint: 'sha256:points' };
		const bound = await run(store, 'points', (c) => (c.id === 'points' ? csv : null));
		expect(bound.run.state).toBe('success');
		const below: Notebook = { ...notebook, cells: [...notebook.cells, cell('split-points', 'split', {}, { data: ['points'] })] };
		const upstream = await runCell({ notebook: below, registry: cellRegistry, cellId: 'split-points', files: noFiles, store });
		expect(upstream.run.state).toBe('upstream_failed');
		expect(upstream.run.error).toBe("upstream cell 'POINTS' failed");
		// Below that, the cell that actually failed is named, not the upstream_failed one between.
		const deeper: Notebook = { ...below, cells: [...below.cells, cell('scale-points', 'scale', {}, { data: ['split-points'] })] };
		const twoBelow = await runCell({ notebook: deeper, registry: cellRegistry, cellId: 'scale-points', files: noFiles, store });
		expect(twoBelow.run.state).toBe('upstream_failed');
		expect(twoBelow.run.error).toBe("upstream cell 'POINTS' failed");
	}, 30_000);

	it('a switched-off cell is stored as skipped, and so is the cell below it', async () => {
		const store = fresh();
		const skipped: Notebook = { ...notebook, cells: notebook.cells.map((c) => (c.id === 'blobs' ? { ...c, skip: true } : c)) };
		const options = { notebook: skipped, registry: cellRegistry, files: noFiles, store };
		expect((await runCell({ ...options, cellId: 'blobs' })).run.state).toBe('skipped');
		const split = await runCell({ ...options, cellId: 'split' });
		expect(split.run.state).toBe('skipped');
		expect((await runCell({ ...options, cellId: 'split' })).outcome).toBe('cached');
	}, 30_000);
});
