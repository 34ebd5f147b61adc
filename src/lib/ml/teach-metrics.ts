/**
 * Train and test numbers of a linear model along a recorded SGD path, for the teaching page:
 * the mean hinge loss max(0, 1 − y·(w·x + b)) (no penalty term: the loss a held-out set can be
 * compared on) and the accuracy, where a score > 0 predicts the positive class as
 * scikit-learn's `predict` does (classes_[scores > 0]).
 */

/** Rows of d features, row-major, with labels ±1. */
export interface LabelledRows {
	x: Float32Array;
	y: Int8Array;
}

export interface LinearMetrics {
	/** Mean hinge loss; NaN for an empty set. */
	loss: number;
	/** Fraction of rows on their own side of the boundary, in [0, 1]; NaN for an empty set. */
	accuracy: number;
}

/**
 * The metrics of the model stored at `offset` in `weights` (d weights then the bias, as a path
 * point is). Throws when x does not hold y.length rows of d features.
 */
export function linearMetrics(rows: LabelledRows, weights: Float32Array, d: number, offset = 0): LinearMetrics {
	const n = rows.y.length;
	if (rows.x.length !== n * d) throw new Error(`metrics: ${rows.x.length} values are not ${n} rows of ${d} features`);
	if (n === 0) return { loss: Number.NaN, accuracy: Number.NaN };
	const bias = weights[offset + d]!;
	let loss = 0;
	let right = 0;
	for (let i = 0; i < n; i++) {
		let score = bias;
		for (let k = 0; k < d; k++) score += weights[offset + k]! * rows.x[i * d + k]!;
		const margin = rows.y[i]! > 0 ? score : -score;
		if (margin < 1) loss += 1 - margin;
		if ((score > 0 ? 1 : -1) === rows.y[i]) right++;
	}
	return { loss: loss / n, accuracy: right / n };
}

export interface PathTiming {
	/** SGD steps between two recorded points. */
	stepsPerPoint: number;
	stepsPerEpoch: number;
}

/** The index of the path point nearest epoch `epoch` (a real number of epochs from the start). */
export function pointAtEpoch(epoch: number, timing: PathTiming): number {
	return Math.round((epoch * timing.stepsPerEpoch) / timing.stepsPerPoint);
}

export interface MetricCurves {
	/** 0, 1, 2, … up to the last whole epoch the path reached. */
	epochs: number[];
	train: LinearMetrics[];
	test: LinearMetrics[];
}

/**
 * Train and test metrics at epoch 0 (the start) and at the end of every epoch the path reaches.
 * A path that stopped early (diverged, or converged by the tolerance rule) ends its curves at
 * its last point, which is added when it falls between two epochs.
 */
export function metricCurves(path: Float32Array, d: number, timing: PathTiming, train: LabelledRows, test: LabelledRows): MetricCurves {
	const width = d + 1;
	const points = Math.floor(path.length / width);
	const curves: MetricCurves = { epochs: [], train: [], test: [] };
	const add = (epoch: number, index: number) => {
		curves.epochs.push(epoch);
		curves.train.push(linearMetrics(train, path, d, index * width));
		curves.test.push(linearMetrics(test, path, d, index * width));
	};
	if (points === 0) return curves;
	const lastEpoch = ((points - 1) * timing.stepsPerPoint) / timing.stepsPerEpoch;
	for (let epoch = 0; epoch <= lastEpoch + 1e-9; epoch++) add(epoch, Math.min(points - 1, pointAtEpoch(epoch, timing)));
	if (curves.epochs[curves.epochs.length - 1]! < lastEpoch - 1e-9) add(lastEpoch, points - 1);
	return curves;
}
