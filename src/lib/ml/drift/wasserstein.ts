/**
 * The first Wasserstein (earth mover's) distance between two one-dimensional samples, as scipy's
 * `wasserstein_distance(u, v)`: ∫ |F_u − F_v| dx, summed between consecutive values of the merged
 * sample. Evidently's "wasserstein" test divides it by the reference's standard deviation
 * (population, numpy's `np.std`), floored at 0.001, and calls drift at ≥ threshold (0.1).
 */
import { standardDeviation } from 'simple-statistics';

/** `u`, `v`: sorted ascending, finite, non-empty. In the samples' units. O(n1 + n2). */
export function wassersteinDistance(u: Float64Array, v: Float64Array): number {
	if (u.length === 0 || v.length === 0) throw new Error('the Wasserstein distance needs at least one value in each sample');
	let i = 0;
	let j = 0;
	let sum = 0;
	let previous = Math.min(u[0]!, v[0]!);
	// Walk the merged values; between `previous` and the next value the CDFs are i/|u| and j/|v|.
	while (i < u.length || j < v.length) {
		const next = j >= v.length || (i < u.length && u[i]! <= v[j]!) ? u[i]! : v[j]!;
		sum += Math.abs(i / u.length - j / v.length) * (next - previous);
		previous = next;
		if (j >= v.length || (i < u.length && u[i]! <= v[j]!)) i++;
		else j++;
	}
	return sum;
}

/** Evidently's floor on the reference's spread, so a constant reference does not divide by zero. */
export const MIN_NORM = 0.001;

/** Evidently's `wasserstein_distance_norm`: the distance in units of the reference's standard deviation. */
export function normedWasserstein(reference: Float64Array, current: Float64Array): { distance: number; std: number; normed: number } {
	const distance = wassersteinDistance(reference, current);
	const std = standardDeviation(reference as unknown as number[]);
	return { distance, std, normed: distance / Math.max(std, MIN_NORM) };
}
