import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { Splits, Table } from '../../../src/lib/cells/values';
import { unlabelled } from '../../../src/lib/data/table';
import { decodeArrowValue, encodeSplitsArrow, encodeTableArrow } from '../../../src/lib/orchestrate/arrow-codec';

function table(rows: number, offset = 0): Table {
	const indptr = new Uint32Array(rows + 1);
	const indices: number[] = [];
	const values: number[] = [];
	for (let i = 0; i < rows; i++) {
		// Row i stores features i % 3 and (i % 3) + 5, except every fourth row, which is empty.
		if (i % 4 !== 3) {
			indices.push(i % 3, (i % 3) + 5);
			values.push(i + offset, -(i + offset) / 2);
		}
		indptr[i + 1] = indices.length;
	}
	return {
		kind: 'table',
		name: 'reviews',
		rowCount: rows,
		columns: [
			{ name: 'price', type: 'numeric', values: Float32Array.from({ length: rows }, (_, i) => (i === 1 ? NaN : i * 0.1 + offset)) },
			{ name: 'text', type: 'text', values: Array.from({ length: rows }, (_, i) => `review ${i + offset} ✓`) },
			{ name: 'words', type: 'sparse', width: 8, indptr, indices: Uint32Array.from(indices), values: Float32Array.from(values) },
			// A feature that shares the label's name must not be taken for it.
			{ name: 'label', type: 'numeric', values: new Float32Array(rows).fill(7) }
		],
		labelName: 'label',
		classes: ['negative', 'positive'],
		labels: Int8Array.from({ length: rows }, (_, i) => i % 2),
		source: 'reviews.csv',
		preprocessing: [{ type: 'standardize', columns: ['price'], mean: [NaN], std: [2] }]
	};
}

describe('Arrow codec', () => {
	it('a table with numeric (NaN kept), text and CSR columns reads back bit for bit', () => {
		const original = table(9);
		const decoded = decodeArrowValue(encodeTableArrow(original), 'test') as Table;
		expect(decoded).toEqual(original);
		expect(Number.isNaN((decoded.columns[0]!.values as Float32Array)[1])).toBe(true);
	});

	it('is an ordinary Arrow file: labels a dictionary of the classes, the sparse column a list of (index, value), its width in field metadata', () => {
		const arrow = tableFromIPC(encodeTableArrow(table(5)));
		expect(arrow.numRows).toBe(5);
		expect(arrow.schema.fields.map((field) => field.metadata.get('descent.type'))).toEqual(['numeric', 'text', 'sparse', 'numeric', 'label']);
		expect(arrow.getChildAt(4)!.toArray().length).toBe(5);
		expect([...arrow.getChildAt(4)!].slice(0, 2)).toEqual(['negative', 'positive']);
		expect(arrow.schema.fields[2]!.metadata.get('descent.width')).toBe('8');
		const firstRow = arrow.getChildAt(2)!.get(0)!;
		expect([...firstRow].map((entry) => [entry!.index, entry!.value])).toEqual([[0, 0], [5, -0]]);
		expect(JSON.parse(arrow.schema.metadata.get('descent.value')!).parts[0].preprocessing[0].type).toBe('standardize');
	});

	it('splits keep each part, an empty part and no validation', () => {
		const withValidation: Splits = { kind: 'splits', train: table(7), test: table(3, 100), validation: table(0), preprocessing: [{ type: 'standardize', columns: ['price'], mean: [1], std: [1] }] };
		expect(decodeArrowValue(encodeSplitsArrow(withValidation), 'test')).toEqual(withValidation);
		const without: Splits = { ...withValidation, validation: null };
		expect(decodeArrowValue(encodeSplitsArrow(without), 'test')).toEqual(without);
	});

	it('rows without labels (rows to score) have no label field and read back as they were', () => {
		const original: Table = { ...table(6), ...unlabelled() };
		const bytes = encodeTableArrow(original);
		expect(tableFromIPC(bytes).schema.fields.map((field) => field.name)).toEqual(['price', 'text', 'words', 'label']);
		expect(decodeArrowValue(bytes, 'test')).toEqual(original);
	});

	it('refuses bytes that are not a Descent Arrow file, naming where', () => {
		expect(() => decodeArrowValue(new Uint8Array([1, 2, 3]), '/store/x.table.arrow')).toThrow(/\/store\/x\.table\.arrow/);
		const bytes = encodeTableArrow(table(4));
		expect(() => decodeArrowValue(bytes.slice(0, bytes.length - 40), 'cut.arrow')).toThrow(/cut\.arrow/);
	});
});
