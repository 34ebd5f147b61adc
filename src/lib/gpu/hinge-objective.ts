/**
 * The wrapper of shaders/hinge_objective.wgsl: the full-data objective of every running column
 * after an epoch, and whether its model is finite. Owns the data's static upload (dense chunks,
 * or CSR row streams) and the Pass uniform's layout.
 *
 * The bound: after most epochs only ‖w‖² (K·d multiply-adds, 4·K·d bytes), the hinge being the
 * running estimate SGD summed as it went; after a configuration's last epoch also the exact
 * hinge over N rows with Z stored entries (N·d dense): K·Z multiply-adds, one invocation per
 * (column, block of rows), neighbouring invocations reading neighbouring weights of one feature
 * and the same x; bytes: the data once per 64 columns (L2 hits after the first), 4·K·Z of
 * weights in 32-byte sectors. No dependent chain longer than one block (≥ 256 rows).
 */
import objectiveSource from '../../../shaders/hinge_objective.wgsl?raw';
import type { FeatureMatrix } from '../data/feature-matrix';
import { csrChunk } from './csr-stream';
import { bindNumbered, cachedPipeline, uniformOf, uploadBuffer } from './device';
import { withRecords } from './sgd-layout';

export const OBJECTIVE_WORKGROUP_SIZE = 64;

const code = withRecords(objectiveSource);

export interface ObjectiveModels {
	configs: GPUBuffer;
	states: GPUBuffer;
	weights: GPUBuffer;
	averageWeights: GPUBuffer;
	columns: number;
	featureCount: number;
}

export type ObjectiveChunk =
	| { format: 'dense'; x: GPUBuffer; y: GPUBuffer; rowCount: number; firstBlock: number }
	| { format: 'csr'; rows: GPUBuffer; indices: GPUBuffer; values: GPUBuffer; rowCount: number; firstBlock: number };

export interface ObjectiveData {
	chunks: ObjectiveChunk[];
	blockRows: number;
	blocks: number;
	n: number;
	blockFeatures: number;
	featureBlocks: number;
}

/** Per epoch: partials (columns × blocks), squares (columns × featureBlocks); per epoch and column: objectives, status. */
export interface ObjectiveOutputs {
	partials: GPUBuffer;
	squares: GPUBuffer;
	objectives: GPUBuffer;
	status: GPUBuffer;
}

/**
 * Uploads the training rows once, in chunks of at most `chunkRows` rows that each fit one
 * storage binding. Every buffer made is pushed to `created`.
 */
export function uploadObjectiveData(device: GPUDevice, matrix: FeatureMatrix, y: Int8Array, chunkRows: number, created: GPUBuffer[]): ObjectiveData {
	const n = matrix.rowCount;
	const d = matrix.featureCount;
	const upload = (view: ArrayBufferView): GPUBuffer => {
		const buffer = uploadBuffer(device, view);
		created.push(buffer);
		return buffer;
	};
	const limit = Math.floor(device.limits.maxStorageBufferBindingSize / 4);
	const maxWorkgroups = device.limits.maxComputeWorkgroupsPerDimension;
	// A CSR chunk's rows array holds rows + 1 words; a dense chunk rows × d floats.
	const maxRows = matrix.format === 'dense' ? Math.floor(limit / Math.max(1, d)) : limit - 1;
	const firsts: number[] = [];
	let largest = 0;
	for (let first = 0; first < n; ) {
		firsts.push(first);
		let last = Math.min(n, first + chunkRows, first + maxRows);
		if (matrix.format === 'csr') {
			// Shrink until the chunk's pairs fit a binding (one row always fits: it has ≤ d ≤ limit pairs).
			while (last > first + 1 && matrix.indptr[last]! - matrix.indptr[first]! > limit) last = first + Math.ceil((last - first) / 2);
		}
		largest = Math.max(largest, last - first);
		first = last;
	}
	const blockRows = Math.max(256, Math.ceil(largest / maxWorkgroups));
	const labels = Float32Array.from(y);
	let blocks = 0;
	const chunks = firsts.map((first, index): ObjectiveChunk => {
		const last = firsts[index + 1] ?? n;
		const firstBlock = blocks;
		blocks += Math.ceil((last - first) / blockRows);
		if (matrix.format === 'dense') {
			return { format: 'dense', x: upload(matrix.values.subarray(first * d, last * d)), y: upload(labels.subarray(first, last)), rowCount: last - first, firstBlock };
		}
		const stream = csrChunk(matrix, first, last, y);
		return { format: 'csr', rows: upload(stream.rows), indices: upload(stream.indices), values: upload(stream.values), rowCount: last - first, firstBlock };
	});
	const blockFeatures = Math.max(1024, Math.ceil(d / maxWorkgroups));
	return { chunks, blockRows, blocks, n, blockFeatures, featureBlocks: Math.ceil(d / blockFeatures) };
}

/**
 * Encodes the objective of epoch slot / columns into objectives[slot …], status[slot …]; the
 * passes over the rows only when some column's objective is `exact` this epoch.
 */
export function encodeObjective(
	device: GPUDevice,
	encoder: GPUCommandEncoder,
	models: ObjectiveModels,
	data: ObjectiveData,
	outputs: ObjectiveOutputs,
	slot: number,
	exact: boolean,
	created: GPUBuffer[]
): void {
	const pipeline = (entry: string) => cachedPipeline(device, 'hinge_objective', code, entry, { WORKGROUP_SIZE: OBJECTIVE_WORKGROUP_SIZE });
	const uniform = (rows: number, firstBlock: number) => {
		const buffer = uniformOf(device, [models.columns, models.featureCount, rows, data.blockRows, firstBlock, data.blocks, data.n, slot, data.blockFeatures, data.featureBlocks, 0, 0]);
		created.push(buffer);
		return buffer;
	};
	const common = { 1: models.configs, 2: models.states };
	const weights = { 3: models.weights, 4: models.averageWeights };
	const columnGroups = Math.ceil(models.columns / OBJECTIVE_WORKGROUP_SIZE);
	const pass = encoder.beginComputePass();
	for (const chunk of exact ? data.chunks : []) {
		const entry = chunk.format === 'dense' ? 'partial_dense' : 'partial_csr';
		const rows: Record<number, GPUBuffer> = chunk.format === 'dense' ? { 5: chunk.x, 6: chunk.y } : { 8: chunk.rows, 9: chunk.indices, 10: chunk.values };
		const partial = pipeline(entry);
		pass.setPipeline(partial);
		pass.setBindGroup(0, bindNumbered(device, partial, { 0: uniform(chunk.rowCount, chunk.firstBlock), ...common, ...weights, ...rows, 7: outputs.partials }));
		pass.dispatchWorkgroups(columnGroups, Math.ceil(chunk.rowCount / data.blockRows));
	}
	const squares = pipeline('sum_squares');
	pass.setPipeline(squares);
	pass.setBindGroup(0, bindNumbered(device, squares, { 0: uniform(0, 0), ...common, ...weights, 11: outputs.squares }));
	pass.dispatchWorkgroups(columnGroups, data.featureBlocks);
	const finish = pipeline('finish');
	pass.setPipeline(finish);
	pass.setBindGroup(0, bindNumbered(device, finish, { 0: uniform(0, 0), ...common, 7: outputs.partials, 11: outputs.squares, 12: outputs.objectives, 13: outputs.status }));
	pass.dispatchWorkgroups(columnGroups);
	pass.end();
}
