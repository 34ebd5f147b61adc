import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { Predictions } from '../../../src/lib/cells/predict';
import type { Registration } from '../../../src/lib/cells/register';
import type { CellValue, Evaluation } from '../../../src/lib/cells/values';
import { formOf } from '../../../src/lib/orchestrate/artifact-forms';

const metrics = { accuracy: 0.5, precision: NaN, recall: 1, f1: 0.25, confusion: [[1, 0], [1, 0]], classes: ['no', 'yes'], count: 2 };
const roundTrip = (value: CellValue) => {
	const form = formOf(value.kind);
	return form.decode(form.encode(value), `x.${form.suffix}`);
};

function predictions(scoreColumns: number, actual: Int8Array | null): Predictions {
	const rows = 4;
	return {
		kind: 'predictions',
		modelLabel: "'reviews' v3 (production)",
		classes: scoreColumns === 1 ? ['no', 'yes'] : ['a', 'b', 'c'],
		rowCount: rows,
		predicted: Int8Array.from([0, 1, 1, 0]),
		scores: Float32Array.from({ length: rows * scoreColumns }, (_, i) => i / 3 - 1),
		scoreColumns,
		actual,
		metrics: actual ? metrics : null,
		columns: [
			{ name: 'review', type: 'text', values: ['good', 'bad', 'so-so', ''] },
			{ name: 'price', type: 'numeric', values: Float32Array.from([1, NaN, 3, 4]) },
			{ name: 'words', type: 'sparse', width: 4, indptr: Uint32Array.from([0, 1, 1, 3, 3]), indices: Uint32Array.from([2, 0, 3]), values: Float32Array.from([1, 2, 3]) },
			// A kept column named like an array field stays a column.
			{ name: 'predicted', type: 'numeric', values: new Float32Array(rows) }
		],
		shadow: null
	};
}

describe('artifact forms', () => {
	it('predictions are an Arrow file of one row per scored row, and read back bit for bit', () => {
		for (const value of [predictions(1, Int8Array.from([0, 1, 0, 0])), predictions(3, null)]) {
			const form = formOf('predictions');
			expect(form.suffix).toBe('predictions.arrow');
			const bytes = form.encode(value);
			expect(form.decode(bytes, 'x')).toEqual(value);
			const arrow = tableFromIPC(bytes);
			expect(arrow.numRows).toBe(4);
			expect(String(arrow.getChild('predicted (descent)')!.get(1))).toBe(value.classes[1]);
			expect(arrow.getChild('review')!.get(0)).toBe('good');
		}
	});

	it('an evaluation keeps its curves as Arrow rows, with or without them', () => {
		const evaluation: Evaluation = { kind: 'evaluation', split: 'test', metrics, model: { cellId: 'm', cellTitle: 'M' }, scores: Float32Array.from([0.5, -1, 2]), actual: Int8Array.from([1, 0, 1]) };
		expect(formOf('evaluation').suffix).toBe('evaluation.arrow');
		expect(roundTrip(evaluation)).toEqual(evaluation);
		const bare: Evaluation = { kind: 'evaluation', split: 'validation', metrics, model: { cellId: 'm', cellTitle: 'M' } };
		expect(roundTrip(bare)).toEqual(bare);
	});

	it('any other kind is tagged JSON: typed arrays and NaN read back exactly', () => {
		const registration = {
			kind: 'registration',
			modelName: 'reviews',
			alias: 'production',
			gate: null,
			model: { kind: 'model', coef: Float32Array.from([0.1, NaN]), intercept: Float32Array.from([Infinity]) },
			metrics: { accuracy: NaN },
			measuredOn: 'test'
		} as unknown as Registration;
		expect(formOf('registration').suffix).toBe('value.json');
		expect(roundTrip(registration)).toEqual(registration);
		expect(() => formOf('registration').decode(new TextEncoder().encode('{"kind": 1'), '/s/k.value.json')).toThrow('/s/k.value.json');
	});
});
