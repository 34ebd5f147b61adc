/**
 * The survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n,
 * P(D_n > x), as scipy 1.10's `kstwo.sf(x, n)` (`scipy/stats/_ksstats.py`, Simard and L'Ecuyer's
 * choice of algorithms): exact formulas at the ends (Ruben–Gambino), 2 × Smirnov's one-sided
 * probability in the upper tail (Birnbaum–Tingey), Durbin's matrix (Marsaglia–Tsang–Wang) and
 * Pomeranz's recursion for small n, the Pelz–Good series for large n. ks_2samp uses it at
 * n = round(n1·n2/(n1+n2)) when a sample is too large for the exact count.
 */
import jStat from './jstat';

const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;
const clip = (p: number) => Math.min(1, Math.max(0, p));

/**
 * P(D⁺_n ≥ e), Smirnov's one-sided statistic, by the Birnbaum–Tingey sum (scipy's `smirnov`):
 * binomial weights by running product below n = 1013 (as cephes), by log-gamma above.
 */
export function smirnov(n: number, e: number): number {
	if (e <= 0) return 1;
	if (e >= 1) return 0;
	const last = Math.floor(n * (1 - e));
	let p = 0;
	if (n < 1013) {
		let c = 1;
		for (let v = 0; v <= last; v++) {
			const evn = e + v / n;
			p += c * evn ** (v - 1) * (1 - evn) ** (n - v);
			c *= (n - v) / (v + 1);
		}
		return clip(p * e);
	}
	const lgammaN1 = jStat.gammaln(n + 1);
	for (let v = 0; v <= last; v++) {
		const evn = e + v / n;
		const omevn = 1 - evn;
		if (!(omevn > 0)) continue;
		const log = lgammaN1 - jStat.gammaln(v + 1) - jStat.gammaln(n - v + 1) + (v - 1) * Math.log(evn) + (n - v) * Math.log(omevn);
		if (log > -708) p += Math.exp(log);
	}
	return clip(p * e);
}

/** Durbin's matrix method: P(D_n ≤ d), O(m³ log n) with m = 2⌈nd⌉ − 1. */
function durbinCdf(n: number, d: number): number {
	if (d >= 1) return 1;
	const nd = n * d;
	if (nd <= 0.5) return 0;
	const k = Math.ceil(nd);
	const h = k - nd;
	const m = 2 * k - 1;
	// H: first column v, last row v reversed, and 1/(i−j+1)! below the first superdiagonal.
	const v = new Float64Array(m);
	const w = new Float64Array(m);
	let factorial = 1;
	for (let j = 1; j <= m; j++) {
		w[j - 1] = factorial;
		factorial /= j;
		v[j - 1] = (1 - h ** j) * factorial;
	}
	v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * factorial;
	let matrix = new Float64Array(m * m);
	for (let i = 1; i < m; i++) for (let row = i - 1; row < m; row++) matrix[row * m + i] = w[row - i + 1]!;
	for (let row = 0; row < m; row++) matrix[row * m] = v[row]!;
	for (let col = 0; col < m; col++) matrix[(m - 1) * m + col] = v[m - 1 - col]!;
	let power = new Float64Array(m * m);
	for (let i = 0; i < m; i++) power[i * m + i] = 1;
	const multiply = (a: Float64Array, b: Float64Array) => {
		const out = new Float64Array(m * m);
		for (let i = 0; i < m; i++) {
			for (let l = 0; l < m; l++) {
				const ail = a[i * m + l]!;
				if (ail === 0) continue;
				for (let j = 0; j < m; j++) out[i * m + j]! += ail * b[l * m + j]!;
			}
		}
		return out;
	};
	let exponent = 0;
	let matrixExponent = 0;
	for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
		if (remaining % 2) {
			power = multiply(power, matrix);
			exponent += matrixExponent;
		}
		matrix = multiply(matrix, matrix);
		matrixExponent *= 2;
		if (Math.abs(matrix[(k - 1) * m + k - 1]!) > SCALE_UP) {
			for (let i = 0; i < matrix.length; i++) matrix[i]! /= SCALE_UP;
			matrixExponent += SCALE_EXPONENT;
		}
	}
	let p = power[(k - 1) * m + k - 1]!;
	for (let i = 1; i <= n; i++) {
		p = (i * p) / n;
		if (Math.abs(p) < SCALE_DOWN) {
			p *= SCALE_UP;
			exponent -= SCALE_EXPONENT;
		}
	}
	return p * 2 ** exponent;
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
	let j1: number;
	let j2: number;
	if (i === 0) [j1, j2] = [-ll - ceilf - 1, ll + ceilf - 1];
	else {
		const half = Math.floor((i + 1) / 2);
		if ((i + 1) % 2 === 0) {
			if (half === n + 1) [j1, j2] = [n - ll - ceilf - 1, n + ll + ceilf - 1];
			else [j1, j2] = [half - 1 - ll - roundf - 1, half + ll - 1 + ceilf - 1];
		} else [j1, j2] = [half - 1 - ll - 1, half + ll + roundf - 1];
	}
	return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** Pomeranz's recursion: P(D_n ≤ x) for small n. */
