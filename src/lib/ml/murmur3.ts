/**
 * MurmurHash3, x86 32-bit variant, over the UTF-8 bytes of a string: the hash scikit-learn's
 * HashingVectorizer uses (`sklearn.utils.murmurhash3_32`), so bucket indices agree with it.
 */

const encoder = new TextEncoder();

/** The unsigned 32-bit hash of some bytes. */
export function murmur3Bytes(bytes: Uint8Array, seed = 0): number {
	return murmur3Range(bytes, 0, bytes.length, seed);
}

/**
 * The unsigned 32-bit hash of `bytes[start, end)`: lets the vectorizer hash tokens where they lie
 * in one scratch buffer, with no view or copy per token.
 */
export function murmur3Range(bytes: Uint8Array, start: number, end: number, seed = 0): number {
	const c1 = 0xcc9e2d51;
	const c2 = 0x1b873593;
	const length = end - start;
	const blockEnd = start + (length & ~3);
	let h = seed >>> 0;

	// Body: four bytes at a time, little-endian.
	for (let i = start; i < blockEnd; i += 4) {
		let k =
			(bytes[i] as number) |
			((bytes[i + 1] as number) << 8) |
			((bytes[i + 2] as number) << 16) |
			((bytes[i + 3] as number) << 24);
		k = Math.imul(k, c1);
		k = (k << 15) | (k >>> 17);
		k = Math.imul(k, c2);
		h ^= k;
		h = (h << 13) | (h >>> 19);
		h = (Math.imul(h, 5) + 0xe6546b64) | 0;
	}

	// Tail: the last one to three bytes.
	let k = 0;
	switch (length & 3) {
		case 3:
			k ^= (bytes[blockEnd + 2] as number) << 16;
		// falls through
		case 2:
			k ^= (bytes[blockEnd + 1] as number) << 8;
		// falls through
		case 1:
			k ^= bytes[blockEnd] as number;
			k = Math.imul(k, c1);
			k = (k << 15) | (k >>> 17);
			k = Math.imul(k, c2);
			h ^= k;
	}

	// Finalisation: mix the length in and avalanche.
	h ^= length;
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** scikit-learn's `murmurhash3_32(text, seed)`: the hash as a signed 32-bit integer. */
export function murmur3Signed(text: string, seed = 0): number {
	return murmur3Bytes(encoder.encode(text), seed) | 0;
}

/** scikit-learn's `murmurhash3_32(text, seed, positive=True)`. */
export function murmur3Unsigned(text: string, seed = 0): number {
	return murmur3Bytes(encoder.encode(text), seed);
}

/**
 * The column HashingVectorizer puts a feature in: abs(signed hash) % buckets. For the one
 * hash whose absolute value overflows int32 (−2³¹) scikit-learn defines the result as
 * 2³¹ % buckets, which is what plain JavaScript arithmetic gives.
 */
export function hashBucket(text: string, buckets: number, seed = 0): number {
	return Math.abs(murmur3Signed(text, seed)) % buckets;
}
