/**
 * The wrapper of shaders/sgd_csr.wgsl: one dispatch runs, for one seed slot's workgroups, the SGD
 * steps whose batches start in [first, end) of the epoch's order, over a window of rows gathered
 * in that order (csr-stream.ts). Owns the bindings, the workgroup shape and the Window layout.
 * It trains CSR data (hashed text), and dense data too wide for the register kernel or too big
 * for one binding (as the pairs of its non-zeros, with the dense intercept decay).
 *
 * Shape: `group` (≤ 8) configurations × 32 lanes per workgroup; a row's non-zeros are split
 * across the 32 lanes; the weights stay in global memory, feature-major, so the group's
 * configurations read one feature's weights from one 32-byte sector.
 *
 * The bound it aims at, per epoch of N rows holding Z non-zeros (z = Z/N per row), K
 * configurations, d features, batch 1:
 *   - dependent steps: N per configuration; each step is ⌈z/32⌉ gathers of v per lane, one
 *     workgroup barrier, 32 reads of workgroup memory, ⌈z/32⌉ read-modify-writes of v, and two
 *     storage barriers: about two round trips to L2 (≈0.5–1 µs), whatever K is;
 *   - flops: 4·Z·K (dot product and update);
 *   - bytes: v is read and written at each visited non-zero, 8·Z·K per epoch in 32-byte sectors
 *     shared by 8 configurations (16 with averaging), the pairs 8·Z per workgroup (staged tiles,
 *     ⌈K/8⌉ workgroups) + 8·Z uploaded per seed; a reset of wscale (rare) costs d per column.
 * Text at K = 256, N = 10⁵ documents of ~150 distinct tokens, 2^18 buckets: 10⁵ dependent steps an
 * epoch (≈0.05–0.1 s, an estimate), 1.5·10¹⁰ flops, ~31 GB of sector traffic an epoch (≈7 ms at
 * HBM rate); v is 256 MB. The host gathers each window (O(non-zeros) per epoch and seed) while the
 * GPU runs the previous one.
 */
import csrSource from '../../../shaders/sgd_csr.wgsl?raw';
import { bindBuffers, cachedPipeline, uniformOf } from './device';
import type { SgdBuffers } from './sgd-dense';
import { withRecords } from './sgd-layout';

export const CSR_LANES = 32;
/** At most this many configurations per workgroup: 8 columns of f32 fill a 32-byte sector. */
export const CSR_MAX_GROUP = 8;

/** The smallest power of two ≥ the largest set of configurations that can share a workgroup, at most 8. */
export function csrGroup(largestSet: number): number {
	let group = 1;
	while (group < Math.min(largestSet, CSR_MAX_GROUP)) group *= 2;
	return group;
}

export interface CsrWindow {
	first: number;
	end: number;
	/** The position of rows[0]. */
	base: number;
	/** Positions below this are in the window. */
	reach: number;
	pairs: number;
	/** rows[p − base]: the first pair of position p (top bit: label −1); rows[reach − base] = pairs. */
	rows: GPUBuffer;
	indices: GPUBuffer;
	values: GPUBuffer;
	groupOffset: number;
	groupCount: number;
	epoch: number;
}

const code = withRecords(csrSource);

/** Encodes one dispatch into `pass`; the uniform it makes is pushed to `created`. */
export function encodeCsrSteps(device: GPUDevice, pass: GPUComputePassEncoder, buffers: SgdBuffers, group: number, window: CsrWindow, created: GPUBuffer[]): void {
	const pipeline = cachedPipeline(device, 'sgd_csr', code, 'train', { LANES: CSR_LANES, GROUP: group });
	const uniform = uniformOf(device, [
		buffers.columns,
		buffers.featureCount,
		buffers.rowCount,
		window.first,
		window.end,
		window.base,
		window.reach,
		window.pairs,
		window.groupOffset,
		window.epoch,
		buffers.flagWords,
		0
	]);
	created.push(uniform);
	pass.setPipeline(pipeline);
	pass.setBindGroup(
		0,
		bindBuffers(device, pipeline, [uniform, buffers.configs, buffers.states, buffers.weights, buffers.averageWeights, window.rows, window.indices, window.values, buffers.flags])
	);
	pass.dispatchWorkgroups(window.groupCount);
}
