/**
 * The benchmark page: the GPU part of `npm run bench` in Chromium's WebGPU, and the TF.js peer on
 * its WebGPU backend. Each call loads a dataset that run.ts wrote (served under /data/, the same
 * bytes the CPU and scikit-learn columns use), times it and returns the time, the accuracies
 * and the peak of GPU storage buffers; run.ts compares them with the CPU reference.
 * browser.ts drives it in headless Chromium.
 */
import type { BenchConfig, BenchData } from './adapter';
import { fetchDataset } from './dataset-fetch';
import type { DatasetMeta } from './dataset-files';
import { meterBuffers, type BufferMeter } from './gpu-meter';
import { measureGrid, measureSurface, warmGpu, type GpuColumn } from './gpu-measure';
import { startTfjsWebgpu, trainHingeGridTfjs } from './tfjs-peer';
import { accuracy, benchConfigs, benchData, type SurfaceWorkload } from './workloads';
import { acquireGpu, type GpuContext } from '../src/lib/gpu/device';

let gpu: GpuContext | null = null;
let meter: BufferMeter | null = null;
/** Why TF.js cannot run here (then its column says so instead of a time). */
let tfjsProblem: string | null = null;
let loaded: { id: string; data: BenchData } | null = null;

async function setup(): Promise<{ adapter: string; software: boolean; userAgent: string; tfjs: string | null; tfjsProblem: string | null }> {
	gpu = await acquireGpu(navigator.gpu);
	if (!gpu) throw new Error('no WebGPU adapter in this browser');
	meter = meterBuffers(gpu.device);
	await warmGpu(gpu);
	let tfjs: string | null = null;
	try {
		tfjs = await startTfjsWebgpu();
		await trainHingeGridTfjs(benchData(64, 3), benchConfigs(2, 1), Infinity);
	} catch (error) {
		tfjsProblem = error instanceof Error ? error.message : String(error);
	}
	return { adapter: gpu.adapter.label, software: gpu.adapter.software, userAgent: navigator.userAgent, tfjs, tfjsProblem };
}

async function dataset(meta: Omit<DatasetMeta, 'dir'>): Promise<BenchData> {
	if (loaded?.id !== meta.id) loaded = { id: meta.id, data: await fetchDataset(meta) };
	return loaded.data;
}

async function grid({ meta, configs, limitMs }: { meta: DatasetMeta; configs: BenchConfig[]; limitMs: number }): Promise<GpuColumn> {
	if (!gpu || !meter) throw new Error('call setup() first');
	return measureGrid(gpu, meter, await dataset(meta), configs, limitMs);
}

/**
 * TF.js's time, or why there is none: capped (more than `limitMs`) or failed. Its
 * shape-specialised shaders are compiled outside the timing (two steps: a full batch, and the
 * epoch's shorter last one where there is one).
 */
async function tfjs({ meta, configs, limitMs }: { meta: DatasetMeta; configs: BenchConfig[]; limitMs: number }): Promise<GpuColumn> {
	if (tfjsProblem) return { error: tfjsProblem };
	const data = await dataset(meta);
	if (data.matrix.format !== 'dense') return { unsupported: 'TF.js: dense rows only' };
	try {
		const d = data.matrix.featureCount;
		const batch = configs[0]!.batchSize;
		const rows = Math.min(data.y.length, batch + (data.y.length % batch || batch));
		const head: BenchData = { matrix: { ...data.matrix, rowCount: rows, values: data.matrix.values.subarray(0, rows * d) }, y: data.y.subarray(0, rows) };
		await trainHingeGridTfjs(head, configs.map((config) => ({ ...config, epochs: 1 })), Infinity);
		const run = await trainHingeGridTfjs(data, configs, limitMs);
		if (!run.done) return { cappedAtMs: run.ms, fractionDone: run.epochs / configs[0]!.epochs };
		return { ms: run.ms, accuracies: run.models.map((model) => accuracy(data, model)) };
	} catch (error) {
		return { error: error instanceof Error ? error.message : String(error) };
	}
}

async function surface(workload: SurfaceWorkload) {
	if (!gpu || !meter) throw new Error('call setup() first');
	return measureSurface(gpu, meter, workload);
}

Object.assign(window, { descentBench: { setup, grid, tfjs, surface } });
document.getElementById('status')!.textContent = 'ready';
