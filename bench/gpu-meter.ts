/**
 * GPU memory of a run, as WebGPU lets us see it: the bytes of live storage buffers (the data,
 * weights, orders and partial sums the kernels read and write), counted by wrapping
 * `device.createBuffer` and each buffer's `destroy`. Uniforms and the read-back staging buffers
 * (a few bytes each, some left to the garbage collector) are not counted, nor the driver's own
 * memory, which WebGPU does not report.
 */

export interface BufferMeter {
	/** Starts a new peak from the bytes live now. */
	reset(): void;
	/** Peak live storage-buffer bytes since the last reset. */
	peak(): number;
}

export function meterBuffers(device: GPUDevice): BufferMeter {
	let live = 0;
	let peak = 0;
	const create = device.createBuffer.bind(device);
	device.createBuffer = (descriptor: GPUBufferDescriptor): GPUBuffer => {
		const buffer = create(descriptor);
		if ((descriptor.usage & GPUBufferUsage.STORAGE) === 0) return buffer;
		const size = descriptor.size;
		live += size;
		peak = Math.max(peak, live);
		const destroy = buffer.destroy.bind(buffer);
		let gone = false;
		buffer.destroy = () => {
			if (!gone) live -= size;
			gone = true;
			destroy();
		};
		return buffer;
	};
	return {
		reset: () => void (peak = live),
		peak: () => peak
	};
}
