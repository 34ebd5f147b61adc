import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { classHistograms } from '../../../src/lib/viz/dataset-view';

/** The drawing's histograms as they were made before: each class's finite values copied out and given to d3.bin(). */
function reference(values: Float32Array, labels: Int8Array, classCount: number) {
	const finite = Array.from(values).filter(Number.isFinite);
	if (finite.length === 0) return null;
	const [low, high] = d3.extent(finite) as [number, number];
	const x = d3.scaleLinear([low, high === low ? low + 1 : high], [4, 166]).nice();
	const bin = d3.bin().domain(x.domain() as [number, number]).thresholds(x.ticks(16));
	const perClass = Array.from({ length: classCount }, (_, k) => bin(Array.from(values).filter((_, i) => labels[i] === k && Number.isFinite(values[i]!))));
	return { domain: x.domain(), perClass: perClass.map((bins) => bins.map((b) => ({ x0: b.x0, x1: b.x1, count: b.length }))) };
}

function check(values: Float32Array, labels: Int8Array, classCount: number) {
	const counted = classHistograms(values, labels, classCount);
	const expected = reference(values, labels, classCount);
	if (!expected) return expect(counted).toBeNull();
	expect(counted?.x.domain()).toEqual(expected.domain);
	expect(counted?.perClass).toEqual(expected.perClass);
}

describe('classHistograms: the dataset view counted in one pass', () => {
	it('gives the bins d3.bin() gave on copied, filtered columns (NaN, ±Infinity, values on thresholds)', () => {
		const random = d3.randomLcg(7);
		const rows = 5000;
		const values = Float32Array.from({ length: rows }, (_, i) => (i % 97 === 0 ? NaN : i % 101 === 0 ? Infinity : i % 13 === 0 ? Math.round(random() * 20) / 2 : random() * 10 - 3));
		const labels = Int8Array.from({ length: rows }, (_, i) => i % 3);
		check(values, labels, 3);
	});

	it('a constant column, a column of one class, and one with nothing finite', () => {
		check(new Float32Array(50).fill(2.5), Int8Array.from({ length: 50 }, (_, i) => i % 2), 2);
		check(Float32Array.from({ length: 40 }, (_, i) => -i * 1e6), new Int8Array(40), 2);
		check(Float32Array.from([NaN, Infinity, -Infinity]), Int8Array.from([0, 1, 0]), 2);
	});
});
