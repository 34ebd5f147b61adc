/**
 * One column's drift: leave out missing values, pick the test (Evidently's default or the
 * user's), compute its score and verdict, and the two distributions to draw.
 */
import type { Column, SparseColumn } from '../../data/table';
import { countCategories, distinctSorted, fewDistinct, type CategoryCounts } from './categories';
import { chiSquareTest } from './chi-square';
import { histogramCounts, sturgesEdges } from './histogram';
import { jensenShannonDistance } from './jensen-shannon';
import { ksTwoSample } from './ks';
import { bucketCounts, textTokenCounts, tokenDistance, topTokens, type TokenCounts } from './text-drift';
import { defaultDriftTest, DRIFT_TESTS } from './tests';
import { bucketTokenRows, textTokenRows, tokenPermutationTest, type TokenRows } from './token-permutation';
import type { ColumnDrift, DriftColumnKind, DriftColumnOverride, DriftDistribution, DriftTestName, SampleCounts } from './types';
import { normedWasserstein } from './wasserstein';
import { zTest } from './z-test';

/** A text column with at most this many distinct values (both samples together) is categorical. */
export const CATEGORY_LIMIT = 50;
/** Evidently bins a numeric column for Jensen–Shannon when the reference has more distinct values than this. */
const BINNED_ABOVE = 20;
/** Bars drawn for a categorical, text or hashed column. */
const SHOWN_CATEGORIES = 20;

/** The finite values of a numeric column, sorted, and how many were missing (NaN or ±Infinity). */
export function finiteSorted(values: Float32Array): { values: Float64Array; missing: number } {
	let finite = 0;
	for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) finite++;
	const out = new Float64Array(finite);
	let k = 0;
	for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) out[k++] = values[i]!;
	return { values: out.sort(), missing: values.length - finite };
}

function counts(rows: number, missing: number): SampleCounts {
	return { rows, missing, missingShare: rows === 0 ? 0 : missing / rows };
}

interface Scored {
	score: number;
	statistic: number | null;
}

function categoryTest(test: DriftTestName, categories: CategoryCounts): Scored {
	if (test === 'chisquare') {
		const result = chiSquareTest(categories.reference, categories.current);
		return { score: result.pValue, statistic: result.statistic };
	}
	if (test === 'z') {
		// Evidently: the share of rows that are not the first value (in sorted order).
		const total = (counts: Float64Array) => counts.reduce((sum, count) => sum + count, 0);
		const r = total(categories.reference);
		const c = total(categories.current);
		const result = zTest(r - categories.reference[0]!, r, c - categories.current[0]!, c);
		return { score: result.pValue, statistic: result.statistic };
	}
	return { score: jensenShannonDistance(categories.reference, categories.current, 2), statistic: null };
}

function shares(counts: Float64Array, total: number): number[] {
	return Array.from(counts, (count) => (total > 0 ? count / total : 0));
}

function categoryBars(categories: CategoryCounts): DriftDistribution {
	const tokens: TokenCounts = { counts: new Map(), referenceTotal: 0, currentTotal: 0 };
	categories.keys.forEach((key, k) => {
		tokens.counts.set(key, [categories.reference[k]!, categories.current[k]!]);
		tokens.referenceTotal += categories.reference[k]!;
		tokens.currentTotal += categories.current[k]!;
	});
	const bars = topTokens(tokens, SHOWN_CATEGORIES, String);
	// Keep the categories' own order (sorted values) when all are shown: a number line reads better.
	if (bars.more === 0) {
		return { type: 'categories', labels: categories.keys.map(String), reference: shares(categories.reference, tokens.referenceTotal), current: shares(categories.current, tokens.currentTotal), more: 0 };
	}
	return bars;
}

function resolveTest(column: string, kind: DriftColumnKind, chosen: DriftTestName | undefined, fallback: DriftTestName): DriftTestName {
	const test = chosen ?? fallback;
	if (!DRIFT_TESTS[test].kinds.includes(kind)) {
		throw new Error(`column '${column}' is ${kind}: the ${test} test applies to ${DRIFT_TESTS[test].kinds.join(' or ')} columns`);
	}
	return test;
}

function verdict(column: string, kind: DriftColumnKind, test: DriftTestName, override: DriftColumnOverride | undefined, scored: Scored | null, rest: Pick<ColumnDrift, 'distinct' | 'reference' | 'current' | 'distribution'>, note?: string): ColumnDrift {
	const info = DRIFT_TESTS[test];
	const threshold = override?.threshold ?? info.defaultThreshold;
	if (!(threshold >= 0)) throw new Error(`column '${column}': threshold ${threshold} must be a number ≥ 0`);
	return {
		column,
		kind,
		test,
		testLabel: info.label,
		scoreKind: info.scoreKind,
		score: scored ? scored.score : null,
		statistic: scored ? scored.statistic : null,
		threshold,
		drifted: scored !== null && info.drifted(scored.score, threshold),
		overridden: override?.test !== undefined || override?.threshold !== undefined,
		...rest,
		...(note ? { note } : {})
	};
}

