import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/lib/cells/values';
import { tableToMatrix } from '../../../src/lib/ml/matrix';

const table = (columns: Table['columns']): Table => ({
	kind: 'table',
	name: 'reviews',
	rowCount: 2,
	columns,
	labelName: 'label',
	classes: ['neg', 'pos'],
	labels: new Int8Array([0, 1]),
	source: 'test'
});

describe('tableToMatrix', () => {
	it('lays the numeric columns out row-major, with their names', () => {
		const matrix = tableToMatrix(
			table([
				{ name: 'a', type: 'numeric', values: new Float32Array([1, 2]) },
				{ name: 'b', type: 'numeric', values: new Float32Array([3, 4]) }
			])
		);
		expect(Array.from(matrix.values)).toEqual([1, 3, 2, 4]);
		expect(matrix).toMatchObject({ rowCount: 2, featureCount: 2, featureNames: ['a', 'b'] });
	});

	it('picks the named columns in the given order', () => {
		const matrix = tableToMatrix(
			table([
				{ name: 'a', type: 'numeric', values: new Float32Array([1, 2]) },
				{ name: 'b', type: 'numeric', values: new Float32Array([3, 4]) }
			]),
			['b', 'a']
		);
		expect(Array.from(matrix.values)).toEqual([3, 1, 4, 2]);
		expect(() => tableToMatrix(table([]), ['age'])).toThrow("column 'age' is missing from table 'reviews': the model was trained on it");
	});

	it('refuses a text column, saying which cell to add', () => {
		expect(() => tableToMatrix(table([{ name: 'review', type: 'text', values: ['good', 'bad'] }]))).toThrow(
			"column 'review' is text: add a 'vectorize text' cell before training"
		);
	});

	it('refuses a missing value, naming the column and row', () => {
		expect(() => tableToMatrix(table([{ name: 'age', type: 'numeric', values: new Float32Array([1, NaN]) }]))).toThrow(
			"column 'age' has a missing or non-numeric value at row 2"
		);
	});
});
