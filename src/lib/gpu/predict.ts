/**
 * The wrapper of shaders/predict.wgsl: decision scores (and binary labels) of K rows of weights
 * over M rows of data, dense or CSR, in one pass a chunk — the whole grid scored on a split at
 * once. Owns the bindings, the Batch uniform and the weights' feature-major upload.
 *
 * The bound: K·Z multiply-adds for Z stored entries (M·d dense); one invocation per (model, row)
 * walks the row's non-zeros in order (a chain of z dependent adds, as the CPU sums them);
 * bytes: the rows once per 64 models, the weights 4·K·Z in 32-byte sectors, 8·M·K written.
 */
import predictSource from '../../../shaders/predict.wgsl?raw';
import type { FeatureMatrix } from '../data/feature-matrix';
import { csrChunk } from './csr-stream';
import { bindNumbered, cachedPipeline, readBuffer, throwValidationError, uniformOf, uploadBuffer, type GpuContext } from './device';

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

export async function predictGpu(gpu: GpuContext, models: WeightRows, matrix: FeatureMatrix, options: { chunkRows?: number } = {}): Promise<GpuScores> {
	const { device } = gpu;
	const K = models.intercept.length;
	const d = models.featureCount;
	if (models.coef.length !== K * d) throw new Error(`predict: coef has ${models.coef.length} values, expected ${K} × ${d}`);
	if (matrix.featureCount !== d) throw new Error(`predict: the rows have ${matrix.featureCount} features, the models ${d}`);
	const m = matrix.rowCount;
	const scores = new Float32Array(m * K);
	const positive = new Uint8Array(m * K);
	if (m === 0 || K === 0) return { scores, positive };
	const limit = device.limits.maxStorageBufferBindingSize;
	const maxModels = Math.floor(limit / (4 * d));
	if (maxModels < 1) throw new Error(`predict: ${d} features: one model's weights are more than one GPU binding holds`);
	if (K > maxModels) return predictInSlices(gpu, models, matrix, maxModels, options);
	const maxRows = Math.max(1, Math.floor(limit / (4 * Math.max(matrix.format === 'dense' ? d : 1, K))) - 1);
	const chunkRows = Math.max(1, Math.min(options.chunkRows ?? maxRows, maxRows));
	const entry = matrix.format === 'dense' ? 'main' : 'main_csr';
	const pipeline = cachedPipeline(device, 'predict', predictSource, entry, { WORKGROUP_SIZE: PREDICT_WORKGROUP_SIZE });
	const maxGroups = device.limits.maxComputeWorkgroupsPerDimension;
	const created: GPUBuffer[] = [];
	const keep = (buffer: GPUBuffer): GPUBuffer => (created.push(buffer), buffer);
	// Feature-major, so the invocations of neighbouring models read neighbouring words.
	const coefByFeature = new Float32Array(K * d);
	for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) coefByFeature[j * K + k] = models.coef[k * d + j]!;
	device.pushErrorScope('validation');
	try {
		const coef = keep(uploadBuffer(device, coefByFeature));
		const intercept = keep(uploadBuffer(device, models.intercept));
		for (let first = 0; first < m; ) {
			let last = Math.min(m, first + chunkRows);
			let rowsOf: Record<number, GPUBuffer>;
			if (matrix.format === 'dense') {
				rowsOf = { 5: keep(uploadBuffer(device, matrix.values.subarray(first * d, last * d))) };
			} else {
				// A chunk's pairs must fit one binding too.
				while (last > first + 1 && (matrix.indptr[last]! - matrix.indptr[first]!) * 4 > limit) last = first + Math.ceil((last - first) / 2);
				const stream = csrChunk(matrix, first, last);
				rowsOf = { 6: keep(uploadBuffer(device, stream.rows)), 7: keep(uploadBuffer(device, stream.indices)), 8: keep(uploadBuffer(device, stream.values)) };
			}
			const rows = last - first;
			const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
			const scoreBuffer = keep(device.createBuffer({ size: rows * K * 4, usage }));
			const labelBuffer = keep(device.createBuffer({ size: rows * K * 4, usage }));
			const uniform = keep(uniformOf(device, [K, d, rows, 0]));
			const encoder = device.createCommandEncoder();
			const pass = encoder.beginComputePass();
			pass.setPipeline(pipeline);
			pass.setBindGroup(0, bindNumbered(device, pipeline, { 0: uniform, 1: coef, 2: intercept, 3: scoreBuffer, 4: labelBuffer, ...rowsOf }));
			// Rows beyond one dimension's limit spill into z (the shader folds y and z back together).
			const rowGroups = Math.min(rows, maxGroups);
			pass.dispatchWorkgroups(Math.ceil(K / PREDICT_WORKGROUP_SIZE), rowGroups, Math.ceil(rows / rowGroups));
			pass.end();
			device.queue.submit([encoder.finish()]);
			scores.set(new Float32Array(await readBuffer(device, scoreBuffer, rows * K * 4)), first * K);
			const labels = new Uint32Array(await readBuffer(device, labelBuffer, rows * K * 4));
			for (let i = 0; i < labels.length; i++) positive[first * K + i] = labels[i]!;
			first = last;
		}
		await throwValidationError(device, 'predict');
		return { scores, positive };
	} finally {
		await device.queue.onSubmittedWorkDone();
		for (const buffer of created) buffer.destroy();
	}
}

/** Models in slices of `size` whose weights fit one binding, their scores interleaved back. */
async function predictInSlices(gpu: GpuContext, models: WeightRows, matrix: FeatureMatrix, size: number, options: { chunkRows?: number }): Promise<GpuScores> {
	const K = models.intercept.length;
	const d = models.featureCount;
	const m = matrix.rowCount;
	const scores = new Float32Array(m * K);
	const positive = new Uint8Array(m * K);
	for (let from = 0; from < K; from += size) {
		const to = Math.min(K, from + size);
		const part = await predictGpu(gpu, { coef: models.coef.subarray(from * d, to * d), intercept: models.intercept.subarray(from, to), featureCount: d }, matrix, options);
		const width = to - from;
		for (let i = 0; i < m; i++) {
			scores.set(part.scores.subarray(i * width, (i + 1) * width), i * K + from);
			positive.set(part.positive.subarray(i * width, (i + 1) * width), i * K + from);
		}
	}
	return { scores, positive };
}
