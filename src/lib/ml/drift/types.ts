/**
 * What a drift report holds: per column the test, its score, the threshold and the verdict, and
 * the two distributions to draw. Plain data with typed arrays only where they are large, so a
 * report crosses to a worker and into IndexedDB as it is.
 */

/**
 * The drift tests (Evidently's names where they are Evidently's):
 * - ks: two-sample Kolmogorov–Smirnov p-value (numeric);
 * - wasserstein: Wasserstein distance normed by the reference's standard deviation (numeric);
 * - chisquare: chi-squared p-value of the category counts;
 * - z: two-proportion Z-test p-value (two values);
 * - jensenshannon: Jensen–Shannon distance of the category shares, or of Sturges bins for a
 *   numeric column with over 20 distinct reference values;
 * - tokens: Jensen–Shannon distance of the token frequency distributions (text), or of the
 *   buckets' non-zero counts (a hashed, sparse column), for references over 1,000 rows;
 * - tokens-permutation: the p-value of that distance against 100 random re-splits of the pooled
 *   rows (references up to 1,000 rows, where the distance alone is inflated by sampling noise).
 *   Evidently instead trains a classifier to tell the samples apart; Descent compares token
 *   distributions (see text-drift.ts and token-permutation.ts).
 */
export type DriftTestName = 'ks' | 'wasserstein' | 'chisquare' | 'z' | 'jensenshannon' | 'tokens' | 'tokens-permutation';

/** How a column is compared: numbers, categories (a text column with few values), free text, hashed words. */
export type DriftColumnKind = 'numeric' | 'categorical' | 'text' | 'sparse';

/** A user's choice for one column; absent fields keep the default. */
export interface DriftColumnOverride {
	test?: DriftTestName;
	threshold?: number;
}

export interface DriftOptions {
	/** Column name → the test and/or threshold to use instead of the default. */
	overrides?: Record<string, DriftColumnOverride>;
	/** The dataset drifts when at least this share of columns drift (Evidently: 0.5). */
	shareThreshold?: number;
	/** Only these columns (default: every column both tables have). */
	columns?: string[];
}

/** Each side's rows that went into the test, and what was left out as missing (NaN or ±Infinity). */
export interface SampleCounts {
	rows: number;
	missing: number;
	/** missing / rows, 0..1 (0 for an empty sample). */
	missingShare: number;
}

/** What to draw: shares (each side sums to ≤ 1) of bins or of the top categories/tokens/buckets. */
export type DriftDistribution =
	| { type: 'histogram'; edges: number[]; reference: number[]; current: number[] }
	| {
			type: 'categories';
			labels: string[];
			reference: number[];
			current: number[];
			/** Distinct categories/tokens/buckets beyond the labels shown (0 when all are shown). */
			more: number;
	  };

export interface ColumnDrift {
	column: string;
	kind: DriftColumnKind;
	test: DriftTestName;
	/** e.g. "K-S p-value", "Wasserstein distance (normed)". */
	testLabel: string;
	/** 'p-value': drift when below the threshold (≤ for KS, as Evidently); 'distance': drift at or above it. */
	scoreKind: 'p-value' | 'distance';
	/** The test's p-value or distance; null when the column could not be tested (see `note`). */
	score: number | null;
	/** The underlying statistic (KS D, χ², z, raw Wasserstein distance) where it differs from the score. */
	statistic: number | null;
	threshold: number;
	drifted: boolean;
	/** The test or threshold was set by the user rather than chosen by Evidently's rules. */
	overridden: boolean;
	/** Distinct non-missing values over both samples (numeric and categorical columns; null for text). */
	distinct: number | null;
	reference: SampleCounts;
	current: SampleCounts;
	distribution: DriftDistribution;
	/** Why a column could not be tested (e.g. no values left after removing missing ones); then drifted is false. */
	note?: string;
}

export interface DriftReport {
	kind: 'drift-report';
	referenceName: string;
	currentName: string;
	referenceRows: number;
	currentRows: number;
	columns: ColumnDrift[];
	driftedColumns: number;
	/** driftedColumns / tested columns, 0..1. */
	driftShare: number;
	shareThreshold: number;
	datasetDrift: boolean;
	/** Columns one table has and the other lacks (a model's outputs aside): named, not tested. */
	unmatched: string[];
	/**
	 * A model's outputs (a predict cell's scores and predicted class) that one side has and the
	 * other, a table, cannot: named apart from `unmatched`, not tested. Absent in reports kept
	 * before it was added.
	 */
	modelOutputs?: string[];
}
