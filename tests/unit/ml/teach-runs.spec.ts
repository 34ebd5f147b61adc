import { describe, expect, it } from 'vitest';
import { teachRates, teachRuns, type TeachRunOptions } from '../../../src/lib/ml/teach-runs';

describe('teachRates', () => {
	it('one rate, the three of compare, or a fan evenly spaced in log10 from η0/10 to η0·10', () => {
		expect(teachRates(0.1, 1, false)).toEqual({ rates: [0.1], main: 0 });
		expect(teachRates(0.1, 1, true).rates.map((rate) => Number(rate.toPrecision(6)))).toEqual([0.01, 0.1, 1]);
		const { rates, main } = teachRates(0.1, 5, true);
		// 10^(−1 + 2k/4): 0.1, 0.316, 1, 3.16, 10 times η0.
		expect(rates.map((rate) => Number(rate.toPrecision(3)))).toEqual([0.01, 0.0316, 0.1, 0.316, 1]);
		expect(main).toBe(2);
		expect(teachRates(1, 16, false).rates).toHaveLength(16);
		expect(teachRates(1, 16, false).main).toBe(7);
		expect(() => teachRates(1, 17, false)).toThrow(/1 to 16/);
	});
});

describe('teachRuns', () => {
	const rows = { x: Float32Array.of(1, 2, -1, -2, 2, 1, -2, -1), y: Int8Array.of(1, -1, 1, -1), featureCount: 2 };
	const options: TeachRunOptions = { optimizer: 'sgd', momentum: 0.9, schedule: 'constant', alpha: 0.01, epochs: 3, batchSize: 1, intercept: false, seed: 1 };

	it('every path of a fan starts at the same point', () => {
		const runs = teachRuns(rows, Float32Array.of(3, -2), teachRates(0.1, 4, false).rates, options);
		expect(runs).toHaveLength(4);
		for (const run of runs) expect([...run.path.slice(0, 3)]).toEqual([3, -2, 0]);
		// Different rates, different paths.
		expect(runs[0]!.path[3]).not.toBe(runs[3]!.path[3]);
	});

	it('momentum paths differ from plain SGD ones; with μ = 0, Nesterov and heavy ball take the same steps', () => {
		const sgd = teachRuns(rows, Float32Array.of(3, -2), [0.1], options)[0]!;
		const heavy = teachRuns(rows, Float32Array.of(3, -2), [0.1], { ...options, optimizer: 'momentum' })[0]!;
		expect(heavy.path.length).toBe(sgd.path.length);
		expect([...heavy.path.slice(-3)]).not.toEqual([...sgd.path.slice(-3)]);
		const nesterov = teachRuns(rows, Float32Array.of(3, -2), [0.1], { ...options, optimizer: 'nesterov', momentum: 0 })[0]!;
		const plain = teachRuns(rows, Float32Array.of(3, -2), [0.1], { ...options, optimizer: 'momentum', momentum: 0 })[0]!;
		expect([...nesterov.path]).toEqual([...plain.path]);
	});
});
