/**
 * The benchmark page: each call times one workload on the GPU kernel, the single-threaded CPU
 * reference (this page's thread) and the CPU reference over all workers, after checking the
 * three agree (train accuracy within 0.5 points). bench/run.ts drives it in headless Chromium.
 */
import { acquireGpu, type GpuContext } from '../src/lib/gpu/device';
import { lossSurfaceGpu } from '../src/lib/gpu/loss-surface';
import { trainSgdGrid } from '../src/lib/gpu/sgd-grid';
import { lossSurfaceCpu, weightPlane2d } from '../src/lib/ml/loss-surface';
import { trainBinarySgd } from '../src/lib/ml/sgd';
import { accuracy, benchConfigs, benchData, type SurfaceWorkload, type TrainWorkload } from './workloads';

interface Model {
	weights: Float32Array;
	bias: number;
}

let gpu: GpuContext | null = null;
const workers: Worker[] = [];

async function setup(): Promise<{ adapter: string; software: boolean; workers: number; userAgent: string }> {
	gpu = await acquireGpu(navigator.gpu);
	if (!gpu) throw new Error('no WebGPU adapter in this browser');
	const count = Math.max(1, navigator.hardwareConcurrency || 2);
	for (let i = 0; i < count; i++) workers.push(new Worker(new URL('./cpu-worker.ts', import.meta.url), { type: 'module' }));
	// Compile the pipelines and warm the workers' JIT once, outside the timings.
	const tiny = benchData(64, 3);
	await onWorkers(tiny, benchConfigs(workers.length * 2, 2));
	await trainSgdGrid(gpu, tiny, benchConfigs(2, 1));
	await lossSurfaceGpu(gpu, tiny.x, tiny.y, 3, 1e-3, { ...weightPlane2d([-1, 1], 4), center: new Float32Array(3), u: Float32Array.of(1, 0, 0), v: Float32Array.of(0, 1, 0) });
	return { adapter: gpu.adapter.label, software: gpu.adapter.software, workers: count, userAgent: navigator.userAgent };
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

async function train(workload: TrainWorkload) {
	if (!gpu) throw new Error('call setup() first');
	const data = benchData(workload.rows, workload.features);
	const configs = benchConfigs(workload.configurations, workload.epochs);
	const onGpu = await timed(() => trainSgdGrid(gpu!, data, configs));
	const gpuModels = onGpu.value.map((outcome, k) => {
		if (!outcome.ok) throw new Error(`GPU configuration ${k}: ${outcome.error}`);
		return outcome.fit;
	});
	const single = await timed(() => configs.map((config) => trainBinarySgd(data, config)));
	const parallel = await timed(() => onWorkers(data, configs));
	const gapGpu = maxAccuracyGap(data, gpuModels, single.value);
	const gapWorkers = maxAccuracyGap(data, parallel.value, single.value);
	const updates = workload.configurations * workload.rows * workload.epochs;
	return {
		...workload,
		gpuMs: onGpu.ms,
		cpuMs: single.ms,
		workersMs: parallel.ms,
		maxAccuracyGapPoints: Math.max(gapGpu, gapWorkers),
		equal: gapGpu <= 0.5 && gapWorkers <= 0.5,
		sampleUpdatesPerSecond: { gpu: updates / (onGpu.ms / 1000), cpu: updates / (single.ms / 1000), workers: updates / (parallel.ms / 1000) }
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
