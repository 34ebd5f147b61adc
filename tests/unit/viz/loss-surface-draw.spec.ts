import { describe, expect, it } from 'vitest';
import { contourPathData, polylinePrefixes } from '../../../src/lib/viz/loss-surface';

const identity = (value: number) => value;

describe('the loss surface draws a path up to a progress as a slice of one string', () => {
	const points = new Float32Array([0, 0, 1.25, 2, 3, 4.04]);

	it('writes the whole polyline once, in px rounded to 0.1', () => {
		const line = polylinePrefixes(points, (a) => 10 * a, (b) => 100 - 10 * b);
		expect(line.d).toBe('M0,100L12.5,80L30,59.6');
		expect(line.xs).toEqual([0, 12.5, 30]);
		expect(line.ys).toEqual([100, 80, 59.6]);
	});

	it('each prefix is the path drawn through points 0..k, as a polyline of those points would be', () => {
		const line = polylinePrefixes(points, identity, identity);
		for (let k = 0; k < 3; k++) {
			const alone = polylinePrefixes(points.subarray(0, 2 * (k + 1)), identity, identity);
			expect(line.d.slice(0, line.ends[k])).toBe(alone.d);
		}
	});

	it('an empty path has nothing to draw', () => {
		expect(polylinePrefixes(new Float32Array(0), identity, identity)).toEqual({ d: '', ends: [], xs: [], ys: [] });
	});
});

describe('a contour level is one path of closed rings', () => {
	it('writes every ring of every polygon as M…Z in px', () => {
		const contour = {
			value: 1,
			coordinates: [
				[
					[[0, 0], [2, 0], [2, 2], [0, 0]],
					[[0.5, 0.5], [1, 0.5], [0.5, 0.5]]
				],
				[[[5, 5], [6, 5], [5, 5]]]
			]
		};
		expect(contourPathData(contour, (gx) => gx * 10, (gy) => 100 - gy * 10)).toBe(
			'M0,100L20,100L20,80L0,100Z' + 'M5,95L10,95L5,95Z' + 'M50,50L60,50L50,50Z'
		);
	});

	it('a level with no polygons draws nothing', () => {
		expect(contourPathData({ value: 1, coordinates: [] }, identity, identity)).toBe('');
	});
});
