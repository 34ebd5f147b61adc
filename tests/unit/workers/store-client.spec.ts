import { describe, expect, it } from 'vitest';
import { hashTable } from '../../../src/lib/store/content-hash';
import { outputsInPlace, PersistentOutputCache, type OutputsBackend } from '../../../src/lib/store/outputs';
import { copyForTransfer } from '../../../src/lib/workers/store-client';
import type { Table } from '../../../src/lib/data/table';
import { loadTable, saveDatasetVersion } from '../../../src/lib/store/datasets';
import { freshStore, model, table } from '../store/fixtures';

/** The worker's path without a worker: the page's copy, moved (structuredClone with transfer), then the in-place writes. */
const asThroughWorker: OutputsBackend = {
	readAll: async (store) => structuredClone(await outputsInPlace.readAll(store)),
	async put(store, record, evicted) {
		const { copy, buffers } = await copyForTransfer(record, async () => {});
		await outputsInPlace.put(store, structuredClone(copy, { transfer: buffers }), evicted);
	},
	clear: (store) => outputsInPlace.clear(store)
};

describe('copyForTransfer (the page side of the outputs worker)', () => {
	it('copies every typed array into a buffer of its own, leaves the original whole, and yields between large ones', async () => {
		const shared = new Float32Array(3000).map((_, i) => i);
		const value = { kind: 'split', parts: [{ values: shared.subarray(0, 1000) }, { values: shared.subarray(1000) }], names: ['a', 'b'], rows: 3 };
		let yields = 0;
		const { copy, buffers } = await copyForTransfer(value, async () => void yields++, 1024);
		expect(buffers).toHaveLength(2);
		expect(copy).toEqual(value);
		expect(copy.parts[0]!.values.buffer).not.toBe(shared.buffer);
		expect(copy.names).toBe(value.names);
		structuredClone(copy, { transfer: buffers });
		// The copies moved; the page's arrays did not.
		expect(copy.parts[1]!.values.length).toBe(0);
		expect(value.parts[1]!.values[5]).toBe(1005);
		expect(yields).toBeGreaterThan(0);
	});
});

describe('PersistentOutputCache through the worker backend', () => {
	it('a large table and a model round-trip unchanged, and a new page finds them', async () => {
		const store = await freshStore();
		const values = Array.from({ length: 50_000 }, (_, i) => (i % 1000 === 0 ? NaN : Math.sin(i)));
		const big = table(values, values.map((_, i) => i % 2), { text: values.map((_, i) => `r${i % 11}`) });
		const cache = new PersistentOutputCache(store, { backend: asThroughWorker });
		cache.set('big', { value: big, summary: { rows: values.length } });
		cache.set('model', { value: model(2), summary: {} });
		await cache.flush();
		// The page's own table is intact after its copy moved.
		expect(cache.get('big')?.value).toBe(big);
		expect((big.columns[0]!.values as Float32Array).length).toBe(values.length);

		const reloaded = new PersistentOutputCache(store, { backend: asThroughWorker });
		expect(await reloaded.load()).toEqual([]);
		const restored = reloaded.get('big')!;
		expect(restored.summary).toEqual({ rows: values.length });
		expect(await hashTable(restored.value as typeof big)).toBe(await hashTable(big));
		expect({ ...(restored.value as typeof big), columns: [], labels: [] }).toEqual({ ...big, columns: [], labels: [] });
		expect(reloaded.get('model')?.value).toEqual(model(2));
		// And the page's own reader sees the same records.
		const inPlace = new PersistentOutputCache(store);
		await inPlace.load();
		expect(await hashTable(inPlace.get('big')!.value as typeof big)).toBe(await hashTable(big));
	});
});

/** A table as the page holds it: numeric columns as views into one buffer at offsets, a NaN with an odd payload, text. */
function viewedTable(rows: number): Table {
	const shared = new Float32Array(2 * rows + 3).map((_, i) => Math.sin(i) * 10);
	const a = shared.subarray(1, 1 + rows);
	new Uint32Array(a.buffer, a.byteOffset, 1)[0] = 0x7fc00abc;
	return {
		kind: 'table',
		name: 'viewed',
		source: 'test',
		rowCount: rows,
		columns: [
			{ name: 'a', type: 'numeric', values: a },
			{ name: 'b', type: 'numeric', values: shared.subarray(2 + rows, 2 + 2 * rows) },
			{ name: 'note', type: 'text', values: Array.from({ length: rows }, (_, i) => `row ${i % 7}`) }
		],
		labels: Int8Array.from({ length: rows }, (_, i) => i % 2),
		labelName: 'y',
		classes: ['no', 'yes']
	};
}

describe('saving a dataset version through the worker path', () => {
	it('the copy the worker gets stores the same record (same hash, statistics, diff) and table as the page would', async () => {
		const [here, there] = [await freshStore(), await freshStore()];
		const data = viewedTable(4000);
		const inPlace = await saveDatasetVersion(here, 'v', data, { description: 'test' }, 1000);
		const { copy, buffers } = await copyForTransfer(data, async () => {});
		const moved = await saveDatasetVersion(there, 'v', structuredClone(copy, { transfer: buffers }), { description: 'test' }, 1000);
		expect(moved).toEqual(inPlace);
		expect(await hashTable(await loadTable(there, moved.record.hash))).toBe(inPlace.record.hash);
		// The page's table is whole.
		expect((data.columns[1]!.values as Float32Array).length).toBe(4000);
	});
});
