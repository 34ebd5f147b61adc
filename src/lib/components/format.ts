/** Number, size and date formats shared by the pages. */
export { formatBytes } from '../notebook/data';
export { formatPercent } from '../data/format-percent';
/**
 * Four significant digits without padding zeros: 1, 0.94, 0.9375, 12.35. Padded, a list read
 * "accuracy 1" beside "precision 0.9400"; unpadded, equal precision reads the same everywhere.
 * '—' for null, undefined and NaN.
 */
export const formatNumber = (value: number | null | undefined): string =>
	value === null || value === undefined || Number.isNaN(value) ? '—' : Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));

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

/**
 * How a numeric column's cells read in a table preview: a column whose every finite value is a
 * whole number (counts, ages, ids) prints as integers ("4", "38"); any other column prints every
 * cell to 4 significant digits ("4.000", "0.1250") so its decimals line up. NaN (a missing cell)
 * and ±Infinity print as themselves. Scans the whole column once (O(rows), no allocation).
 */
export function columnFormatter(values: ArrayLike<number>): (value: number) => string {
	let whole = true;
	for (let index = 0; index < values.length && whole; index++) {
		const value = values[index]!;
		if (Number.isFinite(value) && !Number.isInteger(value)) whole = false;
	}
	if (whole) return (value) => String(value);
	return (value) => (Number.isFinite(value) ? value.toPrecision(4) : String(value));
}
