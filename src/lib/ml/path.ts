/**
 * Recording an SGD trajectory: the start point, every k-th step and the last step, each as the
 * weights followed by the bias (d + 1 floats), so the loss-surface drawing can replay the path.
 * The rate is bounded by points, not by time: however many epochs a run has, its path keeps at
 * most PATH_POINTS points and PATH_FLOATS floats (`pathPlan`), so a 600-epoch run costs the
 * same few hundred O(d) copies as a 6-epoch one, and the model that carries it stays small.
 */

/** A recorded path keeps at most this many points… */
export const PATH_POINTS = 240;
/** …and at most this many floats in all (4 MiB): wide hashed models keep fewer points. */
export const PATH_FLOATS = 1 << 20;
/**
 * A grid cell's paths share this many floats in all (8 MiB), split evenly among its binary
 * configurations (each still at most PATH_FLOATS), so that the grid stays cheap to hand from
 * worker to page to cache: 64 configurations over 1024 hashed buckets keep 31 points each;
 * 9 over 2^18 buckets keep none, and the loss-surface panel records the best ones' paths on
 * their own when it shows them (ml/path-replay.ts).
 */
export const GRID_PATH_FLOATS = 2 * PATH_FLOATS;
/** Fewer points than this cannot span a plane of principal directions: none are kept. */
const MIN_POINTS = 3;

export interface PathPlan {
	/** Steps between recorded points: pass as SgdOptions.onStepEvery and to createPathRecorder. */
	everySteps: number;
	/** Points the path will hold at most (the start, every k-th step and the last). */
	maxPoints: number;
}

/**
 * How to record the path of a run of `totalSteps` SGD steps over `featureCount` weights within
 * PATH_POINTS and PATH_FLOATS, or null when not even MIN_POINTS points fit (d ≥ 2^18 · 4/3 or
 * so): the surface then uses random directions. d = 2^18 keeps 3 points (start, middle, end).
 */
export function pathPlan(featureCount: number, totalSteps: number, floats = PATH_FLOATS): PathPlan | null {
	const maxPoints = Math.min(PATH_POINTS, Math.floor(Math.min(floats, PATH_FLOATS) / (featureCount + 1)));
	if (maxPoints < MIN_POINTS) return null;
	return { everySteps: pathCadence(totalSteps, maxPoints), maxPoints };
}

/** The floats each of a grid's `configurations` paths may keep: its share of GRID_PATH_FLOATS. */
export function gridPathFloats(configurations: number): number {
	return Math.min(PATH_FLOATS, Math.floor(GRID_PATH_FLOATS / Math.max(1, configurations)));
}

/**
 * Why a model of `featureCount` weights keeps no path within `floats` (pathPlan gave null), in
 * words for the loss-surface panel, e.g. "at 524,288 weights the 3 points a plane needs take
 * 6 MiB, more than the 4 MiB a path may keep", or "at 262,144 weights one point of a path takes
 * 1 MiB, more than the 0.89 MiB each of this grid's 9 configurations may keep".
 */
export function tooWideForPath(featureCount: number, floats = PATH_FLOATS, configurations = 1): string {
	const room = Math.min(floats, PATH_FLOATS);
	const point = featureCount + 1;
	const where = configurations > 1 ? `each of this grid's ${configurations} configurations may keep` : 'a path may keep';
	const need = point > room ? `one point of a path takes ${mebibytes(point)}` : `the ${MIN_POINTS} points a plane needs take ${mebibytes(point * MIN_POINTS)}`;
	return `at ${featureCount.toLocaleString('en-US')} weights ${need}, more than the ${mebibytes(room)} ${where}`;
}

/** Float32s as MiB, e.g. "4 MiB", "0.89 MiB". */
function mebibytes(floats: number): string {
	const mib = (floats * 4) / (1 << 20);
	return `${mib >= 1 ? mib.toFixed(1).replace(/\.0$/, '') : mib.toFixed(2)} MiB`;
}

export interface PathRecorder {
	/** Pass as SgdOptions.onStep (with onStepEvery = everySteps: other steps are not copied). */
	onStep(step: number, weights: Float32Array, bias: number): void;
	/**
	 * points × (d + 1), row-major: w_1 … w_d, b. Pass the trained model to end the path at it
	 * (it is appended unless its step was recorded); without it the path ends at the last
	 * recorded point (a run that threw has no trained model).
	 */
	finish(last?: { weights: Float32Array; bias: number }): Float32Array;
}

/**
 * Copies only on recorded steps (step % everySteps = 0): a step of sparse SGD costs O(nnz), a
 * copy O(d). A step off the cadence is only noted, as the trainer's last step may be.
 */
export function createPathRecorder(featureCount: number, everySteps: number): PathRecorder {
	if (!Number.isInteger(everySteps) || everySteps < 1) throw new Error(`path: everySteps must be an integer ≥ 1, got ${everySteps}`);
	const width = featureCount + 1;
	let points = new Float32Array(width * 16);
	let length = 0;
	let lastStep = -1;
	let lastRecorded = -1;
	const push = (weights: Float32Array, bias: number) => {
		if (length + width > points.length) {
			const grown = new Float32Array(points.length * 2);
			grown.set(points);
			points = grown;
		}
		points.set(weights.subarray(0, featureCount), length);
		points[length + featureCount] = bias;
		length += width;
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
			return points.slice(0, length);
		}
	};
}

/** How many points a path holds. */
export function pathLength(path: Float32Array, featureCount: number): number {
	return path.length / (featureCount + 1);
}

/**
 * Steps between recorded points so that a run of `totalSteps` keeps at most `maxPoints` points,
 * its start and its last step included.
 */
export function pathCadence(totalSteps: number, maxPoints: number): number {
	return Math.max(1, Math.ceil(totalSteps / Math.max(1, maxPoints - 1)));
}
