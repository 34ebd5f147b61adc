/**
 * Each drift statistic against scipy 1.10 as Evidently calls it (tests/fixtures/drift.json, made
 * by scripts/fixtures/drift.py). Doubles agree to 1e-9 relative, except where a comment says why.
 */
import { describe, expect, it } from 'vitest';
import fixture from '../../../fixtures/drift.json';
import { countCategories } from '../../../../src/lib/ml/drift/categories';
import { chiSquareTest } from '../../../../src/lib/ml/drift/chi-square';
import { histogramCounts, sturgesEdges } from '../../../../src/lib/ml/drift/histogram';
import { jensenShannonDistance } from '../../../../src/lib/ml/drift/jensen-shannon';
import { ksTwoSample } from '../../../../src/lib/ml/drift/ks';
import { kolmogorovSmirnovSurvival } from '../../../../src/lib/ml/drift/kstwo';
import { normedWasserstein } from '../../../../src/lib/ml/drift/wasserstein';
import { textTokenCounts, tokenDistance } from '../../../../src/lib/ml/drift/text-drift';
import { zTest } from '../../../../src/lib/ml/drift/z-test';
import { categorySample, numericSample, sorted } from './generate';

function close(actual: number, expected: number, relative = 1e-9): void {
	if (expected === 0 || !Number.isFinite(expected)) expect(actual).toBe(expected);
	else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(relative);
}

describe('ksTwoSample(a, b) as scipy ks_2samp(method="auto")', () => {
	for (const c of fixture.ks) {
		it(`n1=${c.reference.n}, n2=${c.current.n}${c.reference.round === 0 ? ' (ties)' : ''}: ${c.method}`, () => {
			const result = ksTwoSample(sorted(numericSample(c.reference)), sorted(numericSample(c.current)));
			close(result.statistic, c.statistic);
			expect(result.method).toBe(c.method === 'exact' ? 'exact' : 'asymptotic');
			close(result.pValue, c.pvalue);
		});
	}
});

describe('kolmogorovSmirnovSurvival(n, x) as scipy kstwo.sf(x, n)', () => {
	for (const c of fixture.kstwo) {
		it(`n=${c.n}, x=${c.x}`, () => {
			// n ≥ 1013 sums Smirnov's terms through jStat's log-gamma: ~2e-10 relative there.
			close(kolmogorovSmirnovSurvival(c.n, c.x), c.sf, c.n >= 1013 ? 1e-9 : 1e-12);
		});
	}
});

describe('normedWasserstein(reference, current) as Evidently wasserstein_distance_norm', () => {
	for (const c of fixture.wasserstein) {
		it(`n1=${c.reference.n}, n2=${c.current.n}`, () => {
			const result = normedWasserstein(sorted(numericSample(c.reference)), sorted(numericSample(c.current)));
			close(result.distance, c.distance);
			close(result.std, c.std);
			close(result.normed, c.normed);
		});
	}
});

describe('category tests as Evidently calls scipy', () => {
	for (const c of fixture.categories) {
		const name = `${Object.keys(c.reference.weights).join('')} vs ${Object.keys(c.current.weights).join('')}, n=${c.reference.n}/${c.current.n}`;
		const counts = countCategories(categorySample(c.reference), categorySample(c.current));
		it(`chiSquareTest: ${name}`, () => {
			const result = chiSquareTest(counts.reference, counts.current);
			close(result.statistic, Number(c.chisquare.statistic));
			// p-values far below any threshold: scipy's chdtrc and the continued fraction agree to ~1e-12 there.
			close(result.pValue, c.chisquare.pvalue, c.chisquare.pvalue < 1e-10 ? 1e-7 : 1e-9);
		});
		it(`jensenShannonDistance: ${name}`, () => {
			close(jensenShannonDistance(counts.reference, counts.current, 2), c.jensenshannon);
		});
		if (c.z !== null) {
			it(`zTest: ${name}`, () => {
				const r = counts.reference.reduce((s, x) => s + x, 0);
				const k = counts.current.reduce((s, x) => s + x, 0);
				const result = zTest(r - counts.reference[0]!, r, k - counts.current[0]!, k);
				// Evidently computes 2(1 − Φ(|z|)): below 1e-6 only ~1e-16 absolute is meaningful in either.
				if (c.z! < 1e-6) expect(Math.abs(result.pValue - c.z!)).toBeLessThan(1e-14);
				else close(result.pValue, c.z!);
			});
		}
	}
});

describe('Sturges histogram and Jensen–Shannon as Evidently get_binned_data', () => {
	for (const c of fixture.numericJs) {
		if (!c.edges) continue;
		it(`n1=${c.reference.n}, n2=${c.current.n}`, () => {
			const a = sorted(numericSample(c.reference));
			const b = sorted(numericSample(c.current));
			const edges = sturgesEdges(Math.min(a[0]!, b[0]!), Math.max(a[a.length - 1]!, b[b.length - 1]!), a.length + b.length);
			expect(edges.length).toBe(c.edges.length);
			edges.forEach((edge, k) => close(edge, c.edges![k]!, 1e-15));
			const distance = jensenShannonDistance(histogramCounts(a, edges), histogramCounts(b, edges), 2);
			close(distance, c.jensenshannon);
		});
	}
});

describe('token distributions', () => {
	it('textTokenCounts + tokenDistance = scipy jensenshannon of the token counts', () => {
		const [c] = fixture.text;
		close(tokenDistance(textTokenCounts(c!.reference, c!.current))!, c!.jensenshannon);
	});
});
