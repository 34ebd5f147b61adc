/**
 * Recording an SGD trajectory: the start point, every k-th step and the last step, each as the
 * weights followed by the bias (d + 1 floats), so the loss-surface drawing can replay the path.
 */

export interface PathRecorder {
	/** Pass as SgdOptions.onStep. */
	onStep(step: number, weights: Float32Array, bias: number): void;
	/**
	 * points × (d + 1), row-major: w_1 … w_d, b. Pass the trained model to end the path at it
	 * (it is appended unless its step was recorded); without it the path ends at the last
	 * recorded point (a run that threw has no trained model).
	 */
	finish(last?: { weights: Float32Array; bias: number }): Float32Array;
}

/** Copies only on recorded steps: a step of sparse SGD costs O(nnz), a copy O(d). */
export function createPathRecorder(featureCount: number, everySteps: number): PathRecorder {
	if (!Number.isInteger(everySteps) || everySteps < 1) throw new Error(`path: everySteps must be an integer ≥ 1, got ${everySteps}`);
	const points: number[] = [];
	let lastStep = -1;
	let lastRecorded = -1;
	const push = (weights: Float32Array, bias: number) => {
		for (let j = 0; j < featureCount; j++) points.push(weights[j]!);
		points.push(bias);
	};
	return {
		onStep(step, weights, bias) {
			lastStep = step;
			if (step % everySteps !== 0) return;
			push(weights, bias);
			lastRecorded = step;
		},
		finish(last) {
			if (last && lastStep >= 0 && lastRecorded !== lastStep) push(last.weights, last.bias);
			return Float32Array.from(points);
		}
	};
}

/** How many points a path holds. */
export function pathLength(path: Float32Array, featureCount: number): number {
	return path.length / (featureCount + 1);
}

/** Steps between recorded points so that a run of `totalSteps` keeps about `maxPoints` points. */
export function pathCadence(totalSteps: number, maxPoints: number): number {
	return Math.max(1, Math.ceil(totalSteps / Math.max(1, maxPoints - 1)));
}
