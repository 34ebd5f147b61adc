/** Number, size and date formats shared by the pages. */
export { formatBytes } from '../notebook/data';
import { formatPercent } from '../data/format-percent';
import { isShareMetric } from '../viz/history-metric';

export { formatPercent, isShareMetric };
/**
 * Four significant digits without padding zeros: 1, 0.94, 0.9375, 12.35. Padded, a list read
 * "accuracy 1" beside "precision 0.9400"; unpadded, equal precision reads the same everywhere.
 * '—' for null, undefined and NaN.
 */
export const formatNumber = (value: number | null | undefined): string =>
	value === null || value === undefined || Number.isNaN(value) ? '—' : Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));

/**
 * A metric's value as the cells show it: a share (accuracy, precision, recall, F1, AUC…; see
 * isShareMetric) as a percent ("91.3%", "100.0%"), anything else (an objective, a loss, a count)
 * as formatNumber writes it. `key` is the metric's name, alone or as "cell.metric".
 */
export const formatMetric = (key: string, value: number | null | undefined): string => (isShareMetric(key) ? formatPercent(value) : formatNumber(value));

/**
 * Two numbers that differ, each as formatNumber writes it, with more significant digits (up to
 * 17, where every double reads distinct) until the two texts differ: a std that moved from 1.94012
 * to 1.94034 reads "1.9401 → 1.9403", not "1.94 → 1.94".
 */
export function formatNumberPair(before: number, after: number): [string, string] {
	for (let digits = 4; digits < 17; digits++) {
		const pair = [before, after].map((value) => (Number.isNaN(value) ? '—' : Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(digits))))) as [string, string];
		if (pair[0] !== pair[1]) return pair;
	}
	return [String(before), String(after)];
}

/**
 * The app's clock: 24-hour everywhere ("20:39", "20:39:13"), so a run's time in the grid reads
 * the same as its date on the registry. `formatDate` for when something was stored, `formatTime`
 * for today's runs.
 */
export const formatDate = (ms: number): string => new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });

export const formatTime = (ms: number): string => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

export const shortHash = (hash: string): string => hash.slice(0, 12);

/** Three significant digits, no trailing zeros: 0.001, 0.05, 12.3 (learning rates, α). */
export const formatRate = (value: number): string => Number(value.toPrecision(3)).toString();

/** Past 7 significant digits a float32 (the tables' numbers) shows only its rounding: 3.1415927 reads 3.141593. */
const DATA_DIGITS = 7;

/**
 * A data value in a table preview as the file wrote it: the shortest decimal that reads back as
 * the same number ("0.066", not "0.06600", nor float32's "0.0659999996"), to at most 7
 * significant digits, with no padding zeros; whole numbers whole ("38"); NaN (a missing cell) and
 * ±Infinity as themselves. A float32 value (every table column) is matched as a float32, any
 * other as a double. Not for metrics, which `formatNumber` writes to 4 digits.
 */
export function formatDataValue(value: number): string {
	if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
	const single = Math.fround(value) === value;
	for (let digits = 1; digits < DATA_DIGITS; digits++) {
		const shortest = Number(value.toPrecision(digits));
		if ((single ? Math.fround(shortest) : shortest) === value) return String(shortest);
	}
	return String(Number(value.toPrecision(DATA_DIGITS)));
}
