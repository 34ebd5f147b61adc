/**
 * ROC and precision–recall curves of a binary scorer, as scikit-learn computes them
 * (roc_curve with drop_intermediate=False, precision_recall_curve, auc, average_precision_score):
 * thresholds are the distinct scores, highest first; tied scores move together.
 */

export interface CurvePoint {
	x: number;
	y: number;
	/** Score at or above which a row is called positive. */
	threshold: number;
}

export interface BinaryCurves {
	/** (false-positive rate, true-positive rate), from (0, 0) to (1, 1). */
	roc: CurvePoint[];
	/** (recall, precision), recall rising; starts at (0, 1) as sklearn's does. */
	precisionRecall: CurvePoint[];
	rocAuc: number;
	/** Σ (R_k − R_{k−1}) P_k: sklearn's average precision (no interpolation). */
	averagePrecision: number;
	positives: number;
	negatives: number;
}

/** `positive[i]` says whether row i is of the positive class; higher scores mean positive. */
export function binaryCurves(scores: ArrayLike<number>, positive: ArrayLike<boolean>): BinaryCurves {
	if (scores.length !== positive.length) throw new Error(`roc: ${scores.length} scores but ${positive.length} labels`);
	const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
	let positives = 0;
	for (let i = 0; i < positive.length; i++) if (positive[i]) positives += 1;
	const negatives = scores.length - positives;
	const roc: CurvePoint[] = [{ x: 0, y: 0, threshold: Infinity }];
	const precisionRecall: CurvePoint[] = [];
	let truePositives = 0;
	let falsePositives = 0;
	for (let k = 0; k < order.length; k++) {
		const row = order[k]!;
		if (positive[row]) truePositives += 1;
		else falsePositives += 1;
		// Only at the end of a run of tied scores is there a threshold.
		const next = order[k + 1];
		if (next !== undefined && scores[next] === scores[row]) continue;
		const threshold = scores[row]!;
		roc.push({ x: rate(falsePositives, negatives), y: rate(truePositives, positives), threshold });
		precisionRecall.push({ x: rate(truePositives, positives), y: truePositives / (truePositives + falsePositives), threshold });
	}
	let rocAuc = 0;
	for (let k = 1; k < roc.length; k++) rocAuc += ((roc[k]!.x - roc[k - 1]!.x) * (roc[k]!.y + roc[k - 1]!.y)) / 2;
	let averagePrecision = 0;
	let previousRecall = 0;
	for (const point of precisionRecall) {
		averagePrecision += (point.x - previousRecall) * point.y;
		previousRecall = point.x;
	}
	return {
		roc,
		precisionRecall: [{ x: 0, y: 1, threshold: Infinity }, ...precisionRecall],
		rocAuc: positives > 0 && negatives > 0 ? rocAuc : NaN,
		averagePrecision: positives > 0 ? averagePrecision : NaN,
		positives,
		negatives
	};
}

function rate(count: number, total: number): number {
	return total > 0 ? count / total : 0;
}
