/**
 * Recording each configuration's path on the GPU, as ml/sgd.ts's onStep records it on the CPU:
 * the start point, the model after every `every`-th step (steps counted over the whole run) and
 * after the last step. An epoch's dispatches are cut where the CPU's hook would fire (the kernels
 * keep the weights in registers within a dispatch and store them at its end), and at each cut
 * the weights and WeightVector states of every column are copied into one snapshot buffer; the
 * host reads it once, after the last epoch, and forms each point as ml/weight-vector.ts's
 * `materialise` does (w = f32(v · wscale), b).
 *
 * Why snapshots and not the grid's final models run one epoch at a time: the teaching page
 * draws every step (or every k-th), not every epoch, and one readback per run keeps the GPU busy.
 *
 * Limits (the callers say so): plain SGD only (no averaging), one batch size for all
 * configurations, dense rows in the register kernel.
 */
import { STATE, STATE_WORDS } from './sgd-layout';

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
}

/**
 * The cut positions of `epochs` epochs of n rows in batches of `batch`, hooking every `every`
 * steps exactly as trainBinarySgd's loop does (its `stepsToHook`), plus each epoch's end.
 */
export function planCuts(n: number, batch: number, every: number, epochs: number): PathCuts {
	if (!Number.isInteger(every) || every < 1) throw new Error(`path: every must be an integer ≥ 1, got ${every}`);
	const cuts: number[][] = [];
	const tags: SnapshotTag[] = [{ epoch: 0, step: 0, cadence: true }];
	let done = 0;
	for (let epoch = 1; epoch <= epochs; epoch++) {
		const here: number[] = [];
		let from = 0;
		while (from < n) {
			const to = Math.min(n, from + (every - (done % every)) * batch);
			done += Math.ceil((to - from) / batch);
			from = to;
			const cadence = done % every === 0;
			if (cadence || to === n) {
				here.push(to);
				tags.push({ epoch, step: done, cadence });
			}
		}
		cuts.push(here);
	}
	return { cuts, tags };
}

/** Floats of one snapshot: the feature-major weights, then the states. */
export function snapshotFloats(columns: number, featureCount: number): number {
	return columns * (featureCount + STATE_WORDS);
}

/** Encodes one snapshot (`index` in the tag order) of the weights and states into `into`. */
export function encodeSnapshot(encoder: GPUCommandEncoder, weights: GPUBuffer, states: GPUBuffer, into: GPUBuffer, index: number, columns: number, featureCount: number): void {
	const at = index * snapshotFloats(columns, featureCount) * 4;
	encoder.copyBufferToBuffer(weights, 0, into, at, columns * featureCount * 4);
	encoder.copyBufferToBuffer(states, 0, into, at + columns * featureCount * 4, columns * STATE_WORDS * 4);
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
	const size = snapshotFloats(columns, d);
	const words = new Uint32Array(snapshots.buffer, snapshots.byteOffset, snapshots.length);
	const lastEpoch = run.failedAtEnd > 0 ? run.failedAtEnd : run.epochs;
	const points: number[] = [];
	for (const [index, tag] of tags.entries()) {
		if (tag.epoch > lastEpoch) break;
		const state = index * size + columns * d + run.column * STATE_WORDS;
		if (words[state + STATE.failed] !== 0) break;
		// Off the cadence only an epoch's end is snapshotted: it is kept as the final model.
		if (!tag.cadence && !(tag.epoch === run.epochs && run.failedAtEnd === 0)) continue;
		const wscale = snapshots[state + STATE.wscale]!;
		for (let j = 0; j < d; j++) points.push(Math.fround(snapshots[index * size + j * columns + run.column]! * wscale));
		points.push(snapshots[state + STATE.bias]!);
	}
	return Float32Array.from(points);
}

