import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { colourExtent, surfaceHeatmap } from '../../../src/lib/viz/surface-heatmap';

describe('surfaceHeatmap: the map as pixels, made in the surface worker', () => {
	it('colours each point as the colour bar does (viridis on a square-root scale), the lowest b at the bottom', () => {
		// 2×2: values[j · 2 + i], j along b.
		const values = Float32Array.of(0, 1, 4, NaN);
		const { extent, pixels } = surfaceHeatmap(values, 2);
		expect(extent).toEqual([0, 4]);
		const scale = d3.scaleSequentialSqrt(d3.interpolateViridis).domain(extent);
		const at = (row: number, column: number) => Array.from(pixels.subarray(4 * (row * 2 + column), 4 * (row * 2 + column) + 4));
		const expected = (value: number) => {
			const colour = d3.rgb(scale(value));
			return [colour.r, colour.g, colour.b, 255];
		};
		// Picture row 1 (bottom) is b's row j = 0; row 0 (top) is j = 1.
		for (const [row, column, value] of [[1, 0, 0], [1, 1, 1], [0, 0, 4]] as const) {
			at(row, column).forEach((channel, index) => expect(Math.abs(channel - expected(value)[index]!)).toBeLessThanOrEqual(3));
		}
		// A non-finite value is black, opaque.
		expect(at(0, 1)).toEqual([0, 0, 0, 255]);
	});

	it('a flat surface spans its value to the value + 1, so every point has a colour', () => {
		expect(colourExtent(new Float32Array(4).fill(2))).toEqual([2, 3]);
		expect(colourExtent(Float32Array.of(NaN))).toEqual([0, 1]);
		expect(surfaceHeatmap(new Float32Array(9).fill(2), 3).pixels).toHaveLength(36);
	});
});
