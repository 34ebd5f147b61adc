/**
 * Q(a, x) = Γ(a, x)/Γ(a), the upper regularized incomplete gamma function, by its continued
 * fraction (modified Lentz, Numerical Recipes §6.2), iterated to convergence. For x ≥ a + 1, where
 * it converges fast and where 1 − P(a, x) would cancel away a small tail. jStat offers only P.
 */
import jStat from './jstat';

const TINY = 1e-300;
const EPSILON = 1e-16;

export function upperRegularizedGamma(a: number, x: number): number {
	let b = x + 1 - a;
	let c = 1 / TINY;
	let d = 1 / b;
	let h = d;
	for (let i = 1; i <= 10_000; i++) {
		const an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (Math.abs(d) < TINY) d = TINY;
		c = b + an / c;
		if (Math.abs(c) < TINY) c = TINY;
		d = 1 / d;
		const delta = d * c;
		h *= delta;
		if (Math.abs(delta - 1) < EPSILON) break;
	}
	return Math.exp(-x + a * Math.log(x) - jStat.gammaln(a)) * h;
}
