import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuContext } from '../../src/lib/gpu/device';
import { lossSurfaceGpu } from '../../src/lib/gpu/loss-surface';
import { lossSurfaceCpu, weightPlane2d, type SurfacePlane } from '../../src/lib/ml/loss-surface';
import { createRandom } from '../../src/lib/ml/rng';
import { testGpu } from './setup';

let gpu: GpuContext;
beforeAll(async () => {
	gpu = await testGpu();
});
afterAll(() => gpu.device.destroy());

function data(n: number, d: number, seed: number) {
	const random = createRandom(seed);
	const x = new Float32Array(n * d);
	const y = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		y[i] = random.next() < 0.5 ? 1 : -1;
		for (let j = 0; j < d; j++) x[i * d + j] = random.normal() + 0.7 * y[i]!;
	}
	return { x, y };
}

function expectSampledClose(gpuValues: Float32Array, cpuValues: Float32Array, resolution: number): void {
	expect(gpuValues.length).toBe(resolution * resolution);
	const random = createRandom(5);
	const samples = [0, resolution - 1, resolution * resolution - 1, ...Array.from({ length: 40 }, () => random.int(resolution * resolution))];
	for (const point of samples) {
		const expected = cpuValues[point]!;
		expect(Math.abs(gpuValues[point]! - expected), `point ${point}: ${gpuValues[point]} vs ${expected}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(expected)));
	}
}

describe('lossSurfaceGpu (loss_surface.wgsl) matches lossSurfaceCpu', () => {
	it('over (w1, w2) for a two-feature set, with a bias', async () => {
		const { x, y } = data(301, 2, 1);
		const plane = weightPlane2d([-6, 6], 33, 0.25);
		expectSampledClose(await lossSurfaceGpu(gpu, x, y, 2, 1e-3, plane), lossSurfaceCpu(x, y, 2, 1e-3, plane), 33);
	});

	it('on a plane through a weight vector for D > 2, with rows in chunks', async () => {
		const d = 5;
		const { x, y } = data(203, d, 2);
		const plane: SurfacePlane = {
			center: Float32Array.of(0.3, -0.2, 0.5, 0.1, 0),
			u: Float32Array.of(1, 0, 0.5, 0, 0),
			v: Float32Array.of(0, 1, 0, 0, -0.5),
			bias: -0.1,
			aRange: [-2, 3],
			bRange: [-1, 1],
			resolution: 17
		};
		const cpu = lossSurfaceCpu(x, y, d, 0.01, plane);
		expectSampledClose(await lossSurfaceGpu(gpu, x, y, d, 0.01, plane, { chunkRows: 50 }), cpu, 17);
		expectSampledClose(await lossSurfaceGpu(gpu, x, y, d, 0.01, plane), cpu, 17);
	});
});
