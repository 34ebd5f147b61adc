/**
 * Acquiring a WebGPU device: the `GPU` object is passed in (navigator.gpu in a worker or page,
 * Dawn's in Node tests), the adapter's larger storage limits are requested where it has them
 * (so less data needs chunking), and device loss is reported instead of hanging a run.
 */

export interface AdapterDescription {
	vendor: string;
	architecture: string;
	/** "vendor architecture" or a fallback, for logs and summaries. */
	label: string;
	/** SwiftShader, llvmpipe, WARP…: a CPU implementation of WebGPU. */
	software: boolean;
}

export interface GpuContext {
	device: GPUDevice;
	adapter: AdapterDescription;
	/** Resolves (never rejects) when the device is lost, with the browser's reason. */
	lost: Promise<string>;
	/** True once `lost` has resolved: work in flight must move to the CPU path. */
	isLost(): boolean;
}

/** The limits worth raising: bigger bindings mean fewer chunks, more buffers fewer passes. */
const RAISED_LIMITS = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxStorageBuffersPerShaderStage', 'maxComputeWorkgroupsPerDimension'] as const;

export function describeAdapter(info: GPUAdapterInfo | undefined): AdapterDescription {
	const vendor = info?.vendor || 'unknown vendor';
	const architecture = info?.architecture || info?.description || 'unknown architecture';
	const text = `${vendor} ${architecture} ${info?.description ?? ''} ${info?.device ?? ''}`.toLowerCase();
	return {
		vendor,
		architecture,
		label: `${vendor} ${architecture}`,
		software: /swiftshader|llvmpipe|lavapipe|warp|software|cpu/.test(text)
	};
}

/** null when WebGPU has no adapter here (the caller falls back to the CPU and says so). */
export async function acquireGpu(gpu: GPU | null | undefined): Promise<GpuContext | null> {
	if (!gpu) return null;
	const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
	if (!adapter) return null;
	const requiredLimits: Record<string, number> = {};
	for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
	const device = await adapter.requestDevice({ requiredLimits });
	let lost = false;
	const lostPromise = device.lost.then((info) => {
		lost = true;
		return info.message || info.reason || 'device lost';
	});
	return { device, adapter: describeAdapter(adapter.info), lost: lostPromise, isLost: () => lost };
}

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/** One compute pipeline per (device, shader key): compiling WGSL is the slow part of a first run. */
export function cachedPipeline(
	device: GPUDevice,
	key: string,
	code: string,
	entryPoint: string,
	constants: Record<string, number> = {}
): GPUComputePipeline {
	let byKey = pipelines.get(device);
	if (!byKey) pipelines.set(device, (byKey = new Map()));
	const id = `${key}#${entryPoint}#${JSON.stringify(constants)}`;
	let pipeline = byKey.get(id);
	if (!pipeline) {
		const module = device.createShaderModule({ label: key, code });
		pipeline = device.createComputePipeline({ label: id, layout: 'auto', compute: { module, entryPoint, constants } });
		byKey.set(id, pipeline);
	}
	return pipeline;
}

/** A uniform buffer of u32 fields (the per-dispatch window of a kernel). */
export function uniformOf(device: GPUDevice, fields: readonly number[]): GPUBuffer {
	const words = new Uint32Array(Math.ceil(fields.length / 4) * 4);
	words.set(fields);
	return uploadBuffer(device, words, GPUBufferUsage.UNIFORM);
}

/** A storage buffer holding `data` (padded to 4 bytes, at least 16). */
export function uploadBuffer(device: GPUDevice, data: ArrayBufferView, usage = GPUBufferUsage.STORAGE, label?: string): GPUBuffer {
	const size = Math.max(16, Math.ceil(data.byteLength / 4) * 4);
	const buffer = device.createBuffer({ label, size, usage: usage | GPUBufferUsage.COPY_DST, mappedAtCreation: true });
	new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
	buffer.unmap();
	return buffer;
}

/** Copies `size` bytes of a GPU buffer back to the CPU (the only synchronising step). */
export async function readBuffer(device: GPUDevice, source: GPUBuffer, size: number, offset = 0): Promise<ArrayBuffer> {
	const staging = device.createBuffer({ size: Math.max(4, size), usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
	const encoder = device.createCommandEncoder();
	encoder.copyBufferToBuffer(source, offset, staging, 0, size);
	device.queue.submit([encoder.finish()]);
	await staging.mapAsync(GPUMapMode.READ);
	const copy = staging.getMappedRange().slice(0);
	staging.unmap();
	staging.destroy();
	return copy;
}

/** Bind group from buffers listed in binding order (0, 1, 2, …). */
export function bindBuffers(device: GPUDevice, pipeline: GPUComputePipeline, buffers: (GPUBuffer | GPUBufferBinding)[]): GPUBindGroup {
	return device.createBindGroup({
		layout: pipeline.getBindGroupLayout(0),
		entries: buffers.map((buffer, binding) => ({ binding, resource: 'buffer' in buffer ? buffer : { buffer } }))
	});
}

/** Bind group from buffers by binding number (entry points that use only some of a module's bindings). */
export function bindNumbered(device: GPUDevice, pipeline: GPUComputePipeline, buffers: Record<number, GPUBuffer>): GPUBindGroup {
	return device.createBindGroup({
		layout: pipeline.getBindGroupLayout(0),
		entries: Object.entries(buffers).map(([binding, buffer]) => ({ binding: Number(binding), resource: { buffer } }))
	});
}

/** Pops the error scope pushed before a kernel's work; a WGSL or binding error becomes an exception. */
export async function throwValidationError(device: GPUDevice, place: string): Promise<void> {
	const error = await device.popErrorScope();
	if (error) throw new Error(`${place}: ${error.message}`);
}