function pomeranzCdf(n: number, x: number): number {
	const t = n * x;
	const ll = Math.floor(t);
	const f = t - ll;
	const g = Math.min(f, 1 - f);
	const ceilf = f > 0 ? 1 : 0;
	const roundf = f > 0.5 ? 1 : 0;
	const powers = 2 * (ll + 1);
	const gpower = new Float64Array(powers);
	const twogpower = new Float64Array(powers);
	const onem2gpower = new Float64Array(powers);
	gpower[0] = twogpower[0] = onem2gpower[0] = 1;
	for (let m = 1; m < powers; m++) {
		gpower[m] = (gpower[m - 1]! * (g / n)) / m;
		twogpower[m] = (twogpower[m - 1]! * ((2 * g) / n)) / m;
		onem2gpower[m] = (onem2gpower[m - 1]! * ((1 - 2 * g) / n)) / m;
	}
	let v0 = new Float64Array(powers);
	let v1 = new Float64Array(powers);
	v1[0] = 1;
	let v0s = 0;
	let v1s = 0;
	let exponent = 0;
	let [j1, j2] = pomeranzBounds(0, n, ll, ceilf, roundf);
	for (let i = 1; i < 2 * n + 2; i++) {
		const k1 = j1;
		[v0, v1] = [v1, v0];
		[v0s, v1s] = [v1s, v0s];
		v1.fill(0);
		[j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
		const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
		const length = j2 - k1 + 1;
		if (length > 0) {
			// The entries j1 − k1 … j2 − k1 of the convolution of V0[k1 − V0s …] with pwrs.
			let largest = 0;
			for (let out = j1 - k1; out <= j2 - k1; out++) {
				let sum = 0;
				for (let a = 0; a <= out && a < length; a++) sum += v0[k1 - v0s + a]! * (out - a < length ? pwrs[out - a]! : 0);
				v1[out - (j1 - k1)] = sum;
				largest = Math.max(largest, sum);
			}
			if (largest > 0 && largest < SCALE_DOWN) {
				for (let a = 0; a < v1.length; a++) v1[a]! *= SCALE_UP;
				exponent -= SCALE_EXPONENT;
			}
			v1s = v0s + j1 - k1;
		}
	}
	let answer = v1[n - v1s]!;
	for (let m = 1; m <= n; m++) {
		if (Math.abs(answer) > SCALE_UP) {
			answer *= SCALE_DOWN;
			exponent += SCALE_EXPONENT;
		}
		answer *= m;
	}
	return answer * 2 ** exponent;
}

/** The Pelz–Good asymptotic series for P(D_n ≤ x). */
function pelzGoodCdf(n: number, x: number): number {
	if (x <= 0) return 0;
	if (x >= 1) return 1;
	const z = Math.sqrt(n) * x;
	const z2 = z * z;
	const z4 = z2 * z2;
	const z6 = z4 * z2;
	const pi2 = Math.PI ** 2;
	const pi4 = pi2 * pi2;
	const pi6 = pi4 * pi2;
	const qlog = -pi2 / 8 / z2;
	if (qlog < -708) return 0;
	let q = Math.exp(qlog);
	const k1a = -z2;
	const k1b = pi2 / 4;
	const k2a = 6 * z6 + 2 * z4;
	const k2b = ((2 * z4 - 5 * z2) * pi2) / 4;
	const k2c = (pi4 * (1 - 2 * z2)) / 16;
	const k3d = (pi6 * (5 - 30 * z2)) / 64;
	const k3c = (pi4 * (-60 * z2 + 212 * z4)) / 16;
	const k3b = (pi2 * (135 * z4 - 96 * z6)) / 4;
	const k3a = -30 * z6 - 90 * z ** 8;
	const terms = [0, 0, 0, 0];
	const maxk = Math.ceil((16 * z) / Math.PI);
	for (let k = maxk; k > 0; k--) {
		const m = 2 * k - 1;
		const m2 = m * m;
		const qpower = q ** (8 * k);
		const coefficients = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m2 * m2, k3a + k3b * m2 + k3c * m2 * m2 + k3d * m2 * m2 * m2];
		for (let i = 0; i < 4; i++) terms[i] = terms[i]! * qpower + coefficients[i]!;
	}
	const root2pi = Math.sqrt(2 * Math.PI);
	const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
	for (let i = 0; i < 4; i++) terms[i] = (terms[i]! * q * root2pi) / divisors[i]!;
	q = Math.exp(-pi2 / 2 / z2);
	let k2extra = 0;
	let k3extra = 0;
	const root3z = Math.sqrt(3) * z;
	for (let k = maxk; k > 0; k--) {
		const qk = q ** (k * k);
		k2extra += k * k * qk;
		k3extra += (root3z + Math.PI * k) * (root3z - Math.PI * k) * k * k * qk;
	}
	terms[2]! += (k2extra * pi2 * root2pi) / (-36 * z * z2);
	terms[3]! += (k3extra * pi2 * root2pi) / (216 * z6);
	let sum = 0;
	for (let i = 0; i < 4; i++) sum += terms[i]! / n ** (i / 2);
	return sum;
}

