/** Preprocessing fitted on training data and replayed, unchanged, on any later data. */

/** Standardisation: x' = (x − mean) / std, std 0 treated as 1 (as scikit-learn's StandardScaler). */
export interface StandardizeStep {
	type: 'standardize';
	columns: string[];
	mean: number[];
	std: number[];
}

/** Hashed bag of words over one text column (scikit-learn's HashingVectorizer, alternate_sign=False, norm=None). */
export interface HashVectorizeStep {
	type: 'hash-vectorize';
	column: string;
	buckets: number;
	/** Word n-grams from 1 to ngramMax. */
	ngramMax: number;
	lowercase: boolean;
	/** Tokens are runs of 2+ word characters, scikit-learn's default token_pattern. */
	tokenPattern: string;
	hash: 'murmur3_32';
	seed: number;
	/** Emitted columns are `${prefix}${bucket}`. */
	prefix: string;
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

export type PreprocessingStep = StandardizeStep | HashVectorizeStep | SparseScaleStep;
