/**
 * Evidently's Z-test for a column with at most two values (`_z_stat_test`): the share of rows
 * that are not the first value (in sorted order) in each sample, compared by the two-proportion
 * z statistic with a pooled variance; two-sided p = 2(1 − Φ(|z|)), as Evidently computes it (so
 * below ~1e-8 only its absolute value is meaningful). Drift at p < threshold (0.05).
 */
import jStat from './jstat';

/**
 * `referenceOther`, `currentOther`: rows that are not the first value; `referenceRows`,
 * `currentRows`: all (non-missing) rows, each > 0. When both samples hold one and the same value
 * p is 1, as in Evidently.
 */
export function zTest(referenceOther: number, referenceRows: number, currentOther: number, currentRows: number): { statistic: number; pValue: number } {
	const p1 = referenceOther / referenceRows;
	const p2 = currentOther / currentRows;
	const pooled = (p1 * referenceRows + p2 * currentRows) / (referenceRows + currentRows);
	if (pooled === 0 || pooled === 1) return { statistic: 0, pValue: 1 };
	const statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / referenceRows + 1 / currentRows));
	return { statistic, pValue: 2 * (1 - jStat.normal.cdf(Math.abs(statistic), 0, 1)) };
}
