import { describe, expect, it } from 'vitest';
import { evaluateCell } from '../../../src/lib/cells/evaluate';
import type { ExecutionContext } from '../../../src/lib/cells/types';
import type { Splits, Table } from '../../../src/lib/cells/values';
import type { LinearModel } from '../../../src/lib/ml/model';

const table = (name: string, x: number[], labels: number[]): Table => ({
	kind: 'table',
	name,
	rowCount: x.length,
	columns: [{ name: 'x', type: 'numeric', values: new Float32Array(x) }],
	labelName: 'label',
	classes: ['neg', 'pos'],
	labels: new Int8Array(labels),
	source: 'test'
});

const splits = (validation: Table | null): Splits => ({
	kind: 'splits',
	train: table('train', [1, -1], [1, 0]),
	// predictions (x > 0.5 → pos): pos, pos, neg, neg, pos
	test: table('test', [2, 1, -1, 0, 3], [1, 0, 0, 1, 1]),
	validation,
	preprocessing: []
});

const model = {
	kind: 'model',
	classes: ['neg', 'pos'],
	features: [{ name: 'x', type: 'numeric' }],
	preprocessing: [],
	coef: new Float32Array([1]),
	intercept: new Float32Array([-0.5]),
	origin: { cellId: 'best', cellTitle: 'Select best', device: 'cpu' }
} as unknown as LinearModel;

const context: ExecutionContext = { cell: { id: 'evaluate', title: 'Evaluate' }, log: () => {}, progress: () => {}, file: null, now: () => 0 };

describe('evaluateCell', () => {
	it('scores the test split: confusion matrix and positive-class metrics', async () => {
		const evaluation = await evaluateCell.run({ split: 'test', positiveClass: '' }, { model: [model], data: [splits(null)] }, context);
		// actual 1 0 0 1 1, predicted 1 1 0 0 1: TP 2, FP 1, FN 1, TN 1
		expect(evaluation).toMatchObject({ kind: 'evaluation', split: 'test', model: { cellId: 'best', cellTitle: 'Select best' } });
		expect(evaluation.metrics.confusion).toEqual([
			[1, 1],
			[1, 2]
		]);
		expect(evaluateCell.summarize(evaluation)).toEqual({ accuracy: 0.6, precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, positiveClass: 'pos', rows: 5 });
	});

	it('scores the validation split when asked', async () => {
		const evaluation = await evaluateCell.run(
			{ split: 'validation', positiveClass: '' },
			{ model: [model], data: [splits(table('validation', [1, -1], [1, 0]))] },
			context
		);
		expect(evaluation.metrics).toMatchObject({ accuracy: 1, count: 2 });
	});

	it('fails clearly when the split has no validation part or an input is missing', async () => {
		await expect(evaluateCell.run({ split: 'validation', positiveClass: '' }, { model: [model], data: [splits(null)] }, context)).rejects.toThrow(
			"split 'validation' does not exist"
		);
		await expect(evaluateCell.run({ split: 'test', positiveClass: '' }, { data: [splits(null)] }, context)).rejects.toThrow("input 'model' is missing");
	});
});
