/**
 * The wrapper of shaders/predict.wgsl: decision scores (and binary labels) of K rows of
 * weights over M rows of data in one pass — the whole grid scored on a split at once.
 */
import predictSource from '../../../shaders/predict.wgsl?raw';
import { bindBuffers, cachedPipeline, readBuffer, throwValidationError, uniformOf, uploadBuffer, type GpuContext } from './device';

export const PREDICT_WORKGROUP_SIZE = 64;

export interface GpuScores {
	/** rows × K, scores[row · K + k], float32 as ml/predict.ts computes them. */
	scores: Float32Array;
	/** rows × K: 1 where the score is > 0. */
	positive: Uint8Array;
}

export interface WeightRows {
	/** K × featureCount, row-major. */
	coef: Float32Array;
	intercept: Float32Array;
	featureCount: number;
}

export async function predictGpu(gpu: GpuContext, models: WeightRows, x: Float32Array, options: { chunkRows?: number } = {}): Promise<GpuScores> {
	const { device } = gpu;
	const K = models.intercept.length;
	const d = models.featureCount;
	if (models.coef.length !== K * d) throw new Error(`predict: coef has ${models.coef.length} values, expected ${K} × ${d}`);
	const m = d === 0 ? 0 : x.length / d;
	if (!Number.isInteger(m)) throw new Error(`predict: x has ${x.length} values, not a multiple of ${d} features`);
	const scores = new Float32Array(m * K);
	const positive = new Uint8Array(m * K);
	if (m === 0 || K === 0) return { scores, positive };
	const limit = device.limits.maxStorageBufferBindingSize;
	const maxRows = Math.max(1, Math.floor(limit / (4 * Math.max(d, K))));
	const chunkRows = Math.max(1, Math.min(options.chunkRows ?? maxRows, maxRows));
	const pipeline = cachedPipeline(device, 'predict', predictSource, 'main', { WORKGROUP_SIZE: PREDICT_WORKGROUP_SIZE });
	const maxGroups = device.limits.maxComputeWorkgroupsPerDimension;
	const created: GPUBuffer[] = [];
	const keep = (buffer: GPUBuffer): GPUBuffer => (created.push(buffer), buffer);
	device.pushErrorScope('validation');
	try {
		const coef = keep(uploadBuffer(device, models.coef));
		const intercept = keep(uploadBuffer(device, models.intercept));
		for (let first = 0; first < m; first += chunkRows) {
			const rows = Math.min(chunkRows, m - first);
			const xChunk = keep(uploadBuffer(device, x.subarray(first * d, (first + rows) * d)));
			const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
			const scoreBuffer = keep(device.createBuffer({ size: rows * K * 4, usage }));
			const labelBuffer = keep(device.createBuffer({ size: rows * K * 4, usage }));
			const uniform = keep(uniformOf(device, [K, d, rows, 0]));
			const encoder = device.createCommandEncoder();
			const pass = encoder.beginComputePass();
			pass.setPipeline(pipeline);
			pass.setBindGroup(0, bindBuffers(device, pipeline, [uniform, coef, intercept, xChunk, scoreBuffer, labelBuffer]));
			// Rows beyond one dimension's limit spill into z (the shader folds y and z back together).
			const rowGroups = Math.min(rows, maxGroups);
			pass.dispatchWorkgroups(Math.ceil(K / PREDICT_WORKGROUP_SIZE), rowGroups, Math.ceil(rows / rowGroups));
			pass.end();
			device.queue.submit([encoder.finish()]);
			scores.set(new Float32Array(await readBuffer(device, scoreBuffer, rows * K * 4)), first * K);
			const labels = new Uint32Array(await readBuffer(device, labelBuffer, rows * K * 4));
			for (let i = 0; i < labels.length; i++) positive[first * K + i] = labels[i]!;
		}
		await throwValidationError(device, 'predict');
		return { scores, positive };
	} finally {
		await device.queue.onSubmittedWorkDone();
		for (const buffer of created) buffer.destroy();
	}
}