/** log(n!/nⁿ) by Stirling's series (scipy's `_log_nfactorial_div_n_pow_n`). */
function logFactorialOverPower(n: number): number {
	const coefficients = [-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2];
	const rn = 1 / n;
	let polynomial = 0;
	for (const c of coefficients) polynomial = polynomial * (rn / n) + c;
	return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * polynomial;
}

/** P(D_n > x) for a whole n ≥ 1 and x in [0, 1]: scipy's `kstwo.sf(x, n)`. */
export function kolmogorovSmirnovSurvival(n: number, x: number): number {
	if (x >= 1) return 0;
	if (x <= 0) return 1;
	const t = n * x;
	if (t <= 1) {
		if (t <= 0.5) return 1;
		let cdf: number;
		if (n <= 140) {
			cdf = 1;
			for (let i = 1; i <= n; i++) cdf *= (i / n) * (2 * t - 1);
		} else cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
		return clip(1 - cdf);
	}
	if (t >= n - 1) return clip(2 * (1 - x) ** n);
	if (x >= 0.5) return clip(2 * smirnov(n, x));
	const nx2 = t * x;
	if (n <= 140) {
		if (nx2 <= 0.754693) return clip(1 - durbinCdf(n, x));
		if (nx2 <= 4) return clip(1 - pomeranzCdf(n, x));
		return clip(2 * smirnov(n, x));
	}
	if (nx2 >= 370) return 0;
	if (nx2 >= 2.2) return clip(2 * smirnov(n, x));
	const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x);
	return clip(1 - cdf);
}
