/**
 * The drift tests as Evidently defines them: label, default threshold, and how a score becomes a
 * verdict (`StatTest.default_threshold`, each `_*_stat_test`'s comparison).
 */
import type { DriftColumnKind, DriftTestName } from './types';

export interface DriftTestInfo {
	name: DriftTestName;
	label: string;
	scoreKind: 'p-value' | 'distance';
	defaultThreshold: number;
	/** The column kinds it applies to. */
	kinds: readonly DriftColumnKind[];
	drifted(score: number, threshold: number): boolean;
}

export const DRIFT_TESTS: Readonly<Record<DriftTestName, DriftTestInfo>> = {
	// Evidently's ks test alone uses ≤ (`p_value <= threshold`); chi-square and z use <.
	ks: { name: 'ks', label: 'K-S p-value', scoreKind: 'p-value', defaultThreshold: 0.05, kinds: ['numeric'], drifted: (p, t) => p <= t },
	wasserstein: { name: 'wasserstein', label: 'Wasserstein distance (normed)', scoreKind: 'distance', defaultThreshold: 0.1, kinds: ['numeric'], drifted: (d, t) => d >= t },
	chisquare: { name: 'chisquare', label: 'chi-square p-value', scoreKind: 'p-value', defaultThreshold: 0.05, kinds: ['numeric', 'categorical'], drifted: (p, t) => p < t },
	z: { name: 'z', label: 'Z-test p-value', scoreKind: 'p-value', defaultThreshold: 0.05, kinds: ['numeric', 'categorical'], drifted: (p, t) => p < t },
	jensenshannon: { name: 'jensenshannon', label: 'Jensen-Shannon distance', scoreKind: 'distance', defaultThreshold: 0.1, kinds: ['numeric', 'categorical'], drifted: (d, t) => d >= t },
	tokens: { name: 'tokens', label: 'Jensen-Shannon distance of tokens', scoreKind: 'distance', defaultThreshold: 0.1, kinds: ['text', 'sparse'], drifted: (d, t) => d >= t },
	'tokens-permutation': { name: 'tokens-permutation', label: 'token distance permutation p-value', scoreKind: 'p-value', defaultThreshold: 0.05, kinds: ['text', 'sparse'], drifted: (p, t) => p < t }
};

export const DRIFT_TEST_NAMES = Object.keys(DRIFT_TESTS) as DriftTestName[];

/** Evidently: the reference size up to which p-value tests are used, above which distances. */
export const SMALL_REFERENCE_ROWS = 1000;

/**
 * Evidently's `_get_default_stattest`. Numeric: more than 5 distinct values → KS (reference ≤ 1000
 * rows) or normed Wasserstein; at most 5 → chi-squared (Z-test at ≤ 2 values) or Jensen–Shannon.
 * Categorical: chi-squared (Z-test at ≤ 2 values) or Jensen–Shannon. Text and hashed columns:
 * token distributions, by permutation p-value or by distance (Evidently's text tests switch at
 * the same 1,000 rows, from a percentile to an absolute threshold). `distinct` counts
 * non-missing values over both samples.
 */
export function defaultDriftTest(kind: DriftColumnKind, referenceRows: number, distinct: number): DriftTestName {
	const small = referenceRows <= SMALL_REFERENCE_ROWS;
	if (kind === 'text' || kind === 'sparse') return small ? 'tokens-permutation' : 'tokens';
	if (kind === 'numeric' && distinct > 5) return small ? 'ks' : 'wasserstein';
	if (!small) return 'jensenshannon';
	return distinct > 2 ? 'chisquare' : 'z';
}
