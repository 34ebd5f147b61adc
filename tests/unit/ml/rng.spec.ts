import { describe, expect, it } from 'vitest';
import { createRandom, permutation, shuffleInPlace } from '../../../src/lib/ml/rng';

describe('seeded randomness', () => {
	it('permutation draws the orders shuffleInPlace draws, and leaves the generator where it would', () => {
		for (const [n, seed] of [[0, 1], [1, 2], [2, 3], [17, 4], [1000, 5]] as const) {
			const fast = createRandom(seed);
			const generic = createRandom(seed);
			for (let epoch = 0; epoch < 3; epoch++) {
				const expected = shuffleInPlace(Array.from({ length: n }, (_, i) => i), generic);
				expect(Array.from(permutation(n, fast))).toEqual(expected);
			}
			expect(fast.next()).toBe(generic.next());
		}
	});

	it('a permutation holds every row once', () => {
		const order = permutation(5000, createRandom(9));
		expect(new Set(order).size).toBe(5000);
		expect(Math.max(...order)).toBe(4999);
	});
});
