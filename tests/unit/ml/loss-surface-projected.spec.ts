import { describe, expect, it } from 'vitest';
import { lossSurfaceCpu, weightPlane2d } from '../../../src/lib/ml/loss-surface';
import { lossSurfaceProjected } from '../../../src/lib/ml/loss-surface-projected';
import { randomDirections } from '../../../src/lib/ml/plane-directions';
import { createRandom } from '../../../src/lib/ml/rng';

function data(n: number, d: number) {
	const random = createRandom(9);
	const x = new Float32Array(n * d);
	const y = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		y[i] = i % 3 === 0 ? -1 : 1;
		// Sparse rows, as hashed text: about a third of the features are zero.
		for (let j = 0; j < d; j++) x[i * d + j] = random.next() < 0.33 ? 0 : y[i]! * 0.3 + random.normal();
	}
	return { x, y };
}

describe('lossSurfaceProjected', () => {
	it('agrees with the float32 reference on the (w1, w2) square', () => {
		const { x, y } = data(60, 2);
		const plane = weightPlane2d([-6, 6], 9, 0.25);
		const reference = lossSurfaceCpu(x, y, 2, 0.01, plane);
		const fast = lossSurfaceProjected(x, y, 2, 0.01, plane);
		for (let k = 0; k < reference.length; k++) expect(fast[k]).toBeCloseTo(reference[k]!, 3);
	});

	it('agrees with the reference on a plane through a point of many weights', () => {
		const d = 40;
		const { x, y } = data(50, d);
		const { u, v } = randomDirections(d, 2);
		const center = Float32Array.from({ length: d }, (_, j) => Math.sin(j));
		const plane = { center, u, v, bias: -0.5, aRange: [-3, 3] as [number, number], bRange: [-2, 4] as [number, number], resolution: 7 };
		const reference = lossSurfaceCpu(x, y, d, 0.1, plane);
		const fast = lossSurfaceProjected(x, y, d, 0.1, plane);
		for (let k = 0; k < reference.length; k++) expect(Math.abs(fast[k]! - reference[k]!) / reference[k]!).toBeLessThan(1e-4);
	});
});
