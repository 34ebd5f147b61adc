import { describe, expect, it } from 'vitest';
import { assertNoMissing, countMissing, missingColumns } from '../../../src/lib/data/missing';
import type { Table } from '../../../src/lib/data/table';

function table(a: number[], b: number[]): Pick<Table, 'columns' | 'rowCount'> {
	return {
		rowCount: a.length,
		columns: [
			{ name: 'a', type: 'numeric', values: Float32Array.from(a) },
			{ name: 'b', type: 'numeric', values: Float32Array.from(b) },
			{ name: 'text', type: 'text', values: a.map(() => '') }
		]
	};
}

describe('missing values', () => {
	it('counts NaN cells per numeric column and names them in the refusal', () => {
		const t = table([1, NaN, 3, NaN], [0, 1, 2, 3]);
		expect(countMissing(t.columns[0]!)).toBe(2);
		expect(countMissing(t.columns[2]!)).toBe(0);
		expect(missingColumns(t)).toEqual([{ name: 'a', count: 2, share: 0.5 }]);
		expect(() => assertNoMissing(t, 'the train split')).toThrow(/the train split has missing values in 'a' \(2 of 4 rows\).*impute/);
	});

	it('passes a table without missing values', () => {
		expect(() => assertNoMissing(table([1, 2], [3, 4]), 'x')).not.toThrow();
		expect(missingColumns(table([], []))).toEqual([]);
	});
});
