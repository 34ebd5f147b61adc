import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gridConfigurations } from '../../../src/lib/cells/grid-configurations';
import { trainGridCell } from '../../../src/lib/cells/train-grid';
import type { ModelGrid } from '../../../src/lib/cells/values';
import { mergeShardGrids, parseShard, parseShardCount, shardCellDefinition, shardKey, shardRange } from '../../../src/lib/orchestrate/shard';
import { fakeContext } from '../cells/fake-context';
import { cloudSplits, gridParams } from '../cells/grid-fixture';

/** Models without their measured training time, which differs run to run. */
const timeless = (grid: ModelGrid) => grid.models.map(({ trainingMs: _trainingMs, ...model }) => model);

describe('shard ranges', () => {
	it('S contiguous slices cover every configuration once, in order, sizes within one', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 64 }), (total, count) => {
				let next = 0;
				const sizes: number[] = [];
				for (let index = 1; index <= count; index++) {
					const { start, end } = shardRange(total, { index, count });
					expect(start).toBe(next);
					sizes.push(end - start);
					next = end;
				}
				expect(next).toBe(total);
				expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
			})
		);
	});

	it('reads i/S and names what is wrong', () => {
		expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
		expect(() => parseShard('0/4')).toThrow('the shard index must be 1 to 4, got 0');
		expect(() => parseShard('5/4')).toThrow('the shard index must be 1 to 4, got 5');
		expect(() => parseShard('2')).toThrow("expected i/S (e.g. 2/4, the second of four shards), got '2'");
		expect(() => parseShard('1/0')).toThrow('the shard count must be 1 to 4096, got 0');
		expect(parseShardCount('3')).toBe(3);
		expect(() => parseShardCount('1.5')).toThrow("got '1.5'");
	});

	it('each shard has a key of its own, of the same form as output keys', () => {
		const key = '0123456789abcdef';
		const keys = [1, 2, 3].map((index) => shardKey(key, { index, count: 3 }));
		expect(new Set([...keys, key]).size).toBe(4);
		for (const item of keys) expect(item).toMatch(/^[0-9a-f]{16}$/);
		expect(shardKey(key, { index: 1, count: 3 })).not.toBe(shardKey(key, { index: 1, count: 2 }));
	});
});

describe('sharded train-grid', () => {
	it('the merged shards are the unsharded grid: same models in the same order, same summary', async () => {
		const params = gridParams({ seeds: ['1'] });
		const splits = cloudSplits();
		const whole = await trainGridCell.run(params, { data: [splits] }, fakeContext());
		const total = gridConfigurations(params).length;
		const count = 3;
		const shards: ModelGrid[] = [];
		for (let index = 1; index <= count; index++) {
			const context = fakeContext();
			const grid = await shardCellDefinition({ index, count }).run(params, { data: [splits] }, context);
			const { start, end } = shardRange(total, { index, count });
			expect(grid.models).toHaveLength(end - start);
			expect(context.lines[0]).toBe(`shard ${index}/${count}: configurations ${start + 1}–${end} of ${total}`);
			shards.push(grid);
		}
		const merged = mergeShardGrids(shards);
		expect(timeless(merged)).toEqual(timeless(whole));
		expect({ ...merged, models: [] }).toEqual({ ...whole, models: [] });
		expect(trainGridCell.summarize(merged)).toEqual(trainGridCell.summarize(whole));
	});

	it('a shard past the last configuration trains nothing, and the merge still holds every model', async () => {
		const params = gridParams({ schedules: ['constant'], learningRates: ['0.1'], alphas: ['0.01'], seeds: ['1'] });
		const empty = shardCellDefinition({ index: 1, count: 2 });
		const grid = await empty.run(params, { data: [cloudSplits()] }, fakeContext());
		expect(grid.models).toHaveLength(0);
		expect(empty.summarize(grid)).toEqual({ configurations: 0 });
		const full = await shardCellDefinition({ index: 2, count: 2 }).run(params, { data: [cloudSplits()] }, fakeContext());
		expect(mergeShardGrids([grid, full]).models).toHaveLength(1);
		expect(() => mergeShardGrids([grid])).toThrow('every configuration failed');
	});
});
