import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../../src/lib/export/base64';
import { decodeWeights, encodeWeights } from '../../../src/lib/export/weights-codec';
import { createRandom } from '../../../src/lib/ml/rng';

const bits = (row: Float32Array) => Array.from(new Uint32Array(row.buffer, row.byteOffset, row.length));

describe('base64 of the model file', () => {
	it('equals Node’s base64 at every length of a group, and reads back', () => {
		const random = createRandom(3);
		for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 100, 3 * 4096, 3 * 4096 + 1, 50_000]) {
			const bytes = Uint8Array.from({ length }, () => random.int(256));
			const text = bytesToBase64(bytes);
			expect(text).toBe(Buffer.from(bytes).toString('base64'));
			expect(base64ToBytes(text)).toEqual(bytes);
		}
	});

	it('refuses text that is not base64', () => {
		expect(() => base64ToBytes('AAA')).toThrow('base64 text of 3 characters (not a multiple of 4)');
		expect(() => base64ToBytes('AA=A')).toThrow('character 3 of the base64 text is not base64');
		expect(() => base64ToBytes('AAé=')).toThrow('character 3 of the base64 text is not base64');
	});
});

describe('weight rows', () => {
	const special = [0, -0, 1.4e-45, -1.4e-45, 1.1754942e-38, 3.4028235e38, -3.4028235e38, 1 / 3];

	it('a short row is JSON numbers; a long mostly non-zero one base64; a long mostly zero one its non-zeros — all bit for bit', () => {
		const short = Float32Array.from(special);
		expect(encodeWeights(short)).toEqual(Array.from(short));
		expect(bits(decodeWeights(encodeWeights(short), short.length))).toEqual(bits(short));

		const dense = Float32Array.from({ length: 1000 }, (_, j) => (j % 2 === 0 ? 1 : -1) * special[j % special.length]!);
		expect(typeof encodeWeights(dense)).toBe('string');
		expect(bits(decodeWeights(encodeWeights(dense), 1000))).toEqual(bits(dense));

		// −0 is kept: its bits are not all zero.
		const sparse = new Float32Array(1 << 16);
		sparse[3] = -0;
		sparse[40_000] = 2.5;
		sparse[65_535] = 1.4e-45;
		const encoded = encodeWeights(sparse);
		expect(encoded).toEqual({ indices: expect.any(String), values: expect.any(String) });
		expect(JSON.stringify(encoded).length).toBeLessThan(60);
		expect(bits(decodeWeights(encoded, 1 << 16))).toEqual(bits(sparse));
	});

	it('names what is wrong with a row', () => {
		const one = bytesToBase64(new Uint8Array(Float32Array.of(1).buffer));
		expect(() => decodeWeights([1, 2], 3)).toThrow('has 2 weights for 3 features');
		expect(() => decodeWeights(one, 2)).toThrow('has 1 weights for 2 features');
		expect(() => decodeWeights('AAAA', 1)).toThrow('the base64 row has 3 bytes, not whole float32 values');
		expect(() => decodeWeights({ indices: bytesToBase64(new Uint8Array(Uint32Array.of(9).buffer)), values: one }, 4)).toThrow('index 9 (entry 0) is out of order or beyond 4 weights');
		expect(() => decodeWeights({ indices: '', values: one }, 4)).toThrow('has 0 indices for 1 values');
		expect(() => decodeWeights(bytesToBase64(new Uint8Array(Float32Array.of(Infinity).buffer)), 1)).toThrow('weight 0 is Infinity');
	});
});
