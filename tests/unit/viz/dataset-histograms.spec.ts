import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { classHistograms, gridStep, histogramBinning, type ClassHistograms } from '../../../src/lib/viz/class-histograms';

const WIDTH: [number, number] = [4, 166];

/** The bin of `value` by its definition: the last edge at or below it, the highest value in the last bin. */
function binOf(edges: number[], value: number): number {
	return Math.min(edges.length - 2, d3.bisectRight(edges, value) - 1);
}

/** Each class's finite values counted bin by bin with a plain bisect. */
function reference(values: Float32Array, labels: Int8Array, classCount: number, edges: number[]): number[][] {
	const counts = Array.from({ length: classCount }, () => new Array<number>(edges.length - 1).fill(0));
	values.forEach((value, i) => {
		if (Number.isFinite(value) && labels[i]! >= 0 && labels[i]! < classCount) counts[labels[i]!]![binOf(edges, value)]!++;
	});
	return counts;
}

/** The invariants every histogram keeps: bins of one width that tile the axis, every finite value counted in one, the counts as a plain bisect gives. */
function check(values: Float32Array, labels: Int8Array, classCount: number): ClassHistograms {
	const counted = classHistograms(values, labels, classCount, WIDTH)!;
	const bins = counted.perClass[0]!;
	const edges = [...bins.map((bin) => bin.x0), bins.at(-1)!.x1];
	const width = bins[0]!.x1 - bins[0]!.x0;
	for (const bin of bins) expect(bin.x1 - bin.x0).toBeCloseTo(width, 6);
	for (let j = 1; j < bins.length; j++) expect(bins[j]!.x0).toBe(bins[j - 1]!.x1);
	expect(counted.x.domain()).toEqual([edges[0], edges.at(-1)]);
	const finite = Array.from(values).filter(Number.isFinite);
	expect(edges[0]).toBeLessThanOrEqual(d3.min(finite)!);
	expect(edges.at(-1)).toBeGreaterThanOrEqual(d3.max(finite)!);
	// The highest value's bin is a full one, and it is counted there.
	const top = binOf(edges, d3.max(finite)!);
	expect(bins[top]!.x1 - bins[top]!.x0).toBeCloseTo(width, 6);
	expect(counted.perClass.map((row) => row.map((bin) => bin.count))).toEqual(reference(values, labels, classCount, edges));
	const inClasses = Array.from(values).filter((value, i) => Number.isFinite(value) && labels[i]! >= 0 && labels[i]! < classCount).length;
	expect(d3.sum(counted.perClass, (row) => d3.sum(row, (bin) => bin.count))).toBe(inClasses);
	return counted;
}

const classes = (rows: number, count: number) => Int8Array.from({ length: rows }, (_, i) => i % count);

