import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/lib/cells/values';
import { tableToMatrix } from '../../../src/lib/data/table-matrix';
import { modelMetrics } from '../../../src/lib/ml/metrics';
import { decisionScores, labelsForModel, labelsFromScores, predictTable } from '../../../src/lib/ml/predict';

const table: Table = {
	kind: 'table',
	name: 'points',
	rowCount: 3,
	columns: [
		{ name: 'b', type: 'numeric', values: new Float32Array([0, 1, -1]) },
		{ name: 'a', type: 'numeric', values: new Float32Array([2, 0, 1]) }
	],
	labelName: 'label',
	classes: ['no', 'yes'],
	labels: new Int8Array([1, 0, 0]),
	source: 'test'
};

describe('predict', () => {
	const binary = { classes: ['no', 'yes'], features: [{ name: 'a', type: 'numeric' as const }, { name: 'b', type: 'numeric' as const }], coef: new Float32Array([1, 2]), intercept: new Float32Array([-1]) };

	it('decisionScores(model, matrix) is w·x + b, columns matched by name', () => {
		// rows (a, b): (2, 0) → 1; (0, 1) → 1; (1, −1) → −2
		expect(Array.from(decisionScores(binary, tableToMatrix(table, binary.features).matrix))).toEqual([1, 1, -2]);
	});

	it('binary: a positive score predicts classes[1]', () => {
		expect(Array.from(predictTable(binary, table).predicted)).toEqual([1, 1, 0]);
		expect(Array.from(labelsFromScores(new Float32Array([0, 0.1]), 1))).toEqual([0, 1]);
	});

	it('one-vs-rest: the first highest score wins', () => {
		expect(Array.from(labelsFromScores(new Float32Array([1, 3, 2, 5, 5, 0]), 3))).toEqual([1, 0]);
	});

	it('labelsForModel maps the table classes onto the model classes by name', () => {
		const model = { classes: ['yes', 'no'] };
		expect(Array.from(labelsForModel(model, table))).toEqual([0, 1, 1]);
		expect(() => labelsForModel({ classes: ['yes', 'maybe'] }, table)).toThrow(
			"data row 2 of table 'points' has class 'no', which the model never saw"
		);
	});

	it('modelMetrics scores the table with the model', () => {
		const metrics = modelMetrics(binary, table);
		// actual 1 0 0, predicted 1 1 0
		expect(metrics.confusion).toEqual([
			[1, 1],
			[0, 1]
		]);
		expect(metrics.accuracy).toBeCloseTo(2 / 3, 12);
	});
});
