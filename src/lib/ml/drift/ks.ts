/**
 * The two-sample Kolmogorov–Smirnov test, two-sided, as scipy 1.10's `ks_2samp(method='auto')`:
 * exact when both samples have at most 10,000 values, else the one-sample distribution of D at
 * n = round(n1·n2/(n1+n2)) (`kstwo.sf`, kstwo.ts). Evidently's "ks" test uses its p-value and
 * calls drift at p ≤ threshold (0.05).
 */
import { ksExactPValue } from './ks-exact';
import { kolmogorovSmirnovSurvival } from './kstwo';

/** scipy's MAX_AUTO_N: above it 'auto' switches from exact to asymptotic. */
export const KS_EXACT_LIMIT = 10_000;

export interface KsResult {
	/** sup |F_reference − F_current|, 0..1. */
	statistic: number;
	pValue: number;
	method: 'exact' | 'asymptotic';
}

/**
 * The largest gap between the two empirical CDFs, both evaluated just right of every value.
 * `a` and `b` are sorted ascending, finite, non-empty. O(n1 + n2).
 */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
	let i = 0;
	let j = 0;
	let d = 0;
	while (i < a.length || j < b.length) {
		// Step past every copy of the next value in both samples (ties move together).
		const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
		while (i < a.length && a[i]! <= next) i++;
		while (j < b.length && b[j]! <= next) j++;
		d = Math.max(d, Math.abs(i / a.length - j / b.length));
	}
	return d;
}

/** The test on two sorted, finite, non-empty samples. Throws on an empty one. */
export function ksTwoSample(a: Float64Array, b: Float64Array): KsResult {
	if (a.length === 0 || b.length === 0) throw new Error('the Kolmogorov–Smirnov test needs at least one value in each sample');
	const d = ksStatistic(a, b);
	if (Math.max(a.length, b.length) <= KS_EXACT_LIMIT) {
		const exact = ksExactPValue(a.length, b.length, d);
		if (!Number.isNaN(exact.pValue)) return { statistic: exact.statistic, pValue: exact.pValue, method: 'exact' };
	}
	return { statistic: d, pValue: kolmogorovSmirnovSurvival(roundHalfEven((a.length * b.length) / (a.length + b.length)), d), method: 'asymptotic' };
}

/** numpy's `np.round`: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
	const floor = Math.floor(x);
	const fraction = x - floor;
	if (fraction !== 0.5) return Math.round(x);
	return floor % 2 === 0 ? floor : floor + 1;
}
