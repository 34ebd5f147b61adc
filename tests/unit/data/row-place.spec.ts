import { describe, expect, it } from 'vitest';
import { dataRowList, dataRowPlace, headerPlace } from '../../../src/lib/data/row-place';

describe('row-place: the one way every message names a row', () => {
	it('names a data row (header not counted) and, for a text file, its line (header = line 1)', () => {
		expect(dataRowPlace(5, 6)).toBe('data row 5 (line 6 of the file)');
		expect(dataRowPlace(5)).toBe('data row 5');
		expect(headerPlace(1)).toBe('the header (line 1 of the file)');
		expect(headerPlace()).toBe('the header');
	});

	it('lists the first rows involved, saying when there are more', () => {
		expect(dataRowList([17], 1)).toBe('data row 17');
		expect(dataRowList([17, 240, 981], 3)).toBe('data rows 17, 240, 981');
		expect(dataRowList([1, 2, 3, 4, 5], 7)).toBe('data rows 1, 2, 3, 4, 5, …');
	});
});
