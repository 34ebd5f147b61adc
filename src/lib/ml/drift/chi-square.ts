/**
 * Evidently's chi-squared drift test: the current sample's category counts against the
 * reference's scaled to the current's size (`_chi_stat_test`, scipy's `chisquare(f_obs, f_exp)`),
 * k − 1 degrees of freedom; drift at p < threshold (0.05). A category the reference lacks has an
 * expected count of 0, so the statistic is infinite and p = 0, as in scipy.
 */
import jStat from './jstat';
import { upperRegularizedGamma } from './gamma';

export interface ChiSquareResult {
	statistic: number;
	degreesOfFreedom: number;
	pValue: number;
}

/** `reference`, `current`: counts of the same categories (union of both samples), each with a positive total. */
export function chiSquareTest(reference: ArrayLike<number>, current: ArrayLike<number>): ChiSquareResult {
	let referenceTotal = 0;
	let currentTotal = 0;
	for (let k = 0; k < reference.length; k++) {
		referenceTotal += reference[k]!;
		currentTotal += current[k]!;
	}
	const scale = currentTotal / referenceTotal;
	let statistic = 0;
	for (let k = 0; k < reference.length; k++) {
		const expected = reference[k]! * scale;
		const difference = current[k]! - expected;
		statistic += expected === 0 ? (difference === 0 ? 0 : Infinity) : (difference * difference) / expected;
	}
	const degreesOfFreedom = reference.length - 1;
	// One category: nothing can differ (scipy would return NaN); say "no evidence of drift".
	if (degreesOfFreedom < 1) return { statistic: 0, degreesOfFreedom, pValue: 1 };
	return { statistic, degreesOfFreedom, pValue: chiSquareSurvival(statistic, degreesOfFreedom) };
}

/**
 * P(X ≥ x) for X ~ χ²(df): scipy's `chdtrc`. jStat's `chisquare.cdf` gives 1 − p, which loses
 * every digit of a p-value below ~1e-16, so the upper tail is computed directly where it is small.
 */
export function chiSquareSurvival(x: number, df: number): number {
	if (x === Infinity) return 0;
	if (!(x > 0)) return 1;
	const a = df / 2;
	const half = x / 2;
	return half < a + 1 ? 1 - jStat.lowRegGamma(a, half) : upperRegularizedGamma(a, half);
}
