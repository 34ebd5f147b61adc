/**
 * The Jensen–Shannon distance, as scipy's `spatial.distance.jensenshannon(p, q, base)`: both
 * vectors normalised to sum 1, m = (p + q)/2, distance = √((KL(p‖m) + KL(q‖m)) / 2 / ln base),
 * with 0 · log 0 = 0 (scipy's `rel_entr`), so a category present in one sample only counts fully.
 * ml-distance's `jensenShannon` has no such rule (0 · log 0 is NaN there) and returns the
 * divergence in nats, hence this one. Evidently uses base 2, so the distance lies in [0, 1].
 */

/** p, q: non-negative weights (counts or shares) of the same bins, each with a positive sum. */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>, base = 2): number {
	if (p.length !== q.length) throw new Error(`Jensen–Shannon: ${p.length} bins against ${q.length}`);
	let sumP = 0;
	let sumQ = 0;
	for (let k = 0; k < p.length; k++) {
		sumP += p[k]!;
		sumQ += q[k]!;
	}
	if (!(sumP > 0) || !(sumQ > 0)) throw new Error('Jensen–Shannon: a distribution with no weight');
	let divergence = 0;
	for (let k = 0; k < p.length; k++) {
		const pk = p[k]! / sumP;
		const qk = q[k]! / sumQ;
		const m = (pk + qk) / 2;
		if (pk > 0) divergence += pk * Math.log(pk / m);
		if (qk > 0) divergence += qk * Math.log(qk / m);
	}
	// Rounding can leave a hair below zero for identical distributions.
	return Math.sqrt(Math.max(0, divergence / 2 / Math.log(base)));
}
