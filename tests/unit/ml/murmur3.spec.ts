import { describe, expect, it } from 'vitest';
import { hashBucket, murmur3Bytes, murmur3Range, murmur3Signed, murmur3Unsigned } from '../../../src/lib/ml/murmur3';

describe('murmur3', () => {
	it('murmur3Signed(text, seed) equals scikit-learn murmurhash3_32 (its own test vectors)', () => {
		expect(murmur3Signed('foo', 0)).toBe(-156908512);
		expect(murmur3Signed('foo', 42)).toBe(-1322301282);
		expect(murmur3Unsigned('foo', 0)).toBe(4138058784);
		expect(murmur3Unsigned('foo', 42)).toBe(2972666014);
	});

	it('murmur3Unsigned(text, seed) matches the published MurmurHash3_x86_32 vectors, tail lengths 0 to 3 and UTF-8', () => {
		expect(murmur3Unsigned('', 0)).toBe(0);
		expect(murmur3Unsigned('', 1)).toBe(0x514e28b7);
		expect(murmur3Unsigned('', 0xffffffff)).toBe(0x81f16f39);
		expect(murmur3Unsigned('aaaa', 0x9747b28c)).toBe(0x5a97808a);
		expect(murmur3Unsigned('aaa', 0x9747b28c)).toBe(0x283e0130);
		expect(murmur3Unsigned('aa', 0x9747b28c)).toBe(0x5d211726);
		expect(murmur3Unsigned('a', 0x9747b28c)).toBe(0x7fa09ea6);
		expect(murmur3Unsigned('Hello, world!', 0x9747b28c)).toBe(0x24884cba);
		expect(murmur3Unsigned('The quick brown fox jumps over the lazy dog', 0x9747b28c)).toBe(0x2fa826cd);
		expect(murmur3Unsigned('ππππππππ', 0x9747b28c)).toBe(0xd58063c1);
	});

	it('hashBucket(text, buckets) is abs(signed hash) % buckets, as HashingVectorizer', () => {
		expect(hashBucket('foo', 1024)).toBe(156908512 % 1024);
		expect(hashBucket('foo', 2 ** 20)).toBe(156908512 % 2 ** 20);
	});

	it('murmur3Range(bytes, start, end, seed) hashes a slice in place, as murmur3Bytes of a copy, every tail length', () => {
		const bytes = new TextEncoder().encode('xx The quick brown fox, ππ, 東京 😀 yy');
		for (let start = 0; start < 8; start++) {
			for (let end = start; end <= bytes.length; end += 1) {
				expect(murmur3Range(bytes, start, end, 42)).toBe(murmur3Bytes(bytes.slice(start, end), 42));
			}
		}
		expect(murmur3Range(new TextEncoder().encode('[foo]'), 1, 4)).toBe(murmur3Unsigned('foo'));
	});
});
