/** Shards through the artifact store (shard-run.ts), in this process: keys, cache hits, merge, refusals. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellRegistry } from '../../../src/lib/cells/registry';
import type { ModelGrid } from '../../../src/lib/cells/values';
import { outputKeys } from '../../../src/lib/dag/keys';
import { CellId, type Notebook } from '../../../src/lib/notebook/types';
import { ArtifactStore } from '../../../src/lib/orchestrate/artifact-store';
import { MissingInputError, runCell } from '../../../src/lib/orchestrate/run-cell';
import { shardKey } from '../../../src/lib/orchestrate/shard';
import { runMerge, runShard } from '../../../src/lib/orchestrate/shard-run';
import { cell } from './notebook-cell';

const notebook: Notebook = {
	format: 'descent-notebook',
	version: 1,
	title: 'Blobs',
	description: '',
	cells: [
		cell('blobs', 'dataset', { name: 'blobs', source: 'two-blobs', rows: 60, seed: 2 }),
		cell('split', 'split', { testFraction: 0.3, validationFraction: 0.2 }, { data: ['blobs'] }),
		cell('grid', 'train-grid', { epochs: ['2'], learningRates: ['0.01', '0.1', '0.3'], alphas: ['0.001', '0.01'], schedules: ['constant'], device: 'cpu' }, { data: ['split'] }),
		cell('best', 'select', { by: 'objective' }, { models: ['grid'] })
	]
};

const options = (store: ArtifactStore, cellId = 'grid') => ({ notebook, registry: cellRegistry, cellId, files: () => null, store });
const fresh = () => new ArtifactStore(join(mkdtempSync(join(tmpdir(), 'descent-shards-')), 'artifacts'));
const key = outputKeys(notebook, cellRegistry).get(CellId('grid'))!;
const timeless = (grid: ModelGrid) => grid.models.map(({ trainingMs: _trainingMs, ...model }) => model);

async function upstream(store: ArtifactStore): Promise<void> {
	for (const id of ['blobs', 'split']) expect((await runCell(options(store, id))).run.state).toBe('success');
}

describe('run-cell --shard / --merge through the store', () => {
	it('shards land under their own keys; the merge is the unsharded cell\'s output under its key', async () => {
		const store = fresh();
		await upstream(store);
		for (let index = 1; index <= 4; index++) {
			const result = await runShard({ ...options(store), shard: { index, count: 4 } });
			expect(result.run.state, result.run.error ?? '').toBe('success');
			expect(result.key).toBe(shardKey(key, { index, count: 4 }));
			expect(store.done(result.key)!.summary.configurations).toBe(index % 2 === 0 ? 2 : 1);
			expect((await runShard({ ...options(store), shard: { index, count: 4 } })).outcome).toBe('cached');
		}
		expect(store.done(key)).toBeNull();
		const merged = await runMerge({ ...options(store), count: 4 });
		expect(merged).toMatchObject({ outcome: 'ran', key, run: { state: 'success', summary: { configurations: 6 } } });
		expect(merged.run.log.map((line) => line.message)).toContain('merged 4 shards: 1 + 2 + 1 + 2 = 6 models');
		expect((await runCell(options(store, 'best'))).run.state).toBe('success');

		const whole = fresh();
		await upstream(whole);
		const unsharded = await runCell(options(whole));
		expect(unsharded.key).toBe(key);
		expect(merged.run.summary).toEqual(unsharded.run.summary);
		expect(timeless(store.readOutput(store.done(key)!) as ModelGrid)).toEqual(timeless(whole.readOutput(unsharded.run) as ModelGrid));
		// With the whole cell stored, shards and the merge have nothing to do.
		expect((await runShard({ ...options(whole), shard: { index: 1, count: 4 } })).outcome).toBe('cached');
		expect((await runMerge({ ...options(whole), count: 4 })).outcome).toBe('cached');
	}, 60_000);

	it('a merge before its shards names the missing shard; a failed shard fails the cell with its error', async () => {
		const store = fresh();
		await upstream(store);
		await runShard({ ...options(store), shard: { index: 1, count: 2 } });
		await expect(runMerge({ ...options(store), count: 2 })).rejects.toThrow(MissingInputError);
		await expect(runMerge({ ...options(store), count: 2 })).rejects.toThrow(/shard 2\/2 \(key [0-9a-f]{16}\) is not in .*--shard 2\/2/);

		const failing = structuredClone(notebook);
		failing.cells[2]!.params = { ...failing.cells[2]!.params, learningRates: ['0.01', 'fast'] };
		const broken = fresh();
		const brokenOptions = (cellId: string) => ({ ...options(broken, cellId), notebook: failing });
		for (const id of ['blobs', 'split']) await runCell(brokenOptions(id));
		for (const index of [1, 2]) expect((await runShard({ ...brokenOptions('grid'), shard: { index, count: 2 } })).run.state).toBe('failed');
		const merged = await runMerge({ ...brokenOptions('grid'), count: 2 });
		expect(merged.run.state).toBe('failed');
		expect(merged.run.error).toMatch(/^shard 1\/2 failed: .*learningRates\[1\]/);
	}, 60_000);
});
