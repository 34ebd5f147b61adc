import { describe, expect, it } from 'vitest';
import { hashTable } from '../../../src/lib/store/content-hash';
import { findVersion, listDatasets, loadTable, saveDatasetVersion } from '../../../src/lib/store/datasets';
import { spacePerStore } from '../../../src/lib/store/quota';
import { freshStore, table } from './fixtures';

const source = { description: 'test' };

describe('saveDatasetVersion(store, name, table)', () => {
	it('stores new content as version 1, then n+1 with a diff against version n', async () => {
		const store = await freshStore();
		const first = await saveDatasetVersion(store, 'reviews', table([1, 2, 3], [0, 1, 0]), source);
		const second = await saveDatasetVersion(store, 'reviews', table([1, 2, 3, 4], [0, 1, 0, 1]), { description: 'upload', fileName: 'reviews.csv', fileSize: 120 });
		expect(first).toMatchObject({ created: true, record: { version: 1, diff: null } });
		expect(second.record.version).toBe(2);
		expect(second.record.diff).toMatchObject({ rowsBefore: 3, rowsAfter: 4 });
		expect(second.record.source).toEqual({ description: 'upload', fileName: 'reviews.csv', fileSize: 120 });
		const { names } = await listDatasets(store);
		expect(names.get('reviews')?.map((record) => record.version)).toEqual([2, 1]);
	});

	it('identical content is one version, and one stored table across names', async () => {
		const store = await freshStore();
		await saveDatasetVersion(store, 'a', table([1, 2], [0, 1], { name: 'a' }), source);
		const again = await saveDatasetVersion(store, 'a', table([1, 2], [0, 1], { name: 'a' }), source);
		const other = await saveDatasetVersion(store, 'b', table([1, 2], [0, 1], { name: 'b' }), source);
		expect(again.created).toBe(false);
		expect(again.record.version).toBe(1);
		expect(other.record.hash).toBe(again.record.hash);
		const contents = (await spacePerStore(store)).find((space) => space.store === 'datasetContents');
		expect(contents?.records).toBe(1);
	});

	it('content seen before under the name returns that version instead of adding one', async () => {
		const store = await freshStore();
		await saveDatasetVersion(store, 'a', table([1], [0]), source);
		await saveDatasetVersion(store, 'a', table([2], [0]), source);
		const back = await saveDatasetVersion(store, 'a', table([1], [0]), source);
		expect(back).toMatchObject({ created: false, record: { version: 1 } });
	});
});

describe('hashTable(table)', () => {
	it('is SHA-256 of the content: 64 hex digits, same for the same rows, different for one changed value', async () => {
		const hash = await hashTable(table([1, 2, 3], [0, 1, 0]));
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		expect(await hashTable(table([1, 2, 3], [0, 1, 0], { name: 'other name' }))).toBe(hash);
		expect(await hashTable(table([1, 2, 3.0001], [0, 1, 0]))).not.toBe(hash);
		expect(await hashTable(table([1, 2, 3], [0, 1, 1]))).not.toBe(hash);
	});
});

describe('findVersion and loadTable (pinning)', () => {
	it('finds a version by a hash prefix and gives back the same table, typed arrays included', async () => {
		const store = await freshStore();
		const original = table([1.5, NaN, 3], [0, 1, 0], { text: ['a', 'b', 'c'] });
		const { record } = await saveDatasetVersion(store, 'pinned', original, source);
		const found = await findVersion(store, 'pinned', record.hash.slice(0, 10));
		const loaded = await loadTable(store, found.hash);
		expect(loaded.columns[0]!.values).toBeInstanceOf(Float32Array);
		expect(Array.from(loaded.columns[0]!.values as Float32Array)).toEqual([1.5, NaN, 3]);
		expect(loaded.labels).toEqual(Int8Array.from([0, 1, 0]));
	});

	it('refuses a version that does not exist or is not a hash, naming the dataset', async () => {
		const store = await freshStore();
		await saveDatasetVersion(store, 'pinned', table([1], [0]), source);
		await expect(findVersion(store, 'pinned', 'deadbeef00')).rejects.toThrow("dataset 'pinned' has no stored version deadbeef00");
		await expect(findVersion(store, 'pinned', 'v2')).rejects.toThrow("'v2' is not a version hash");
	});
});
