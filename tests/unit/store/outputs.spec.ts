import { describe, expect, it } from 'vitest';
import { PersistentOutputCache } from '../../../src/lib/store/outputs';
import { freshStore, model, table } from './fixtures';

describe('PersistentOutputCache', () => {
	it('answers at once from memory, and a new page (a new cache on the same store) finds the outputs after load()', async () => {
		const store = await freshStore();
		const cache = new PersistentOutputCache(store);
		cache.set('k-table', { value: table([1, 2], [0, 1]), summary: { rows: 2 } });
		cache.set('k-model', { value: model(1), summary: { finalObjective: 0.5 } });
		expect(cache.get('k-table')?.summary).toEqual({ rows: 2 });
		await cache.flush();

		const reloaded = new PersistentOutputCache(store);
		expect(reloaded.get('k-model')).toBeUndefined();
		await reloaded.load();
		const restored = reloaded.get('k-model')?.value;
		expect(restored?.kind).toBe('model');
		if (restored?.kind === 'model') expect(restored.coef).toEqual(Float32Array.from([1, -1]));
	});

	it('keeps the most recently used outputs up to its limit, in memory and in the store', async () => {
		const store = await freshStore();
		const cache = new PersistentOutputCache(store, { limit: 2 });
		for (const key of ['a', 'b', 'c']) cache.set(key, { value: table([1], [0]), summary: {} });
		await cache.flush();
		expect(cache.has('a')).toBe(false);
		const reloaded = new PersistentOutputCache(store, { limit: 2 });
		await reloaded.load();
		expect(['a', 'b', 'c'].map((key) => reloaded.has(key))).toEqual([false, true, true]);
	});
});