describe('classHistograms: every value in a bin of full width', () => {
	it('whole numbers 1–4 (the drift example\'s quantity): four bins of width 1, each centred on its value and holding it', () => {
		const values = Float32Array.from([1, 2, 3, 4, 4, 3, 1, 4, 2, 4]);
		const counted = check(values, classes(values.length, 2), 2);
		expect(counted.grid).toBe(1);
		const bins = counted.perClass.map((row) => row.map(({ x0, x1 }) => [x0, x1]));
		expect(bins[0]).toEqual([[0.5, 1.5], [1.5, 2.5], [2.5, 3.5], [3.5, 4.5]]);
		const total = (j: number) => counted.perClass[0]![j]!.count + counted.perClass[1]![j]!.count;
		expect([0, 1, 2, 3].map(total)).toEqual([2, 2, 2, 4]);
		// The bar of 4 is as wide on the page as the bar of 1.
		expect(counted.x(4.5) - counted.x(3.5)).toBeCloseTo(counted.x(1.5) - counted.x(0.5), 9);
	});

	it('small grids: a 0/1 flag, halves, whole numbers with gaps, and a constant column', () => {
		expect(check(Float32Array.from([0, 1, 1, 0, 1]), classes(5, 1), 1).x.domain()).toEqual([-0.5, 1.5]);
		const halves = check(Float32Array.from({ length: 60 }, (_, i) => (i % 11) / 2), classes(60, 3), 3);
		expect([halves.grid, halves.perClass[0]!.length]).toEqual([0.5, 11]);
		const gaps = check(Float32Array.from([0, 2, 5, 5, 2]), classes(5, 2), 2);
		expect([gaps.grid, gaps.perClass[0]!.map((bin) => bin.count)]).toEqual([1, [1, 0, 1, 0, 0, 1]]);
		const tenths = check(Float32Array.from({ length: 90 }, (_, i) => (i % 30) / 10), classes(90, 2), 2);
		expect(tenths.grid).toBeCloseTo(0.1, 6);
		expect(tenths.perClass[0]!).toHaveLength(30);
		expect(check(new Float32Array(50).fill(2.5), classes(50, 2), 2).x.domain()).toEqual([2, 3]);
	});

	it('a continuous column whose maximum is a round number counts it in a full last bin (not a bin of zero width)', () => {
		const random = d3.randomLcg(3);
		const values = Float32Array.from({ length: 600 }, (_, i) => (i === 0 ? 20 : i === 1 ? 60 : 20 + random() * 40));
		const counted = check(values, classes(600, 2), 2);
		expect(counted.grid).toBeNull();
		expect(counted.x.domain()).toEqual([20, 60]);
		expect(counted.perClass[1]!.at(-1)!.count).toBeGreaterThanOrEqual(1);
	});

	it('whole numbers over a wide range: a maximum on the last tick gets a bin of its own, so every bin holds as many whole numbers', () => {
		const values = Float32Array.from({ length: 1010 }, (_, i) => i % 101);
		const counted = check(values, classes(1010, 1), 1);
		const bins = counted.perClass[0]!;
		expect(bins.at(-1)!.x0).toBe(100);
		expect(new Set(bins.map((bin) => bin.count))).toEqual(new Set([bins[0]!.count, 10]));
		expect(bins.slice(0, -1).every((bin) => bin.count === (bin.x1 - bin.x0) * 10)).toBe(true);
	});

	it('NaN and ±Infinity left out, values on edges, labels outside the classes, many scales', () => {
		const random = d3.randomLcg(7);
		for (const [scale, shift] of [[1, 0], [10, -3], [1e-4, 0.2], [3e6, -1e7], [0.37, 101.3], [255, 0]] as const) {
			const values = Float32Array.from({ length: 3000 }, (_, i) =>
				i % 97 === 0 ? NaN : i % 101 === 0 ? Infinity : i % 13 === 0 ? shift + Math.round(random() * 20) / 20 * scale : shift + random() * scale
			);
			const labels = Int8Array.from({ length: values.length }, (_, i) => (i % 89 === 0 ? -1 : i % 3));
			check(values, labels, 3);
		}
		check(Float32Array.from({ length: 40 }, (_, i) => -i * 1e6), new Int8Array(40), 2);
		expect(classHistograms(Float32Array.from([NaN, Infinity, -Infinity]), Int8Array.from([0, 1, 0]), 2, WIDTH)).toBeNull();
	});

	it('histogramBinning and gridStep: a grid only for values evenly spaced, on at most 40 points', () => {
		const gridOf = (values: number[]) => histogramBinning(Float32Array.from(values))?.grid;
		expect(gridOf([0, 1, 1000])).toBeNull();
		expect(gridOf([0, 1000, 0])).toBe(1000);
		expect(gridOf([5, -3, -1, NaN])).toBe(2);
		expect(gridOf(Array.from({ length: 40 }, (_, i) => 7 + i))).toBe(1);
		expect(gridOf(Array.from({ length: 41 }, (_, i) => 7 + i))).toBeNull();
		// The whole values before the first fraction are in the set too (1 and 3 here, with 3.2 not on the grid).
		expect(gridOf([1, 2, 1.5, 2.5])).toBe(0.5);
		expect(gridOf([1, 3, 1.5, 2])).toBe(0.5);
		expect(gridOf([1, 3.2, 1.5, 2])).toBeNull();
		expect(gridStep([0, 0.3, 0.5])).toBeNull();
		expect(gridStep([0, 0.001, 1000])).toBeNull();
	});
});
