/**
 * One text's hashed row as a hash-vectorize step makes it: buckets ascending, values float32.
 * The single place the exports call the vectoriser (ml/vectorize.ts, scikit-learn's
 * HashingVectorizer with alternate_sign, norm and binary).
 */
import type { HashVectorizeStep } from '../data/preprocessing';
import { hashText } from '../ml/vectorize';

export interface HashedRow {
	/** Buckets, strictly ascending, each below step.buckets. */
	indices: Uint32Array;
	values: Float32Array;
}

export function hashedText(text: string, step: HashVectorizeStep): HashedRow {
	return hashText(text, step);
}
