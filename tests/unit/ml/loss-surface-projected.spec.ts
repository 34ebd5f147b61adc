import { describe, expect, it } from 'vitest';
import { denseMatrix, denseToCsr } from '../../../src/lib/data/feature-matrix';
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

function planeThrough(d: number, resolution = 7) {
	const { u, v } = randomDirections(d, 2);
	const center = Float32Array.from({ length: d }, (_, j) => Math.sin(j));
	return { center, u, v, bias: -0.5, aRange: [-3, 3] as [number, number], bRange: [-2, 4] as [number, number], resolution };
}

describe('lossSurfaceProjected', () => {
	it('agrees with the float32 reference on the (w1, w2) square', () => {
		const { x, y } = data(60, 2);
		const plane = weightPlane2d([-6, 6], 9, 0.25);
		const reference = lossSurfaceCpu(x, y, 2, 0.01, plane);
		const fast = lossSurfaceProjected(denseMatrix(x, 2), y, 0.01, plane);
		for (let k = 0; k < reference.length; k++) expect(fast[k]).toBeCloseTo(reference[k]!, 3);
	});

	it('agrees with the reference on a plane through a point of many weights', () => {
		const d = 40;
		const { x, y } = data(50, d);
		const plane = planeThrough(d);
		const reference = lossSurfaceCpu(x, y, d, 0.1, plane);
		const fast = lossSurfaceProjected(denseMatrix(x, d), y, 0.1, plane);
		for (let k = 0; k < reference.length; k++) expect(Math.abs(fast[k]! - reference[k]!) / reference[k]!).toBeLessThan(1e-4);
	});

	it('on CSR rows equals the result on the same rows dense, to the last bit', () => {
		const d = 40;
		const { x, y } = data(50, d);
		const plane = planeThrough(d, 9);
		const dense = denseMatrix(x, d);
		const csr = denseToCsr(dense);
		expect(csr.values.length).toBeLessThan(x.length);
		// Same non-zeros in the same order: the sums round identically.
		expect(Array.from(lossSurfaceProjected(csr, y, 0.1, plane))).toEqual(Array.from(lossSurfaceProjected(dense, y, 0.1, plane)));
		const reference = lossSurfaceCpu(x, y, d, 0.1, plane);
		const fast = lossSurfaceProjected(csr, y, 0.1, plane);
		for (let k = 0; k < reference.length; k++) expect(Math.abs(fast[k]! - reference[k]!) / reference[k]!).toBeLessThan(1e-4);
	});

	it('reads only the stored entries: a row with no words sits at the bias alone', () => {
		// Two rows of 2^18 buckets, one word each, and one empty row: nothing of size rows × buckets is made.
		const d = 1 << 18;
		const csr = { format: 'csr' as const, rowCount: 3, featureCount: d, indptr: Uint32Array.of(0, 1, 2, 2), indices: Uint32Array.of(5, d - 1), values: Float32Array.of(2, -1) };
		const y = Int8Array.of(1, -1, 1);
		const center = new Float32Array(d);
		center[5] = 0.25;
		center[d - 1] = 3;
		const u = new Float32Array(d);
		u[5] = 1;
		const v = new Float32Array(d);
		v[d - 1] = 1;
		const plane = { center, u, v, bias: 0.5, aRange: [0, 1] as [number, number], bRange: [0, 1] as [number, number], resolution: 2 };
		const values = lossSurfaceProjected(csr, y, 0, plane);
		// At a = b = 0: margins 1·(0.25·2 + 0.5) = 1, −1·(3·−1 + 0.5) = 2.5, 1·0.5 = 0.5 → loss (0 + 0 + 0.5) / 3.
		expect(values[0]).toBeCloseTo(0.5 / 3, 6);
		// At a = 1, b = 1: w5 = 1.25, w_last = 4: margins 3, 3.5, 0.5 → 0.5 / 3.
		expect(values[3]).toBeCloseTo(0.5 / 3, 6);
	});

	it('names a plane that does not fit the rows', () => {
		const { x, y } = data(4, 3);
		expect(() => lossSurfaceProjected(denseMatrix(x, 3), y, 0, weightPlane2d([-1, 1], 3))).toThrow("the plane's centre has 2 weights, the data 3 features");
	});
});
