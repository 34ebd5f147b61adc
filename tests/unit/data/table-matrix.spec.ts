import { denseMatrix, densePreview, denseToCsr, selectMatrixRows, validateCsr, type CsrMatrix, type DenseMatrix } from '../../../src/lib/data/feature-matrix';
import type { SparseColumn } from '../../../src/lib/data/table';
import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/lib/cells/values';
import { tableToMatrix } from '../../../src/lib/data/table-matrix';

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
		expect(matrix.matrix).toMatchObject({ format: 'dense', rowCount: 2, featureCount: 2 });
		expect(Array.from((matrix.matrix as DenseMatrix).values)).toEqual([1, 3, 2, 4]);
		expect(matrix.features).toEqual([{ name: 'a', type: 'numeric' }, { name: 'b', type: 'numeric' }]);
	});

	it('writes dense rows into the array the caller supplies (the train cell: SGD kernel memory)', () => {
		const supplied = new Float32Array(4);
		const asked: number[][] = [];
		const matrix = tableToMatrix(
			table([
				{ name: 'a', type: 'numeric', values: new Float32Array([1, 2]) },
				{ name: 'b', type: 'numeric', values: new Float32Array([3, 4]) }
			]),
			undefined,
			(rows, featureCount) => (asked.push([rows, featureCount]), supplied)
		);
		expect(asked).toEqual([[2, 2]]);
		expect((matrix.matrix as DenseMatrix).values).toBe(supplied);
		expect(Array.from(supplied)).toEqual([1, 3, 2, 4]);
	});

	it('picks the named columns in the given order', () => {
		const matrix = tableToMatrix(
			table([
				{ name: 'a', type: 'numeric', values: new Float32Array([1, 2]) },
				{ name: 'b', type: 'numeric', values: new Float32Array([3, 4]) }
			]),
			[{ name: 'b', type: 'numeric' }, { name: 'a', type: 'numeric' }]
		);
		expect(Array.from((matrix.matrix as DenseMatrix).values)).toEqual([3, 1, 4, 2]);
		expect(() => tableToMatrix(table([]), [{ name: 'age', type: 'numeric' }])).toThrow("column 'age' is missing from table 'reviews': the model was trained on it");
	});

	it('joins numeric and hashed (CSR) columns into one CSR matrix, indices ascending', () => {
		const hashed: SparseColumn = { name: 'review', type: 'sparse', width: 4, indptr: Uint32Array.of(0, 2, 3), indices: Uint32Array.of(0, 3, 1), values: Float32Array.of(1, 2, 5) };
		const { matrix, features } = tableToMatrix(table([{ name: 'age', type: 'numeric', values: Float32Array.of(0, 7) }, hashed]));
		expect(features).toEqual([{ name: 'age', type: 'numeric' }, { name: 'review', type: 'sparse', width: 4 }]);
		expect(matrix.format).toBe('csr');
		const csr = matrix as CsrMatrix;
		expect([...csr.indptr]).toEqual([0, 2, 4]);
		expect([...csr.indices]).toEqual([1, 4, 0, 2]);
		expect([...csr.values]).toEqual([1, 2, 7, 5]);
		expect(() => validateCsr(csr, 'joined')).not.toThrow();
		expect([...densePreview(csr, 1)]).toEqual([0, 1, 0, 0, 2]);
		expect(() => tableToMatrix(table([hashed]), [{ name: 'review', type: 'sparse', width: 8 }])).toThrow(
			"column 'review' of table 'reviews' holds 4 hashed features: the model reads 8 hashed features"
		);
	});

	it('selects CSR rows in order without densifying, and refuses broken CSR naming the row', () => {
		const csr = denseToCsr(denseMatrix(Float32Array.of(1, 0, 0, 0, 2, 3, 0, 0, 4), 3));
		const picked = selectMatrixRows(csr, Uint32Array.of(2, 0)) as CsrMatrix;
		expect([...densePreview(picked, 2)]).toEqual([0, 0, 4, 1, 0, 0]);
		expect(() => validateCsr({ ...csr, indices: Uint32Array.of(0, 2, 1, 2) }, 'file.csv')).toThrow('file.csv: data row 2 has features out of order (2 then 1)');
	});

	it('refuses a text column, saying which cell to add', () => {
		expect(() => tableToMatrix(table([{ name: 'review', type: 'text', values: ['good', 'bad'] }]))).toThrow(
			"column 'review' is text: add a 'vectorize text' cell before training"
		);
	});

	it('refuses a missing value, naming the column and row', () => {
		expect(() => tableToMatrix(table([{ name: 'age', type: 'numeric', values: new Float32Array([1, NaN]) }]))).toThrow(
			"column 'age' has a missing or non-numeric value at data row 2"
		);
	});
});
