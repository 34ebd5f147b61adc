/**
 * The wrapper of shaders/loss_surface.wgsl: the objective over a resolution² grid of a plane of
 * weights (ml/loss-surface.ts's SurfacePlane), rows bound in chunks of at most `chunkRows`.
 * Row-major like lossSurfaceCpu: the value at (column i along u, row j along v) is [j·res + i].
 */
import surfaceSource from '../../../shaders/loss_surface.wgsl?raw';
import type { SurfacePlane } from '../ml/loss-surface';
import { bindBuffers, cachedPipeline, readBuffer, throwValidationError, uploadBuffer, type GpuContext } from './device';

export const SURFACE_WORKGROUP_SIZE = 8;

export interface SurfaceOptions {
	/** Rows per storage binding (and per dispatch); smaller forces chunking in tests. */
	chunkRows?: number;
}

/** The Surface uniform: 8 u32 then 8 f32. */
function surfaceUniform(fields: { resolution: number; d: number; rows: number; n: number; first: boolean; last: boolean }, alpha: number, plane: SurfacePlane): ArrayBuffer {
	const bytes = new ArrayBuffer(64);
	const words = new Uint32Array(bytes, 0, 8);
	const floats = new Float32Array(bytes, 32, 8);
	words.set([fields.resolution, fields.d, fields.rows, fields.n, fields.first ? 1 : 0, fields.last ? 1 : 0]);
	floats.set([alpha, plane.bias, plane.aRange[0], plane.aRange[1], plane.bRange[0], plane.bRange[1]]);
	return bytes;
}

export async function lossSurfaceGpu(
	gpu: GpuContext,
	x: Float32Array,
	y: Int8Array,
	featureCount: number,
	alpha: number,
	plane: SurfacePlane,
	options: SurfaceOptions = {}
): Promise<Float32Array> {
	const { device } = gpu;
	const d = featureCount;
	const n = y.length;
	const { resolution } = plane;
	if (n === 0) throw new Error('loss surface: no rows');
	if (x.length !== n * d) throw new Error(`loss surface: x has ${x.length} values, expected ${n} rows × ${d} features`);
	const points = resolution * resolution;
	const maxRows = Math.floor(device.limits.maxStorageBufferBindingSize / (4 * Math.max(1, d)));
	const chunkRows = Math.max(1, Math.min(options.chunkRows ?? maxRows, maxRows));
	const planeValues = new Float32Array(3 * d);
	for (let j = 0; j < d; j++) {
		planeValues[j] = plane.center[j] ?? 0;
		planeValues[d + j] = plane.u[j] ?? 0;
		planeValues[2 * d + j] = plane.v[j] ?? 0;
	}
	const pipeline = cachedPipeline(device, 'loss_surface', surfaceSource, 'main', { WORKGROUP_SIZE: SURFACE_WORKGROUP_SIZE });
	const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
	const created: GPUBuffer[] = [];
	const keep = (buffer: GPUBuffer): GPUBuffer => (created.push(buffer), buffer);
	device.pushErrorScope('validation');
	try {
		const planeBuffer = keep(uploadBuffer(device, planeValues));
		const sums = keep(device.createBuffer({ size: points * 8, usage: storage }));
		const objective = keep(device.createBuffer({ size: Math.max(16, points * 4), usage: storage }));
		const labels = Float32Array.from(y);
		const groups = Math.ceil(resolution / SURFACE_WORKGROUP_SIZE);
		for (let first = 0; first < n; first += chunkRows) {
			const rows = Math.min(chunkRows, n - first);
			const uniform = keep(uploadBuffer(device, new Uint8Array(surfaceUniform({ resolution, d, rows, n, first: first === 0, last: first + rows >= n }, alpha, plane)), GPUBufferUsage.UNIFORM));
			const xChunk = keep(uploadBuffer(device, x.subarray(first * d, (first + rows) * d)));
			const yChunk = keep(uploadBuffer(device, labels.subarray(first, first + rows)));
			const encoder = device.createCommandEncoder();
			const pass = encoder.beginComputePass();
			pass.setPipeline(pipeline);
			pass.setBindGroup(0, bindBuffers(device, pipeline, [uniform, planeBuffer, xChunk, yChunk, sums, objective]));
			pass.dispatchWorkgroups(groups, groups);
			pass.end();
			device.queue.submit([encoder.finish()]);
		}
		const result = new Float32Array(await readBuffer(device, objective, points * 4));
		await throwValidationError(device, 'loss_surface');
		return result;
	} finally {
		await device.queue.onSubmittedWorkDone();
		for (const buffer of created) buffer.destroy();
	}
}
