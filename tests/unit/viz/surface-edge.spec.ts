import { describe, expect, it } from 'vitest';
import { stopAtEdge } from '../../../src/lib/viz/surface-edge';

describe('stopAtEdge', () => {
	const box: [number, number] = [-6, 6];

	it('keeps a path that stays inside', () => {
		const points = Float32Array.of(0, 0, 1, 1, 2, -3);
		expect(stopAtEdge(points, box, box)).toEqual({ points, stopped: false });
	});

	it('cuts at the crossing of the edge, worked by hand', () => {
		// (2, 0) → (10, 4) leaves through a = 6 at t = 0.5: (6, 2); the points after it go.
		const { points, stopped } = stopAtEdge(Float32Array.of(0, 0, 2, 0, 10, 4, 50, 50), box, box);
		expect(stopped).toBe(true);
		expect([...points]).toEqual([0, 0, 2, 0, 6, 2]);
	});

	it('takes the first side crossed when a step leaves through a corner region', () => {
		// (0, 0) → (12, −8): a = 6 at t = 0.5, b = −6 at t = 0.75: the a side is crossed first.
		expect([...stopAtEdge(Float32Array.of(0, 0, 12, -8), box, box).points]).toEqual([0, 0, 6, -4]);
	});

	it('a start outside the box is left alone', () => {
		expect(stopAtEdge(Float32Array.of(9, 9, 0, 0), box, box).stopped).toBe(false);
	});
});
