/**
 * The wrapper of shaders/sgd_dense.wgsl: one dispatch runs, for the configurations of the given
 * workgroups, the SGD steps whose batches start in [first, end) of the epoch's order. Owns the
 * bindings, the workgroup shape and the Window uniform's layout.
 *
 * Shape: a workgroup of ≤ 64 invocations is `group` configurations × `lanes` invocations, lanes
 * = the power of two ≥ d/8, so each invocation keeps at most 8 weights (and 8 averaged ones) in
 * registers; d ≤ 512 (wider data trains through sgd_csr.wgsl, weights in global memory).
 *
 * The bound it aims at, per epoch of N rows, K configurations, d features, batch 1:
 *   - dependent steps: N per configuration (SGD is sequential); each step is d/lanes ≤ 8
 *     multiply-adds, one workgroup barrier, `lanes` reads of workgroup memory and ≤ 8 updates,
 *     all on registers: ~100–200 cycles, so about N × 0.1 µs per epoch whatever K is;
 *   - flops: 4·N·d·K (dot product and update, multiply and add each);
 *   - bytes read from global memory: N·d·4 per workgroup (the staged tiles; ⌈K/group⌉
 *     workgroups, mostly L2 hits) + N·4 of the order per seed, and 2·d·K·4 per dispatch to load
 *     and store the weights.
 * At K = 1024, N = 10⁵, d = 32, 10 epochs that is 10⁶ dependent steps (≈0.1–0.2 s at ~2 GHz),
 * 1.3·10¹¹ flops (≈3 ms of an H200's fp32 rate) and 8 GB of tile reads over 64 workgroups, of a
 * 12.8 MB x that stays in L2 (≈1 ms): latency-bound, under the 0.25 s aimed at (an estimate: no
 * H200 was at hand to measure it). The objective pass (hinge-objective.ts) adds K·d per epoch and
 * K·N·d multiply-adds after the last.
 */
import denseSource from '../../../shaders/sgd_dense.wgsl?raw';
import { bindBuffers, cachedPipeline, uniformOf } from './device';
import { withRecords } from './sgd-layout';

/** Invocations per workgroup. */
export const DENSE_WORKGROUP = 64;
/** Weights per invocation (the shader's PER_LANE). */
const PER_LANE = 8;
/** The widest dense data the register kernel takes. */
export const MAX_DENSE_FEATURES = DENSE_WORKGROUP * PER_LANE;
/** Floats of staged rows per workgroup (8 KB): the shader's TILE_FLOATS. */
const TILE_FLOATS = 2048;

export interface DenseShape {
	lanes: number;
	group: number;
	tileRows: number;
}

/**
 * lanes: the power of two ≥ d/8; group: as many configurations as fill 64 invocations, fewer
 * when no (seed, batch) set has that many (idle columns cost registers and barriers).
 */
export function denseShape(featureCount: number, largestSet = DENSE_WORKGROUP): DenseShape {
	if (featureCount > MAX_DENSE_FEATURES) throw new Error(`the dense kernel takes at most ${MAX_DENSE_FEATURES} features, got ${featureCount}`);
	let lanes = 1;
	while (lanes * PER_LANE < featureCount) lanes *= 2;
	let group = 1;
	while (group < Math.min(largestSet, DENSE_WORKGROUP / lanes)) group *= 2;
	// The shader's TILE_ROWS (256) and TILE_FLOATS bound a tile.
	return { lanes, group, tileRows: Math.min(256, Math.floor(TILE_FLOATS / Math.max(1, featureCount))) };
}

export interface SgdBuffers {
	configs: GPUBuffer;
	states: GPUBuffer;
	weights: GPUBuffer;
	averageWeights: GPUBuffer;
	/** Margin flags of batch rows past 32: flagWords per (column, lane). */
	flags: GPUBuffer;
	flagWords: number;
	/** Path snapshots written by the dense kernel (sgd-path.ts); 16 bytes when none are recorded. */
	snapshots: GPUBuffer;
	columns: number;
	featureCount: number;
	rowCount: number;
}

export interface DenseWindow {
	first: number;
	end: number;
	/** index[slot · stride + position − base] is the row (top bit: label −1) of a position. */
	x: GPUBuffer;
	index: GPUBuffer;
	base: number;
	stride: number;
	/** Positions below this are in the index. */
	reach: number;
	/** The workgroups [groupOffset, groupOffset + groupCount) of the column plan. */
	groupOffset: number;
	groupCount: number;
	epoch: number;
	/** This epoch's path snapshots (gpu/sgd-path.ts); none without. */
	snapshot?: DenseSnapshot;
}

/** Where the kernel writes an epoch's path snapshots (the Window's snap_* fields). */
export interface DenseSnapshot {
	/** Snapshot after every `every`-th step of the run… */
	every: number;
	/** …into snapshot offset + steps / every… */
	offset: number;
	/** …the run's steps counted from before this epoch's `stepsBefore`… */
	stepsBefore: number;
	/** …and, at the epoch's end, into this one (null: the end is on the cadence). */
	end: number | null;
}

/** The shader's NO_SNAPSHOT. */
const NO_SNAPSHOT = 0xffffffff;

const code = withRecords(denseSource);

/** Encodes one dispatch into `pass`; the uniform it makes is pushed to `created` (destroy after the submit). */
export function encodeDenseSteps(device: GPUDevice, pass: GPUComputePassEncoder, buffers: SgdBuffers, shape: DenseShape, window: DenseWindow, created: GPUBuffer[]): void {
	const pipeline = cachedPipeline(device, 'sgd_dense', code, 'train', { LANES: shape.lanes, GROUP: shape.group });
	const uniform = uniformOf(device, [
		buffers.columns,
		buffers.featureCount,
		buffers.rowCount,
		window.first,
		window.end,
		window.base,
		window.stride,
		window.reach,
		window.groupOffset,
		window.epoch,
		buffers.flagWords,
		shape.tileRows,
		window.snapshot?.every ?? 0,
		window.snapshot?.offset ?? 0,
		window.snapshot?.stepsBefore ?? 0,
		window.snapshot?.end ?? NO_SNAPSHOT
	]);
	created.push(uniform);
	pass.setPipeline(pipeline);
	pass.setBindGroup(0, bindBuffers(device, pipeline, [uniform, buffers.configs, buffers.states, buffers.weights, buffers.averageWeights, window.x, window.index, buffers.flags, buffers.snapshots]));
	pass.dispatchWorkgroups(window.groupCount);
}
