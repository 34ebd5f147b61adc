import { describe, expect, it } from 'vitest';
import { contourGridPath, contourLevels, surfaceContours, surfaceExtent } from '../../../src/lib/viz/surface-contours';

/** A bowl (a² + b²) on a resolution² grid over [-1, 1]², row-major. */
function bowl(resolution: number): Float32Array {
	const values = new Float32Array(resolution * resolution);
	for (let j = 0; j < resolution; j++) {
		for (let i = 0; i < resolution; i++) {
			const a = -1 + (2 * i) / (resolution - 1);
			const b = -1 + (2 * j) / (resolution - 1);
			values[j * resolution + i] = a * a + b * b;
		}
	}
	return values;
}

describe('surfaceContours', () => {
	it('eleven levels on the square-root scale of the finite extent, each a closed ring round the bowl', () => {
		const values = bowl(33);
		values[0] = NaN;
		expect(surfaceExtent(values)).toEqual([0, expect.closeTo(2, 6)]);
		const contours = surfaceContours(values, 33);
		expect(contours.map((contour) => contour.value)).toEqual(contourLevels(surfaceExtent(values)));
		// d3 outlines where the value is at or above the level: round the bowl's bottom, that is a
		// hole whose ring is a circle of radius √level about the centre (16.5, 16.5 in grid units).
		const radius = Math.sqrt(contours[0]!.value) * 16;
		const rings = contours[0]!.coordinates.flat();
		const hole = rings.find((ring) => ring.every(([x, y]) => Math.abs(Math.hypot(x! - 16.5, y! - 16.5) - radius) < 0.5));
		expect(hole).toBeDefined();
		expect(hole![0]).toEqual(hole!.at(-1));
	});

	it('a flat or non-finite surface still gives its eleven levels, not an error', () => {
		expect(surfaceExtent(Float32Array.of(NaN, Infinity))).toEqual([0, 1]);
		expect(surfaceContours(new Float32Array(16).fill(3), 4)).toHaveLength(11);
		expect(surfaceContours(new Float32Array(16).fill(NaN), 4)).toHaveLength(11);
	});

	it('each level carries its rings as SVG path data in grid units, for the page to place with a transform', () => {
		expect(contourGridPath([[[[0, 0], [2, 0.123], [0, 0]], [[5, 5], [6, 5], [5, 5]]]])).toBe('M0,0L2,0.12L0,0ZM5,5L6,5L5,5Z');
		expect(contourGridPath([])).toBe('');
		for (const contour of surfaceContours(bowl(17), 17)) expect(contour.d).toBe(contourGridPath(contour.coordinates));
	});
});
