import { describe, expect, it } from 'vitest';
import { principalDirections, projectOnPlane, randomDirections } from '../../../src/lib/ml/plane-directions';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

describe('principalDirections', () => {
	it('finds the directions a path moved along, longest first, orthonormal', () => {
		// Points in 4-D spread 10× more along e3 than along e1, nothing along e2 or e4.
		const points: number[] = [];
		for (let k = 0; k < 20; k++) points.push(Math.sin(k) * 1, 0, (k - 10) * 10, 0);
		const { u, v, explained } = principalDirections(Float32Array.from(points), 4);
		expect(Math.abs(u[2]!)).toBeCloseTo(1, 4);
		expect(Math.abs(v[0]!)).toBeCloseTo(1, 3);
		expect(dot(u, v)).toBeCloseTo(0, 6);
		expect(dot(u, u)).toBeCloseTo(1, 6);
		expect(explained[0]).toBeGreaterThan(0.99);
	});

	it('a straight path still gives a plane (any second direction orthogonal to the first)', () => {
		const points = Float32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);
		const { u, v } = principalDirections(points, 3);
		expect(Math.abs(u[0]!)).toBeCloseTo(1 / Math.sqrt(3), 5);
		expect(dot(u, v)).toBeCloseTo(0, 6);
		expect(dot(v, v)).toBeCloseTo(1, 6);
	});
});

describe('randomDirections and projectOnPlane', () => {
	it('are reproducible by seed, orthonormal, and project back to plane coordinates', () => {
		const first = randomDirections(50, 3);
		expect(randomDirections(50, 3)).toEqual(first);
		expect(dot(first.u, first.v)).toBeCloseTo(0, 5);
		const center = new Float32Array(50).fill(1);
		const point = center.map((value, j) => value + 2 * first.u[j]! - 0.5 * first.v[j]!);
		const [a, b] = projectOnPlane(point, center, first.u, first.v);
		expect(a).toBeCloseTo(2, 4);
		expect(b).toBeCloseTo(-0.5, 4);
	});
});
