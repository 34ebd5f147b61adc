/**
 * The benchmark page: each call times one workload on the GPU kernel, the single-threaded CPU
 * reference (this page's thread), the CPU reference over all workers and TensorFlow.js on its
 * WebGPU backend, after checking each agrees with the reference (train accuracy within 0.5
 * points). bench/run.ts drives it in headless Chromium.
 */
import { acquireGpu, type GpuContext } from '../src/lib/gpu/device';
import { lossSurfaceGpu } from '../src/lib/gpu/loss-surface';
import { trainSgdGrid } from '../src/lib/gpu/sgd-grid';
import { lossSurfaceCpu, weightPlane2d } from '../src/lib/ml/loss-surface';
import { trainBinarySgd } from '../src/lib/ml/sgd';
import { startTfjsWebgpu, trainHingeGridTfjs } from './tfjs-peer';
import { accuracy, benchConfigs, benchData, type SurfaceWorkload, type TrainWorkload } from './workloads';

interface Model {
	weights: Float32Array;
	bias: number;
}

let gpu: GpuContext | null = null;
const workers: Worker[] = [];
/** Why TF.js cannot run here (then its column says so instead of a time). */
let tfjsProblem: string | null = null;

async function setup(): Promise<{ adapter: string; software: boolean; workers: number; userAgent: string; tfjs: string }> {
	gpu = await acquireGpu(navigator.gpu);
	if (!gpu) throw new Error('no WebGPU adapter in this browser');
	const count = Math.max(1, navigator.hardwareConcurrency || 2);
	for (let i = 0; i < count; i++) workers.push(new Worker(new URL('./cpu-worker.ts', import.meta.url), { type: 'module' }));
	// Compile the pipelines and warm the workers' JIT once, outside the timings.
	const tiny = benchData(64, 3);
	await onWorkers(tiny, benchConfigs(workers.length * 2, 2));
	await trainSgdGrid(gpu, tiny, benchConfigs(2, 1));
	await lossSurfaceGpu(gpu, tiny.x, tiny.y, 3, 1e-3, { ...weightPlane2d([-1, 1], 4), center: new Float32Array(3), u: Float32Array.of(1, 0, 0), v: Float32Array.of(0, 1, 0) });
	let tfjs: string;
	try {
		tfjs = await startTfjsWebgpu();
		await trainHingeGridTfjs(tiny, benchConfigs(2, 1), Infinity);
	} catch (error) {
		tfjsProblem = error instanceof Error ? error.message : String(error);
		tfjs = `TF.js unavailable: ${tfjsProblem}`;
	}
	return { adapter: gpu.adapter.label, software: gpu.adapter.software, workers: count, userAgent: navigator.userAgent, tfjs };
}

function onWorkers(data: ReturnType<typeof benchData>, configs: ReturnType<typeof benchConfigs>): Promise<Model[]> {
	const share = Math.ceil(configs.length / workers.length);
	const parts = workers.map((worker, index) => {
		const mine = configs.slice(index * share, (index + 1) * share);
		if (mine.length === 0) return Promise.resolve([] as Model[]);
		return new Promise<Model[]>((resolve, reject) => {
			worker.onmessage = (event: MessageEvent<Model[]>) => resolve(event.data);
			worker.onerror = (event) => reject(new Error(event.message));
			worker.postMessage({ ...data, configs: mine });
		});
	});
	return Promise.all(parts).then((all) => all.flat());
}

async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
	const started = performance.now();
	const value = await work();
	return { ms: performance.now() - started, value };
}

function maxAccuracyGap(data: ReturnType<typeof benchData>, left: Model[], right: Model[]): number {
	let gap = 0;
	left.forEach((model, k) => {
		const other = right[k]!;
		gap = Math.max(gap, Math.abs(accuracy(data, model.weights, model.bias) - accuracy(data, other.weights, other.bias)));
	});
	return gap;
}

/**
 * TF.js's time, or why there is none: capped (more than `limitMs`), failed, or its models
 * disagree with the CPU reference (then no time counts).
 */
