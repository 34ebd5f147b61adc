/**
 * One SGD run with its whole path, for the teaching page: every step's (w, b) (or every k-th
 * when there are many), and a run that diverges keeps its path up to the last finite point
 * instead of failing, so the picture can show the steps flying off.
 */
import { createPathRecorder, pathCadence } from './path';
import { trainBinarySgd, type BinaryTrainingData, type SgdOptions } from './sgd';

export interface Trajectory {
	/** points × (d + 1): weights then bias. */
	path: Float32Array;
	/** SGD steps between two points of the path. */
	stepsPerPoint: number;
	stepsPerEpoch: number;
	objectives: number[];
	/** Why the run stopped early (e.g. "weights became Infinity at epoch 3 …"), or null. */
	diverged: string | null;
}

/** The most points sgdTrajectory keeps by default (the GPU fan keeps the same). */
export const TRAJECTORY_POINTS = 3000;

export function sgdTrajectory(data: BinaryTrainingData, options: SgdOptions, maxPoints = TRAJECTORY_POINTS): Trajectory {
	const d = data.matrix.featureCount;
	const stepsPerEpoch = Math.ceil(data.y.length / options.batchSize);
	const stepsPerPoint = pathCadence(stepsPerEpoch * options.epochs, maxPoints);
	const recorder = createPathRecorder(d, stepsPerPoint);
	const objectives: number[] = [];
	let diverged: string | null = null;
	let trained: { weights: Float32Array; bias: number } | undefined;
	try {
		trained = trainBinarySgd(data, {
			...options,
			onEpoch: (epoch, objective) => {
				objectives.push(objective);
				options.onEpoch?.(epoch, objective);
			},
			onStep: recorder.onStep,
			onStepEvery: stepsPerPoint
		});
	} catch (error) {
		diverged = error instanceof Error ? error.message : String(error);
	}
	const path = recorder.finish(trained);
	return { path: finitePrefix(path, d + 1), stepsPerPoint, stepsPerEpoch, objectives, diverged };
}

/** The points before the first one with a non-finite coordinate. */
export function finitePrefix(path: Float32Array, width: number): Float32Array {
	for (let k = 0; k < path.length; k++) {
		if (!Number.isFinite(path[k]!)) return path.slice(0, Math.floor(k / width) * width);
	}
	return path;
}
