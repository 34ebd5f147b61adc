import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuContext } from '../../src/lib/gpu/device';
import { teachRunsOnGpu } from '../../src/lib/gpu/teach-fan';
import { createRandom } from '../../src/lib/ml/rng';
import { teachRates, teachRuns, type TeachRows, type TeachRunOptions } from '../../src/lib/ml/teach-runs';
import type { Trajectory } from '../../src/lib/ml/trajectory';
import { testGpu } from './setup';

let gpu: GpuContext;
beforeAll(async () => {
	gpu = await testGpu();
});
afterAll(() => gpu.device.destroy());

/** Two overlapping 2-D clouds, labels ±1. */
function clouds(n: number, seed: number): TeachRows {
	const random = createRandom(seed);
	const x = new Float32Array(n * 2);
	const y = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		y[i] = random.next() < 0.5 ? 1 : -1;
		x[i * 2] = random.normal() + 1.2 * y[i]!;
		x[i * 2 + 1] = random.normal() - 0.6 * y[i]!;
	}
	return { x, y, featureCount: 2 };
}

const options: TeachRunOptions = { optimizer: 'sgd', momentum: 0.9, schedule: 'constant', alpha: 0.01, epochs: 4, batchSize: 1, intercept: true, seed: 3 };
const start = Float32Array.of(-4, 5);

/** The largest |GPU − CPU| of a fan over the largest |CPU| of its path, and the same points, timing, stops and errors. */
function compareFans(onGpu: Trajectory[], onCpu: Trajectory[]): number {
	expect(onGpu).toHaveLength(onCpu.length);
	let worst = 0;
	onCpu.forEach((cpu, k) => {
		const gpuRun = onGpu[k]!;
		expect(gpuRun.stepsPerPoint, `path ${k}`).toBe(cpu.stepsPerPoint);
		expect(gpuRun.stepsPerEpoch, `path ${k}`).toBe(cpu.stepsPerEpoch);
		expect(gpuRun.path.length, `path ${k} floats`).toBe(cpu.path.length);
		expect(gpuRun.diverged === null, `path ${k} diverged`).toBe(cpu.diverged === null);
		if (cpu.diverged) expect(gpuRun.diverged).toMatch(/^Floating-point under-\/overflow occurred at epoch #\d+/);
		expect(gpuRun.objectives.length, `path ${k} epochs`).toBe(cpu.objectives.length);
		let scale = 1e-6;
		for (const value of cpu.path) scale = Math.max(scale, Math.abs(value));
		cpu.path.forEach((value, i) => {
			const error = Math.abs(gpuRun.path[i]! - value) / scale;
			worst = Math.max(worst, error);
			expect(error, `path ${k}[${i}]: ${gpuRun.path[i]} vs ${value}`).toBeLessThanOrEqual(1e-4);
		});
	});
	return worst;
}

describe('the teaching fan on WebGPU (Dawn on SwiftShader)', () => {
	it('trains 16 rates together and gives every CPU path point for point (1e-4 relative)', async () => {
		const rows = clouds(40, 1);
		const { rates } = teachRates(0.01, 16, false);
		const began = performance.now();
		const onGpu = await teachRunsOnGpu(gpu, rows, start, rates, options);
		const gpuMs = performance.now() - began;
		const cpuBegan = performance.now();
		const onCpu = teachRuns(rows, start, rates, options);
		const cpuMs = performance.now() - cpuBegan;
		expect(onCpu[0]!.path.length / 3).toBe(1 + 4 * 40);
		const worst = compareFans(onGpu, onCpu);
		console.log(`16-path fan, 40 rows × 4 epochs: worst relative error ${worst.toExponential(2)}; GPU ${gpuMs.toFixed(0)} ms, CPU ${cpuMs.toFixed(1)} ms`);
	});

	it('keeps every k-th step of a long run, uneven batches and the final step, without an intercept', async () => {
		const rows = clouds(25, 2);
		// 7 steps an epoch (batches of 4, the last of 1) × 500 epochs: a point every 2 steps, the last off the cadence.
		const long = { ...options, batchSize: 4, epochs: 500, intercept: false, schedule: 'invscaling' as const };
		const { rates } = teachRates(0.05, 3, true);
		const onGpu = await teachRunsOnGpu(gpu, rows, start, rates, long);
		const onCpu = teachRuns(rows, start, rates, long);
		expect(onCpu[0]!.stepsPerPoint).toBe(2);
		compareFans(onGpu, onCpu);
	});

	it('follows the adaptive schedule, whose rates stop at different epochs', async () => {
		const rows = clouds(25, 5);
		const adaptive = { ...options, batchSize: 4, epochs: 60, schedule: 'adaptive' as const };
		// η0 = 1e-5 … 1e-3: the rate falls below 1e-6 (the stop) after 1 to 4 fifths, at different epochs.
		const { rates } = teachRates(1e-4, 4, false);
		const onGpu = await teachRunsOnGpu(gpu, rows, start, rates, adaptive);
		const onCpu = teachRuns(rows, start, rates, adaptive);
		const ran = onCpu.map((run) => run.objectives.length);
		expect(new Set(ran).size, `epochs run: ${ran}`).toBeGreaterThan(1);
		compareFans(onGpu, onCpu);
	});

	it('ends a diverging path where the CPU path ends, with the CPU trainer’s error', async () => {
		const rows = clouds(12, 3);
		const wild = { ...options, alpha: 0, epochs: 30 };
		// The margin overflows within the first epoch at 1e38 (and 3e38), never at 0.1. (Between
		// about 1e19 and 1e37 with α = 0 the GPU objective pass overflows where the CPU's float64
		// one does not: hinge-objective.ts forms α·‖w‖² in float32.)
		const rates = [0.1, 1e38, 3e38];
		const onGpu = await teachRunsOnGpu(gpu, rows, start, rates, wild);
		const onCpu = teachRuns(rows, start, rates, wild);
		expect(onCpu.some((run) => run.diverged)).toBe(true);
		compareFans(onGpu, onCpu);
	});

	it('leaves momentum to the CPU', async () => {
		await expect(teachRunsOnGpu(gpu, clouds(8, 4), start, [0.1], { ...options, optimizer: 'momentum' })).rejects.toThrow(/CPU only/);
	});
});
