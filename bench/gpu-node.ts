/**
 * `--node`: the GPU part in this Node process on Dawn (the `webgpu` package, as tests/gpu does),
 * with no browser, so the bench runs on a GPU server. Dawn picks the adapter the Vulkan loader
 * offers (VK_ICD_FILENAMES / VK_DRIVER_FILES choose the driver; `--dawn=backend=vulkan` or
 * `--dawn=adapter=NAME` pass Dawn's own options); where none answers and neither variable is
 * set, SwiftShader's (as the GPU tests use). TF.js is browser-only here.
 */
import { existsSync } from 'node:fs';
import { create, globals } from 'webgpu';
import type { BenchConfig, BenchData } from './adapter';
import type { DatasetMeta } from './dataset-files';
import { meterBuffers } from './gpu-meter';
import { measureGrid, measureSurface, warmGpu, type GpuRunner } from './gpu-measure';
import type { SurfaceWorkload } from './workloads';
import { acquireGpu } from '../src/lib/gpu/device';

// Held for the life of the process: if Dawn's instance is garbage-collected while a device
// lives, the process aborts on a mutex (tests/gpu/setup.ts).
const instances: GPU[] = [];

/** The CPU Vulkan driver Debian's chromium ships: the fallback where no GPU driver answers. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

async function acquire(dawnOptions: string[], log: (line: string) => void) {
	instances.push(create(dawnOptions));
	const gpu = await acquireGpu(instances[instances.length - 1]);
	if (gpu || process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES || !existsSync(SWIFTSHADER_ICD)) return gpu;
	// The Vulkan loader reads its driver list when Dawn creates an instance, so a second one sees this.
	log(`Dawn found no adapter with the system's Vulkan drivers: trying SwiftShader (${SWIFTSHADER_ICD})`);
	process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
	instances.push(create(dawnOptions));
	return acquireGpu(instances[instances.length - 1]);
}

export async function startNodeGpu(dawnOptions: string[], log: (line: string) => void): Promise<GpuRunner> {
	Object.assign(globalThis, globals);
	const gpu = await acquire(dawnOptions, log);
	if (!gpu) throw new Error('Dawn found no WebGPU adapter: is a Vulkan driver installed (libvulkan1 and the vendor ICD; VK_ICD_FILENAMES)?');
	const meter = meterBuffers(gpu.device);
	await warmGpu(gpu);
	return {
		where: `Node ${process.versions.node} on Dawn (webgpu)`,
		adapter: gpu.adapter.label,
		software: gpu.adapter.software,
		tfjs: { available: false, reason: 'TF.js: browser run only' },
		grid: (_dataset: DatasetMeta, data: BenchData, configs: BenchConfig[], limitMs: number) => measureGrid(gpu, meter, data, configs, limitMs),
		tfjsGrid: async () => ({ unsupported: 'TF.js: browser run only' }),
		surface: (workload: SurfaceWorkload) => measureSurface(gpu, meter, workload),
		close: async () => {
			gpu.device.destroy();
		}
	};
}
