/**
 * Category counts over the union of both samples' values, as Evidently's tests count them
 * (`value_counts` over `get_unique_not_nan_values_list_from_series`): a value present in one
 * sample only is counted 0 in the other. Keys are sorted (numbers ascending, texts by code unit),
 * so reports and the Z-test's "first value" are deterministic.
 */

export interface CategoryCounts<Key extends string | number = string | number> {
	keys: Key[];
	reference: Float64Array;
	current: Float64Array;
}

function tally<Key>(values: Iterable<Key>, into: Map<Key, [number, number]>, side: 0 | 1): void {
	for (const value of values) {
		let pair = into.get(value);
		if (!pair) into.set(value, (pair = [0, 0]));
		pair[side]++;
	}
}

/** Counts of each distinct value; missing values must already be left out. O(rows + k log k). */
export function countCategories<Key extends string | number>(reference: Iterable<Key>, current: Iterable<Key>): CategoryCounts<Key> {
	const counts = new Map<Key, [number, number]>();
	tally(reference, counts, 0);
	tally(current, counts, 1);
	const keys = [...counts.keys()].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0));
	return {
		keys,
		reference: Float64Array.from(keys, (key) => counts.get(key)![0]),
		current: Float64Array.from(keys, (key) => counts.get(key)![1])
	};
}

/** Distinct values of two sorted numeric samples together (pandas' `nunique` of their concatenation). */
export function distinctSorted(a: Float64Array, b: Float64Array): number {
	let i = 0;
	let j = 0;
	let distinct = 0;
	while (i < a.length || j < b.length) {
		const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
		distinct++;
		while (i < a.length && a[i] === next) i++;
		while (j < b.length && b[j] === next) j++;
	}
	return distinct;
}

/** Whether two samples together have at most `limit` distinct values; stops counting past it. */
export function fewDistinct<Key>(reference: Iterable<Key>, current: Iterable<Key>, limit: number): boolean {
	const seen = new Set<Key>();
	for (const sample of [reference, current]) {
		for (const value of sample) {
			seen.add(value);
			if (seen.size > limit) return false;
		}
	}
	return true;
}
