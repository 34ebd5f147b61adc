/**
 * One text's hashed row as a hash-vectorize step makes it: buckets ascending, values float32.
 * The single place the exports call the vectoriser, so that moving to `hashText(text, step)`
 * of ml/vectorize.ts (alternate_sign, norm, binary, TF-IDF) is a one-line change here.
 */
import type { HashVectorizeStep } from '../data/preprocessing';
import { hashCounts } from '../ml/vectorize';

export interface HashedRow {
	/** Buckets, strictly ascending, each below step.buckets. */
	indices: Uint32Array;
	values: Float32Array;
}

export function hashedText(text: string, step: HashVectorizeStep): HashedRow {
	const counts = hashCounts(text, step);
	const indices = Uint32Array.from(counts.keys()).sort();
	return { indices, values: Float32Array.from(indices, (bucket) => counts.get(bucket)!) };
}
