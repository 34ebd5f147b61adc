/**
 * Preprocessing fitted on training data and replayed, unchanged, on any later data. Steps are
 * plain JSON-able records (no typed arrays): they survive structured clone, IndexedDB and the
 * JSON model file as they are, and their stable JSON is part of a model's identity.
 */

/** Standardisation: x' = (x − mean) / std, std 0 treated as 1 (as scikit-learn's StandardScaler). */
export interface StandardizeStep {
	type: 'standardize';
	columns: string[];
	mean: number[];
	std: number[];
}

/** Row normalisation as scikit-learn's `normalize(norm=…)`: divide a row by its L1 or L2 norm. */
export type RowNorm = 'l1' | 'l2' | 'none';

/**
 * Hashed bag of words over one text column: scikit-learn's `HashingVectorizer(analyzer='word')`,
 * field by field:
 * - `buckets` is `n_features`; `ngramMin`/`ngramMax` are `ngram_range`; `lowercase` is
 *   `lowercase` (Python's `str.lower` of the whole text, before tokenising);
 * - `tokenPattern` is `token_pattern` (always its default `(?u)\b\w\w+\b`, recorded for readers);
 * - `hash`/`seed` are `FeatureHasher`'s `murmurhash3_32(ngram UTF-8 bytes, seed=0)`: bucket
 *   abs(h) % buckets;
 * - `alternateSign` is `alternate_sign`: an n-gram adds sign(h) (h ≥ 0 → +1) instead of +1, and
 *   buckets whose signs cancel keep a stored 0, as `FeatureHasher`'s `sum_duplicates` does;
 * - `binary` is `binary`: every stored value becomes 1 (`X.data.fill(1)`, stored zeros included);
 * - `norm` is `norm`, applied last (`sklearn.preprocessing.normalize`).
 * The four optional fields are absent from steps stored before they existed; absent means what
 * Descent did then: ngramMin 1, alternateSign false, binary false, norm 'none' (read them
 * through `hashSettings`).
 */
export interface HashVectorizeStep {
	type: 'hash-vectorize';
	column: string;
	/** n_features: 2..2^24. */
	buckets: number;
	/** Word n-grams from ngramMin to ngramMax tokens, joined by one space. */
	ngramMin?: number;
	ngramMax: number;
	lowercase: boolean;
	alternateSign?: boolean;
	binary?: boolean;
	norm?: RowNorm;
	/** Tokens are runs of 2+ word characters, scikit-learn's default token_pattern. */
	tokenPattern: string;
	hash: 'murmur3_32';
	seed: number;
	/** The output features are `${prefix}${bucket}`. */
	prefix: string;
}

/** A hash-vectorize step with every option spelled out (defaults of old steps filled in). */
export type HashSettings = Required<HashVectorizeStep>;

/** The step's options, reading absent fields of older steps as the behaviour they had. */
export function hashSettings(step: HashVectorizeStep): HashSettings {
	return { ...step, ngramMin: step.ngramMin ?? 1, alternateSign: step.alternateSign ?? false, binary: step.binary ?? false, norm: step.norm ?? 'none' };
}

/**
 * TF-IDF weighting of one sparse column (hashed words), fitted on the training rows only:
 * scikit-learn's `TfidfTransformer(use_idf=True)`, field by field:
 * - `smoothIdf` is `smooth_idf`, `sublinearTf` is `sublinear_tf`, `norm` is `norm`;
 * - the fitted `idf_` is kept as document frequencies: `documents` is the number of training
 *   rows (n), `buckets` the buckets (ascending) that at least one training row stores, and `df`
 *   how many rows store each. Then idf = ln((n + s) / (df + s)) + 1 with s = 1 when smoothing,
 *   0 otherwise (`fit`), and every bucket no training row stores shares one idf, ln(n + 1) + 1
 *   when smoothing. Integers are a fraction of 2^18 floats in JSON.
 * - Unsmoothed, an unseen bucket's idf is infinite; scikit-learn then gives inf (NaN after the
 *   norm). Descent drops those entries instead, as `TfidfVectorizer` ignores words outside its
 *   vocabulary.
 * `transform`: tf = 1 + ln(tf) when sublinear, times idf, then the norm; entries that are 0 after
 * weighting are not stored (scipy's sparse product drops them).
 */
export interface TfidfStep {
	type: 'tfidf';
	/** The sparse column it weights (a hash-vectorize step's column). */
	column: string;
	/** The column's width (n_features). */
	width: number;
	smoothIdf: boolean;
	sublinearTf: boolean;
	norm: RowNorm;
	documents: number;
	buckets: number[];
	df: number[];
}


/**
 * Scaling without centring of one sparse column (hashed words), so zeros stay zeros and the rows
 * stay sparse: feature j becomes x_j / scale[j], rounded to float32. Fitted on the train rows:
 * 'standard' = the population std over every row, zeros included (scikit-learn's
 * StandardScaler(with_mean=False)); 'max-abs' = the largest |x_j| (MaxAbsScaler). A feature
 * that is constant (or never seen) has scale 1.
 */
export interface SparseScaleStep {
	type: 'sparse-scale';
	column: string;
	method: 'standard' | 'max-abs';
	/** The column's width: scale has one entry per feature. */
	width: number;
	/** One divisor per feature, each a float32 value (so an ONNX Div by a float initializer gives the same bits). */
	scale: number[];
}

/** How an impute step chose its fill values: scikit-learn's `SimpleImputer(strategy=…)`. */
export type ImputeStrategy = 'mean' | 'median' | 'most_frequent' | 'constant';

/**
 * Missing numeric values (NaN) replaced by one value per column, fitted on the train rows only:
 * scikit-learn's `SimpleImputer(missing_values=np.nan, strategy=…)`. `fill[j]` replaces every NaN
 * of `columns[j]`; it is the fitted statistic (`statistics_`) rounded to float32, since the
 * columns it goes into are float32 (so the JSON model, the per-row scorer and an ONNX float
 * initializer all fill with the same bits). Values that are present pass through unchanged.
 * 'constant' fills every column with `fillValue` (sklearn's `fill_value`, 0 by default).
 */
export interface ImputeStep {
	type: 'impute';
	strategy: ImputeStrategy;
	columns: string[];
	fill: number[];
	/** The constant of the 'constant' strategy (absent otherwise). */
	fillValue?: number;
}

export type PreprocessingStep = StandardizeStep | HashVectorizeStep | TfidfStep | SparseScaleStep | ImputeStep;
