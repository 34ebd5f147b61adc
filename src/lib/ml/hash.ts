/**
 * Content hashing for cache keys: a stable JSON encoding (sorted keys, typed arrays as
 * their values) and a 64-bit non-cryptographic hash (cyrb53-style, two 32-bit lanes).
 * Synchronous and identical in Node, workers and the page.
 */

export function stableStringify(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `"${String(value)}"`;
	if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
	if (ArrayBuffer.isView(value)) {
		const items = Array.from(value as unknown as ArrayLike<number>, (item) => String(item));
		return `[${items.join(',')}]`;
	}
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	if (typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, item]) => item !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
	}
	return JSON.stringify(String(value));
}

/** 64-bit hash of a string as 16 hex digits. */
export function hashString(text: string, seed = 0): string {
	let h1 = 0xdeadbeef ^ seed;
	let h2 = 0x41c6ce57 ^ seed;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ code, 2654435761);
		h2 = Math.imul(h2 ^ code, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

export function hashValue(value: unknown): string {
	return hashString(stableStringify(value));
}
