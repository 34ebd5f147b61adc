import { describe, expect, it } from 'vitest';
import { formatDataValue, formatNumberPair } from '../../../src/lib/components/format';

const asFloat32 = (values: number[]) => Array.from(new Float32Array(values));

describe('formatDataValue', () => {
	it('prints whole numbers whole, missing cells and infinities as themselves', () => {
		expect(asFloat32([4, 38, 0, -2, NaN, Infinity]).map(formatDataValue)).toEqual(['4', '38', '0', '-2', 'NaN', 'Infinity']);
	});

	it('prints a value as the file wrote it, without padding zeros (0.066, not 0.06600)', () => {
		// The trial's values: 0.066 read "0.06600" and 0.199 "0.1990" beside "4.000".
		expect(asFloat32([0.066, 0.199, 0.125, 4, 38, 12.5, -0.5, 1e-7]).map(formatDataValue)).toEqual(['0.066', '0.199', '0.125', '4', '38', '12.5', '-0.5', '1e-7']);
	});

	it('stops at 7 significant digits, where a float32 shows only its rounding', () => {
		expect(formatDataValue(Math.fround(Math.PI))).toBe('3.141593');
		expect(formatDataValue(Math.fround(123.456789))).toBe('123.4568');
		// A double (not a float32 column) is matched as a double.
		expect(formatDataValue(0.1 + 0.2)).toBe('0.3');
		expect(formatDataValue(0.066)).toBe('0.066');
	});
});

describe('formatNumberPair', () => {
	it('writes two numbers that differ with the digits it takes to tell them apart', () => {
		expect(formatNumberPair(1.94012, 1.94034)).toEqual(['1.9401', '1.9403']);
		expect(formatNumberPair(0.5, 0.75)).toEqual(['0.5', '0.75']);
		expect(formatNumberPair(3, 4)).toEqual(['3', '4']);
		expect(formatNumberPair(NaN, 2.5)).toEqual(['—', '2.5']);
		expect(formatNumberPair(0.1 + 0.2, 0.3)).toEqual(['0.30000000000000004', '0.3']);
	});
});
