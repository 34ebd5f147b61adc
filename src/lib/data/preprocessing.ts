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

export type PreprocessingStep = StandardizeStep | HashVectorizeStep;