function numericDrift(name: string, reference: Float32Array, current: Float32Array, override?: DriftColumnOverride): ColumnDrift {
	const a = finiteSorted(reference);
	const b = finiteSorted(current);
	const distinct = distinctSorted(a.values, b.values);
	const test = resolveTest(name, 'numeric', override?.test, defaultDriftTest('numeric', a.values.length, distinct));
	const sides = { reference: counts(reference.length, a.missing), current: counts(current.length, b.missing) };
	if (a.values.length === 0 || b.values.length === 0) {
		const empty = { type: 'categories' as const, labels: [], reference: [], current: [], more: 0 };
		return verdict(name, 'numeric', test, override, null, { distinct, ...sides, distribution: empty }, `no values to compare in the ${a.values.length === 0 ? 'reference' : 'current'} sample (all missing)`);
	}
	const min = Math.min(a.values[0]!, b.values[0]!);
	const max = Math.max(a.values[a.values.length - 1]!, b.values[b.values.length - 1]!);
	const edges = sturgesEdges(min, max, a.values.length + b.values.length);
	const binned = () => ({ reference: histogramCounts(a.values, edges), current: histogramCounts(b.values, edges) });
	let scored: Scored;
	if (test === 'ks') {
		const result = ksTwoSample(a.values, b.values);
		scored = { score: result.pValue, statistic: result.statistic };
	} else if (test === 'wasserstein') {
		const result = normedWasserstein(a.values, b.values);
		scored = { score: result.normed, statistic: result.distance };
	} else if (test === 'jensenshannon' && distinctSorted(a.values, new Float64Array(0)) > BINNED_ABOVE) {
		const bins = binned();
		scored = { score: jensenShannonDistance(bins.reference, bins.current, 2), statistic: null };
	} else {
		scored = categoryTest(test, countCategories(a.values, b.values));
	}
	let distribution: DriftDistribution;
	if (distinct > BINNED_ABOVE) {
		const bins = binned();
		distribution = { type: 'histogram', edges: Array.from(edges), reference: shares(bins.reference, a.values.length), current: shares(bins.current, b.values.length) };
	} else distribution = categoryBars(countCategories(a.values, b.values));
	return verdict(name, 'numeric', test, override, scored, { distinct, ...sides, distribution });
}

function tokenDrift(name: string, kind: 'text' | 'sparse', tokens: TokenCounts, rows: () => TokenRows, rowCounts: [number, number], override: DriftColumnOverride | undefined, label: (key: string | number) => string): ColumnDrift {
	const test = resolveTest(name, kind, override?.test, defaultDriftTest(kind, rowCounts[0], 0));
	const rest = { distinct: null, reference: counts(rowCounts[0], 0), current: counts(rowCounts[1], 0), distribution: topTokens(tokens, SHOWN_CATEGORIES, label) };
	let scored: Scored | null;
	if (test === 'tokens-permutation') {
		const result = tokenPermutationTest(rows());
		scored = result && { score: result.pValue, statistic: result.distance };
	} else {
		const distance = tokenDistance(tokens);
		scored = distance === null ? null : { score: distance, statistic: null };
	}
	return scored === null
		? verdict(name, kind, test, override, null, rest, `no ${kind === 'text' ? 'words' : 'non-zero buckets'} in the ${tokens.referenceTotal === 0 ? 'reference' : 'current'} sample`)
		: verdict(name, kind, test, override, scored, rest);
}

function textDrift(name: string, reference: string[], current: string[], override?: DriftColumnOverride): ColumnDrift {
	const overriddenToText = override?.test === 'tokens' || override?.test === 'tokens-permutation';
	const categorical = !overriddenToText && (override?.test !== undefined || fewDistinct(reference, current, CATEGORY_LIMIT));
	if (!categorical) return tokenDrift(name, 'text', textTokenCounts(reference, current), () => textTokenRows(reference, current), [reference.length, current.length], override, String);
	const categories = countCategories(reference, current);
	const distinct = categories.keys.length;
	const test = resolveTest(name, 'categorical', override?.test, defaultDriftTest('categorical', reference.length, distinct));
	const sides = { reference: counts(reference.length, 0), current: counts(current.length, 0) };
	if (reference.length === 0 || current.length === 0) {
		return verdict(name, 'categorical', test, override, null, { distinct, ...sides, distribution: categoryBars(categories) }, 'an empty sample');
	}
	return verdict(name, 'categorical', test, override, categoryTest(test, categories), { distinct, ...sides, distribution: categoryBars(categories) });
}

function sparseDrift(reference: SparseColumn, current: SparseColumn, override?: DriftColumnOverride): ColumnDrift {
	const rows: [number, number] = [reference.indptr.length - 1, current.indptr.length - 1];
	return tokenDrift(reference.name, 'sparse', bucketCounts(reference, current), () => bucketTokenRows(reference, current), rows, override, (bucket) => `#${bucket}`);
}

/** The drift of one column between two samples; both of the same type (numeric, text or sparse). */
export function columnDrift(reference: Column, current: Column, override?: DriftColumnOverride): ColumnDrift {
	if (reference.type === 'numeric' && current.type === 'numeric') return numericDrift(reference.name, reference.values, current.values, override);
	if (reference.type === 'text' && current.type === 'text') return textDrift(reference.name, reference.values, current.values, override);
	if (reference.type === 'sparse' && current.type === 'sparse') return sparseDrift(reference, current, override);
	throw new Error(`column '${reference.name}' is ${reference.type} in the reference and ${current.type} in the current data`);
}
