import { afterAll, describe, expect, it } from 'vitest';
import { trainCpu } from '../../../bench/adapter';
import { sharedData, ThreadPool } from '../../../bench/cpu-node';
import { benchConfigs, benchData } from '../../../bench/workloads';

describe('bench CPU threads', () => {
	const pool = new ThreadPool(2);
	afterAll(() => pool.close());

	it('train each configuration as this thread does, in order, on one thread or all', async () => {
		const data = sharedData(benchData(300, 4));
		const configs = benchConfigs(5, 3, 1);
		const expected = configs.map((config) => trainCpu(data, config));
		for (const threads of [1, 2]) {
			const column = await pool.time(data, configs, Infinity, threads);
			if (!('models' in column)) throw new Error(`expected models, got ${JSON.stringify(column)}`);
			expect(column.models.map((model) => Array.from(model.weights))).toEqual(expected.map((model) => Array.from(model.weights)));
			expect(column.models.map((model) => model.bias)).toEqual(expected.map((model) => model.bias));
		}
	}, 60_000);

	it('stop at the cap with the share done, and the pool still works afterwards', async () => {
		// ~10⁹ multiply-adds: far past a 30 ms cap on any CPU.
		const big = sharedData(benchData(20_000, 64));
		const capped = await pool.time(big, benchConfigs(8, 50, 1), 30);
		if (!('cappedAtMs' in capped)) throw new Error(`expected a capped column, got ${JSON.stringify(capped).slice(0, 200)}`);
		expect(capped.fractionDone).toBeGreaterThanOrEqual(0);
		expect(capped.fractionDone).toBeLessThan(1);
		const small = sharedData(benchData(100, 3));
		const after = await pool.time(small, benchConfigs(2, 2, 1), Infinity);
		expect('models' in after && after.models.length).toBe(2);
	}, 60_000);
});
