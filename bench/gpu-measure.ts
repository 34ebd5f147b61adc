/**
 * Timing the GPU part, shared by the page (Chromium's WebGPU) and `--node` (Dawn): one grid of
 * configurations, or one loss surface, with the peak of live storage-buffer bytes and the train
 * accuracy of every model, so the caller can compare with the CPU reference without moving the
 * weights. Also the runner interface both places implement for run.ts.
 */
import { gpuCannotTrain, PastDeadline, surfaceGpu, trainGpu, type BenchConfig, type BenchData } from './adapter';
import type { DatasetMeta } from './dataset-files';
import type { BufferMeter } from './gpu-meter';
import { accuracy, benchConfigs, benchData, denseValues, type SurfaceWorkload } from './workloads';
import type { GpuContext } from '../src/lib/gpu/device';
import { weightPlane2d } from '../src/lib/ml/loss-surface';

/**
 * A column that ran (time, accuracies), hit its cap, cannot take the data, or failed.
 * bufferBytes: peak live storage-buffer bytes (absent for TF.js, whose buffers are its own).
 */
export type GpuColumn =
	| { ms: number; accuracies: number[]; bufferBytes?: number }
	| { cappedAtMs: number; fractionDone: number; bufferBytes?: number }
	| { unsupported: string }
	| { error: string };

export interface SurfaceGpu {
	ms: number;
	/** Every SURFACE_STRIDE-th value of the surface, to check against the CPU's. */
	sampled: number[];
	bufferBytes: number;
}

export const SURFACE_STRIDE = 97;
export const SURFACE_ALPHA = 1e-3;

export interface GpuRunner {
	/** "Chromium 156 WebGPU" or "Node 20 on Dawn": where the GPU column ran. */
	where: string;
	adapter: string;
	software: boolean;
	/** TF.js's description here, or why it cannot run here. */
	tfjs: { available: true; version: string } | { available: false; reason: string };
	grid(dataset: DatasetMeta, data: BenchData, configs: BenchConfig[], limitMs: number): Promise<GpuColumn>;
	/** The TF.js peer on the same rows (mini-batch grids only). */
	tfjsGrid(dataset: DatasetMeta, data: BenchData, configs: BenchConfig[], limitMs: number): Promise<GpuColumn>;
	surface(workload: SurfaceWorkload): Promise<SurfaceGpu>;
	close(): Promise<void>;
}

/** Compiles the pipelines once, outside every timing. */
export async function warmGpu(gpu: GpuContext): Promise<void> {
	const tiny = benchData(64, 3);
	await trainGpu(gpu, tiny, benchConfigs(2, 1));
	await trainGpu(gpu, tiny, benchConfigs(2, 1, 1));
	await surfaceGpu(gpu, denseValues(tiny), tiny.y, 3, SURFACE_ALPHA, { ...weightPlane2d([-1, 1], 4), center: new Float32Array(3), u: Float32Array.of(1, 0, 0), v: Float32Array.of(0, 1, 0) });
}

export async function measureGrid(gpu: GpuContext, meter: BufferMeter, data: BenchData, configs: readonly BenchConfig[], limitMs: number): Promise<GpuColumn> {
	const unsupported = gpuCannotTrain(data);
	if (unsupported) return { unsupported };
	meter.reset();
	const started = performance.now();
	try {
		const models = await trainGpu(gpu, data, configs, started + limitMs);
		const ms = performance.now() - started;
		return { ms, accuracies: models.map((model) => accuracy(data, model)), bufferBytes: meter.peak() };
	} catch (error) {
		if (error instanceof PastDeadline) return { cappedAtMs: performance.now() - started, fractionDone: error.epochsDone / Math.max(...configs.map((config) => config.epochs)), bufferBytes: meter.peak() };
		return { error: error instanceof Error ? error.message : String(error) };
	}
}

/** The surface over `rows` Gaussian rows in 2 features, on the plane run.ts also gives the CPU. */
export async function measureSurface(gpu: GpuContext, meter: BufferMeter, workload: SurfaceWorkload): Promise<SurfaceGpu> {
	const data = benchData(workload.rows, 2);
	const plane = weightPlane2d([-6, 6], workload.resolution);
	meter.reset();
	const started = performance.now();
	const values = await surfaceGpu(gpu, denseValues(data), data.y, 2, SURFACE_ALPHA, plane);
	const ms = performance.now() - started;
	const sampled: number[] = [];
	for (let point = 0; point < values.length; point += SURFACE_STRIDE) sampled.push(values[point]!);
	return { ms, sampled, bufferBytes: meter.peak() };
}
