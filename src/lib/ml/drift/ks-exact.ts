/**
 * The exact two-sided p-value of the two-sample Kolmogorov–Smirnov statistic, P(D ≥ h/lcm(n1, n2)),
 * as scipy 1.10's `ks_2samp(method='exact')` computes it: `_compute_prob_outside_square` when
 * n1 = n2, else `_compute_outer_prob_inside_method` (Hodges' lattice-path count, with Viehmann's
 * recursion for 1 − p so small p-values keep their digits). O(n1 · window) time, O(window) memory.
 */

/** Greatest common divisor of two positive integers. */
export function gcd(a: number, b: number): number {
	while (b !== 0) [a, b] = [b, a % b];
	return a;
}

/** Pr(D_{n,n} ≥ h/n) by the alternating binomial series, evaluated Horner-like to avoid cancellation. */
function probOutsideSquare(n: number, h: number): number {
	let p = 0;
	for (let k = Math.floor(n / h); k >= 0; k--) {
		let term = 1;
		for (let j = 0; j < h; j++) term = ((n - k * h - j) * term) / (n + k * h + j + 1);
		p = term * (1 - p);
	}
	return 2 * p;
}

/** The share of lattice paths (0,0)→(m,n) that leave |x/m − y/n| < h/lcm: the p-value for m ≠ n. */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
	const m = Math.max(m0, n0);
	const n = Math.min(m0, n0);
	const mg = m / g;
	const ng = n / g;
	let minj = 0;
	let maxj = Math.min(Math.ceil(h / mg), n + 1);
	let curlen = maxj - minj;
	const lenA = Math.min(2 * maxj + 2, n + 1);
	const a = new Float64Array(lenA).fill(1);
	a.fill(0, minj, maxj);
	for (let i = 1; i <= m; i++) {
		// The window of y values still strictly inside the band at this x.
		const lastminj = minj;
		const lastlen = curlen;
		minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
		maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
		if (maxj <= minj) return 1;
		let value = minj === 0 ? 0 : 1;
		for (let jj = 0; jj < maxj - minj; jj++) {
			const j = jj + minj;
			value = (a[jj + minj - lastminj]! * i + value * j) / (i + j);
			a[jj] = value;
		}
		curlen = maxj - minj;
		if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
	}
	return a[maxj - minj - 1]!;
}

export interface ExactKs {
	/** The statistic rounded to the lattice, h / lcm(n1, n2), as scipy returns it. */
	statistic: number;
	/** NaN when the computation left [0, 1] (scipy then falls back to the asymptotic form). */
	pValue: number;
}

/** Exact two-sided p-value for sample sizes n1, n2 ≥ 1 and statistic d in [0, 1]. */
export function ksExactPValue(n1: number, n2: number, d: number): ExactKs {
	const g = gcd(n1, n2);
	const lcm = (n1 / g) * n2;
	const h = Math.round(d * lcm);
	const statistic = h / lcm;
	if (h === 0) return { statistic, pValue: 1 };
	const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
	return { statistic, pValue: p >= 0 && p <= 1 ? p : Number.NaN };
}
