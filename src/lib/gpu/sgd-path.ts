/**
 * Recording each configuration's path on the GPU, as ml/sgd.ts's onStep records it on the CPU:
 * the start point, the model after every `every`-th step (steps counted over the whole run) and
 * after the last step. The dense kernel writes them itself (sgd_dense.wgsl's `snapshot`: each
 * column's v, wscale, bias and failed epoch) after each step where the CPU's hook would fire and
 * at each epoch's end, into one buffer; the host reads it once, after the last epoch, and forms
 * each point as ml/weight-vector.ts's `materialise` does (w = f32(v · wscale), b).
 *
 * Why in the kernel: the teaching page draws every step (or every k-th), not every epoch. Cutting
 * the dispatches there and copying the buffers between them was the first version: one dispatch
 * a step made a 16-path fan of 1000 steps take 4 s on SwiftShader in Chromium; in the kernel,
 * the epoch stays one dispatch.
 *
 * Limits (the callers say so): plain SGD only (no averaging), one batch size for all
 * configurations, dense rows in the register kernel.
 */
import type { DenseSnapshot } from './sgd-dense';

/** Where a snapshot was taken: after `step` steps, in `epoch` (0: the start). */
export interface SnapshotTag {
	epoch: number;
	step: number;
	/** On the `every` cadence (or the start). */
	cadence: boolean;
}

export interface PathCuts {
	/** Per epoch (index epoch − 1): the positions after which a snapshot is taken, ascending; the last is always n. */
	cuts: number[][];
	/** One per snapshot, in order, the start first. */
	tags: SnapshotTag[];
	/** Per epoch (index epoch − 1): where the kernel writes its snapshots. */
	windows: DenseSnapshot[];
}

/**
 * The cut positions of `epochs` epochs of n rows in batches of `batch`, hooking every `every`
 * steps exactly as trainBinarySgd's loop does (its `stepsToHook`), plus each epoch's end.
 */
export function planCuts(n: number, batch: number, every: number, epochs: number): PathCuts {
	if (!Number.isInteger(every) || every < 1) throw new Error(`path: every must be an integer ≥ 1, got ${every}`);
	const cuts: number[][] = [];
	const tags: SnapshotTag[] = [{ epoch: 0, step: 0, cadence: true }];
	const windows: DenseSnapshot[] = [];
	let done = 0;
	let offCadence = 0;
	for (let epoch = 1; epoch <= epochs; epoch++) {
		// A cadence snapshot after s steps is number s / every + the epoch ends off the cadence before it.
		const window: DenseSnapshot = { every, offset: offCadence, stepsBefore: done, end: null };
		const here: number[] = [];
		let from = 0;
		while (from < n) {
			const to = Math.min(n, from + (every - (done % every)) * batch);
			done += Math.ceil((to - from) / batch);
			from = to;
			const cadence = done % every === 0;
			if (cadence || to === n) {
				here.push(to);
				if (!cadence) {
					window.end = tags.length;
					offCadence++;
				}
				tags.push({ epoch, step: done, cadence });
			}
		}
		cuts.push(here);
		windows.push(window);
	}
	return { cuts, tags, windows };
}

/** Per column of a snapshot after its weights: wscale, bias, failed (the kernel's layout). */
const SNAPSHOT_STATE = 3;

/** Words of one snapshot: the feature-major weights v, then (wscale, bias, failed) per column. */
export function snapshotWords(columns: number, featureCount: number): number {
	return columns * (featureCount + SNAPSHOT_STATE);
}

/** Snapshot 0, the start: every column at `start` (zeros without), wscale 1, bias 0, not failed. */
export function startSnapshot(columns: number, featureCount: number, start: Float32Array | undefined): Float32Array<ArrayBuffer> {
	const words = new Float32Array(snapshotWords(columns, featureCount));
	if (start) for (let j = 0; j < featureCount; j++) words.fill(start[j]!, j * columns, (j + 1) * columns);
	for (let column = 0; column < columns; column++) words[columns * featureCount + column * SNAPSHOT_STATE] = 1;
	return words;
}

export interface ColumnRun {
	column: number;
	/** Epochs it ran. */
	epochs: number;
	/** The epoch whose objective or model was not finite (the CPU throws at that epoch's end), or 0. */
	failedAtEnd: number;
}

/**
 * A configuration's path, points × (d + 1) (weights then bias), from the snapshots read back:
 * the start, its cadence points up to its last epoch, and its final model when its last step
 * was off the cadence. A run that failed ends where the CPU's recorder stopped: before the
 * dispatch in which a margin overflowed (State.failed is set from there on), or at the end of
 * the epoch whose objective or model was not finite (no final point: the CPU trainer threw).
 * Non-finite points are kept: the caller cuts the path at its first one, as for the CPU's.
 */
export function columnPath(snapshots: Float32Array, tags: readonly SnapshotTag[], columns: number, featureCount: number, run: ColumnRun): Float32Array {
	const d = featureCount;
	const size = snapshotWords(columns, d);
	const words = new Uint32Array(snapshots.buffer, snapshots.byteOffset, snapshots.length);
	const lastEpoch = run.failedAtEnd > 0 ? run.failedAtEnd : run.epochs;
	const points: number[] = [];
	for (const [index, tag] of tags.entries()) {
		if (tag.epoch > lastEpoch) break;
		const state = index * size + columns * d + run.column * SNAPSHOT_STATE;
		if (words[state + 2] !== 0) break;
		// Off the cadence only an epoch's end is snapshotted: it is kept as the final model.
		if (!tag.cadence && !(tag.epoch === run.epochs && run.failedAtEnd === 0)) continue;
		const wscale = snapshots[state]!;
		for (let j = 0; j < d; j++) points.push(Math.fround(snapshots[index * size + j * columns + run.column]! * wscale));
		points.push(snapshots[state + 1]!);
	}
	return Float32Array.from(points);
}