async function tfjsColumn(data: ReturnType<typeof benchData>, configs: ReturnType<typeof benchConfigs>, reference: Model[], limitMs: number) {
	if (tfjsProblem) return { ms: null, error: tfjsProblem };
	try {
		// Compile TF.js's shape-specialised shaders for these shapes outside the timing (two steps:
		// a full batch, and the epoch's shorter last one where there is one).
		const batch = configs[0]!.batchSize;
		const rows = Math.min(data.y.length, batch + (data.y.length % batch || batch));
		await trainHingeGridTfjs({ ...data, x: data.x.subarray(0, rows * data.featureCount), y: data.y.subarray(0, rows) }, configs.map((config) => ({ ...config, epochs: 1 })), Infinity);
		const run = await trainHingeGridTfjs(data, configs, limitMs);
		if (!run.done) return { ms: null, cappedAtMs: run.ms, epochsDone: run.epochs };
		const gap = maxAccuracyGap(data, run.models, reference);
		return gap <= 0.5 ? { ms: run.ms, accuracyGapPoints: gap } : { ms: null, accuracyGapPoints: gap, error: `accuracy differs from the CPU reference by ${gap.toFixed(2)} points` };
	} catch (error) {
		return { ms: null, error: error instanceof Error ? error.message : String(error) };
	}
}

async function train(workload: TrainWorkload & { tfjsLimitMs: number }) {
	if (!gpu) throw new Error('call setup() first');
	const data = benchData(workload.rows, workload.features);
	const configs = benchConfigs(workload.configurations, workload.epochs, workload.batchSize);
	const onGpu = await timed(() => trainSgdGrid(gpu!, data, configs));
	const gpuModels = onGpu.value.map((outcome, k) => {
		if (!outcome.ok) throw new Error(`GPU configuration ${k}: ${outcome.error}`);
		return outcome.fit;
	});
	const single = await timed(() => configs.map((config) => trainBinarySgd(data, config)));
	const parallel = await timed(() => onWorkers(data, configs));
	const gapGpu = maxAccuracyGap(data, gpuModels, single.value);
	const gapWorkers = maxAccuracyGap(data, parallel.value, single.value);
	const tfjs = await tfjsColumn(data, configs, single.value, workload.tfjsLimitMs);
	const updates = workload.configurations * workload.rows * workload.epochs;
	const { tfjsLimitMs: _limit, ...shape } = workload;
	return {
		...shape,
		gpuMs: onGpu.ms,
		cpuMs: single.ms,
		workersMs: parallel.ms,
		maxAccuracyGapPoints: Math.max(gapGpu, gapWorkers),
		equal: gapGpu <= 0.5 && gapWorkers <= 0.5,
		tfjs,
		sampleUpdatesPerSecond: { gpu: updates / (onGpu.ms / 1000), cpu: updates / (single.ms / 1000), workers: updates / (parallel.ms / 1000), tfjs: tfjs.ms === null ? null : updates / (tfjs.ms / 1000) }
	};
}

async function surface(workload: SurfaceWorkload) {
	if (!gpu) throw new Error('call setup() first');
	const data = benchData(workload.rows, 2);
	const plane = weightPlane2d([-6, 6], workload.resolution);
	const onGpu = await timed(() => lossSurfaceGpu(gpu!, data.x, data.y, 2, 1e-3, plane));
	const onCpu = await timed(() => lossSurfaceCpu(data.x, data.y, 2, 1e-3, plane));
	let worst = 0;
	for (let point = 0; point < onCpu.value.length; point += 97) {
		const expected = onCpu.value[point]!;
		worst = Math.max(worst, Math.abs(onGpu.value[point]! - expected) / Math.max(1, Math.abs(expected)));
	}
	return { ...workload, gpuMs: onGpu.ms, cpuMs: onCpu.ms, maxRelativeError: worst, equal: worst <= 1e-4 };
}

Object.assign(window, { descentBench: { setup, train, surface } });
document.getElementById('status')!.textContent = 'ready';
