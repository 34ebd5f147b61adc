/**
 * Which metric the runs page's "A metric across runs" shows first. A run's metrics are keyed
 * "cell.metric" (see runMetrics in store/runs); cell summaries mix scores (accuracy, objective)
 * with counts (rows, classes, columns), and a count that never changes is a flat line that tells
 * a user nothing. So the default is the first score found in this order: an evaluation's
 * accuracy, any held-out accuracy, F1, the best/selection scores, the training objective; then any
 * metric that is not a count; the first key only when every metric is a count.
 */

/** Metric names (the part after "cell.") in the order a user follows them. */
const PREFERRED: readonly string[] = ['accuracy', 'validationAccuracy', 'bestAccuracy', 'f1', 'score', 'agreement', 'trainAccuracy', 'finalObjective', 'bestObjective', 'share'];

/** Summary fields that count things (rows, columns, classes…): plotted only when asked for. */
const COUNTS: ReadonlySet<string> = new Set(['rows', 'columns', 'classes', 'configurations', 'candidates', 'epochs', 'drifted', 'train', 'test', 'validation', 'missing']);

const metricOf = (key: string): string => key.slice(key.lastIndexOf('.') + 1);

/** True for a key such as "current.classes" or "split.train" whose value is a count. */
export const isCountMetric = (key: string): boolean => COUNTS.has(metricOf(key));

/**
 * Scores that are shares of rows or classes, always in [0, 1]: accuracy (train, validation, best),
 * precision, recall, F1, AUC, a shadow's agreement, a drift report's share of drifted columns.
 */
const SHARE = /(accuracy|precision|recall|f1|auc|agreement)$/i;

/**
 * True for a metric bounded by [0, 1] ("evaluate.accuracy", "precision", "grid.bestAccuracy"):
 * the cells show it as a percent and a chart of it never runs past 0 or 1. False for objectives
 * and losses (unbounded above), counts, and a select cell's "score", which is an objective when
 * it selects by objective.
 */
export const isShareMetric = (key: string): boolean => SHARE.test(metricOf(key)) || metricOf(key) === 'share';

/**
 * The default metric among `keys` ("cell.metric" strings), '' when there are none. Among keys of
 * one preferred name, an evaluate cell's comes first (it is measured on held-out rows).
 */
export function defaultHistoryMetric(keys: readonly string[]): string {
	for (const name of PREFERRED) {
		const matching = keys.filter((key) => metricOf(key) === name);
		const chosen = matching.find((key) => key.startsWith('evaluate')) ?? matching[0];
		if (chosen !== undefined) return chosen;
	}
	return keys.find((key) => !isCountMetric(key)) ?? keys[0] ?? '';
}
