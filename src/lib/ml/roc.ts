/**
 * ROC and precision–recall curves of a binary scorer, as scikit-learn 1.2 computes them
 * (`roc_curve` with drop_intermediate=False, `precision_recall_curve`, `auc`,
 * `average_precision_score`): thresholds are the distinct scores, highest first; tied scores
 * move together.
 *
 * Built for test sets of 10^5–10^6 rows on the page's thread: the scores of each class are copied
 * into a Float64Array and sorted natively (no comparator, no index objects), then one merge walk
 * from the top emits a point per distinct score into typed arrays. O(n log n) time, O(n) memory,
 * no object per row. `curvePoints` thins a curve to what a chart can show.
 */

/** One point of a curve as a chart draws it. */
export interface CurvePoint {
	x: number;
	y: number;
	/** Score at or above which a row is called positive. */
	threshold: number;
}

/** A curve as parallel arrays: point k is (x[k], y[k]) at threshold[k]. */
export interface Curve {
	x: Float64Array;
	y: Float64Array;
	threshold: Float64Array;
}

export interface BinaryCurves {
	/** (false-positive rate, true-positive rate), from (0, 0) at threshold +∞ to (1, 1). */
	roc: Curve;
	/** (recall, precision), recall rising; starts at (0, 1) at threshold +∞ as sklearn's does. */
	precisionRecall: Curve;
	/** NaN when only one class is present. */
	rocAuc: number;
	/** Σ (R_k − R_{k−1}) P_k: sklearn's average precision (no interpolation); NaN without positives. */
	averagePrecision: number;
	positives: number;
	negatives: number;
}

/**
 * `positive[i]` says whether row i is of the positive class (true or 1); higher scores mean
 * positive. Throws when the lengths differ or a score is NaN (sklearn refuses NaN input too).
 */
export function binaryCurves(scores: ArrayLike<number>, positive: ArrayLike<boolean | number>): BinaryCurves {
	const n = scores.length;
	if (n !== positive.length) throw new Error(`roc: ${n} scores but ${positive.length} labels`);
	let positives = 0;
	for (let i = 0; i < n; i++) {
		if (Number.isNaN(scores[i])) throw new Error(`roc: score ${i} is NaN`);
		if (positive[i]) positives += 1;
	}
	const negatives = n - positives;
	// Each class's scores, ascending: the walk reads them from the end, highest first.
	const pos = new Float64Array(positives);
	const neg = new Float64Array(negatives);
	for (let i = 0, p = 0, q = 0; i < n; i++) {
		if (positive[i]) pos[p++] = scores[i]!;
		else neg[q++] = scores[i]!;
	}
	pos.sort();
	neg.sort();

	// Point 0 is the start (threshold +∞); then one point per distinct score.
	const fpr = new Float64Array(n + 1);
	const tpr = new Float64Array(n + 1);
	const recall = new Float64Array(n + 1);
	const precision = new Float64Array(n + 1);
	const threshold = new Float64Array(n + 1);
	threshold[0] = Infinity;
	precision[0] = 1;
	let points = 1;
	let truePositives = 0;
	let falsePositives = 0;
	let p = positives - 1;
	let q = negatives - 1;
	while (p >= 0 || q >= 0) {
		// The next threshold is the highest score not yet passed; every row tied with it passes with it.
		const next = p < 0 ? neg[q]! : q < 0 ? pos[p]! : Math.max(pos[p]!, neg[q]!);
		while (p >= 0 && pos[p] === next) {
			truePositives++;
			p--;
		}
		while (q >= 0 && neg[q] === next) {
			falsePositives++;
			q--;
		}
		fpr[points] = rate(falsePositives, negatives);
		tpr[points] = rate(truePositives, positives);
		recall[points] = rate(truePositives, positives);
		precision[points] = truePositives / (truePositives + falsePositives);
		threshold[points] = next;
		points++;
	}

	let rocAuc = 0;
	for (let k = 1; k < points; k++) rocAuc += ((fpr[k]! - fpr[k - 1]!) * (tpr[k]! + tpr[k - 1]!)) / 2;
	let averagePrecision = 0;
	for (let k = 1; k < points; k++) averagePrecision += (recall[k]! - recall[k - 1]!) * precision[k]!;
	const thresholds = threshold.subarray(0, points);
	return {
		roc: { x: fpr.subarray(0, points), y: tpr.subarray(0, points), threshold: thresholds },
		precisionRecall: { x: recall.subarray(0, points), y: precision.subarray(0, points), threshold: thresholds },
		rocAuc: positives > 0 && negatives > 0 ? rocAuc : NaN,
		averagePrecision: positives > 0 ? averagePrecision : NaN,
		positives,
		negatives
	};
}

/**
 * The points of a curve a chart needs: the first and last, and each point that moved at least
 * 1/`resolution` of the unit square in x or y from the last one kept (a 300-px chart cannot show
 * finer steps). A curve of 10^5 distinct scores becomes a few hundred points; one that is already
 * coarse keeps every point.
 */
export function curvePoints(curve: Curve, resolution = 1024): CurvePoint[] {
	const count = curve.x.length;
	const step = 1 / resolution;
	const points: CurvePoint[] = [];
	let lastX = NaN;
	let lastY = NaN;
	for (let k = 0; k < count; k++) {
		const x = curve.x[k]!;
		const y = curve.y[k]!;
		const keep = k === 0 || k === count - 1 || Math.abs(x - lastX) >= step || Math.abs(y - lastY) >= step;
		if (!keep) continue;
		points.push({ x, y, threshold: curve.threshold[k]! });
		lastX = x;
		lastY = y;
	}
	return points;
}

/** The curves of one class against the rest, named for a legend. */
export interface ClassCurves {
	/** "positive class '1'" (binary) or "'b' vs rest" (one-vs-rest). */
	label: string;
	/** Index into the classes. */
	positive: number;
	curves: BinaryCurves;
}

/**
 * ROC and precision–recall curves of a model's decision values: `scores` is rows × k row-major
 * (k = 1 for a binary model, whose score is for classes[1]; one per class for one-vs-rest),
 * `actual` each row's class index. Binary: one curve for `positive` (a class index, see
 * `positiveClassIndex`); when that is classes[0] its score is the negated decision value, as
 * scikit-learn's `roc_curve(y, -decision_function(X), pos_label=classes[0])`. More classes: one
 * curve per class against the rest.
 */
export function curvesByClass(scores: ArrayLike<number>, actual: ArrayLike<number>, classes: readonly string[], positive: number): ClassCurves[] {
	const n = actual.length;
	if (n === 0) return [];
	const stride = scores.length / n;
	if (!Number.isInteger(stride) || stride < 1) throw new Error(`roc: ${scores.length} scores for ${n} rows`);
	const targets = stride === 1 ? [positive] : classes.map((_, k) => k);
	const column = new Float64Array(n);
	const isPositive = new Uint8Array(n);
	return targets.map((k) => {
		// Binary scores stand for classes[1]; the other class ranks by their negation.
		const sign = stride === 1 && k === 0 ? -1 : 1;
		for (let i = 0; i < n; i++) {
			column[i] = sign * scores[i * stride + (stride === 1 ? 0 : k)]!;
			isPositive[i] = actual[i] === k ? 1 : 0;
		}
		const label = stride === 1 ? `positive class '${classes[k]}'` : `'${classes[k]}' vs rest`;
		return { label, positive: k, curves: binaryCurves(column, isPositive) };
	});
}

function rate(count: number, total: number): number {
	return total > 0 ? count / total : 0;
}
