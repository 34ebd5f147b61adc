import { describe, expect, it } from 'vitest';
import { selectCell } from '../../../src/lib/cells/select';
import type { ExecutionContext } from '../../../src/lib/cells/types';
import type { ClassificationMetrics, LinearModel } from '../../../src/lib/ml/model';

const metrics = (accuracy: number, f1: number): ClassificationMetrics => ({
	accuracy,
	precision: f1,
	recall: f1,
	f1,
	confusion: [],
	classes: ['a', 'b'],
	count: 10
});

function model(id: string, finalObjective: number, validation: ClassificationMetrics | null): LinearModel {
	return {
		kind: 'model',
		classes: ['a', 'b'],
		features: [{ name: 'x', type: 'numeric' }],
		coef: new Float32Array([1]),
		intercept: new Float32Array([0]),
		objectiveCurves: [[finalObjective]],
		finalObjective,
		hyperparameters: {
			alpha: 0.0001,
			schedule: 'constant',
			eta0: 0.01,
			powerT: 0.5,
			epochs: 1,
			seed: 0,
			shuffle: true,
			fitIntercept: true,
			average: false,
			classWeight: 'none',
			tol: 1e-3,
			nIterNoChange: 5,
			batchSize: 1
		},
		preprocessing: [],
		trainMetrics: metrics(1, 1),
		validationMetrics: validation,
		origin: { cellId: id, cellTitle: `SGD ${id}`, device: 'cpu' },
		trainingMs: 1
	};
}

function context(logs: string[] = []): ExecutionContext {
	return { cell: { id: 'best', title: 'Select best' }, log: (line) => logs.push(line), progress: () => {}, file: null, now: () => 0 };
}

describe('selectCell', () => {
	const models = [model('a', 0.5, metrics(0.8, 0.7)), model('b', 0.3, metrics(0.7, 0.9)), model('c', 0.3, metrics(0.9, 0.6))];

	it('by objective: the lowest final objective, ties to the earlier input, with the whole ranking', async () => {
		const logs: string[] = [];
		const best = await selectCell.run({ by: 'objective' }, { models }, context(logs));
		expect(best.origin.cellId).toBe('b');
		expect(best.coef).toBe(models[1]!.coef);
		expect(best.selection?.by).toBe('objective');
		expect(best.selection?.ranking.map((entry) => entry.cellId)).toEqual(['b', 'c', 'a']);
		expect(best.selection?.ranking[0]).toEqual({ cellId: 'b', cellTitle: 'SGD b', score: 0.3, finalObjective: 0.3, validationAccuracy: 0.7 });
		expect(logs.slice(1)).toEqual(['1. SGD b (b): 0.300000', '2. SGD c (c): 0.300000', '3. SGD a (a): 0.500000']);
		expect(selectCell.summarize(best)).toEqual({ best: 'SGD b', score: 0.3, candidates: 3 });
	});

	it('by validation accuracy or F1: the highest', async () => {
		const byAccuracy = await selectCell.run({ by: 'validation-accuracy' }, { models }, context());
		expect(byAccuracy.selection?.ranking.map((entry) => entry.cellId)).toEqual(['c', 'a', 'b']);
		const byF1 = await selectCell.run({ by: 'validation-f1' }, { models }, context());
		expect(byF1.origin.cellId).toBe('b');
		expect(byF1.selection?.ranking.map((entry) => entry.score)).toEqual([0.9, 0.7, 0.6]);
	});

	it('equal validation accuracies go to the lower final objective, not the input order', async () => {
		const tied = [model('first', 0.4, metrics(0.875, 0.8)), model('second', 0.2, metrics(0.875, 0.8)), model('third', 0.3, metrics(0.5, 0.5))];
		const best = await selectCell.run({ by: 'validation-accuracy' }, { models: tied }, context());
		expect(best.selection?.ranking.map((entry) => entry.cellId)).toEqual(['second', 'first', 'third']);
	});

	it('chooses among the inputs that succeeded (partial), even one', async () => {
		const best = await selectCell.run({ by: 'objective' }, { models: [models[0]!] }, context());
		expect(best.origin.cellId).toBe('a');
		expect(selectCell.summarize(best).candidates).toBe(1);
		expect(selectCell.inputs[0]).toMatchObject({ multiple: true, partial: true, required: true });
	});

	it('fails clearly when no model arrived or a model has no validation metrics', async () => {
		await expect(selectCell.run({ by: 'objective' }, { models: [] }, context())).rejects.toThrow('no model to select from');
		await expect(
			selectCell.run({ by: 'validation-f1' }, { models: [models[0]!, model('d', 0.1, null)] }, context())
		).rejects.toThrow("model from 'SGD d' has no validation metrics");
	});
});

describe('selectCell ranks like with like', () => {
	const validated = (id: string, objective: number, accuracy: number, count: number) => ({ ...model(id, objective, { ...metrics(accuracy, accuracy), count }) });

	it('refuses to rank objectives of models trained on differently preprocessed data, naming both', async () => {
		const scaled = { ...model('scaled', 0.2, null), preprocessing: [{ type: 'standardize', columns: ['x'], mean: [0], std: [1] }] } as LinearModel;
		await expect(selectCell.run({ by: 'objective' }, { models: [model('raw', 0.5, null), scaled] }, context())).rejects.toThrow(
			"cannot rank by objective: 'SGD raw' was trained on raw data, 'SGD scaled' on standardisation of 1 column"
		);
	});

	it('refuses to rank validation scores measured on different rows, naming both', async () => {
		await expect(selectCell.run({ by: 'validation-accuracy' }, { models: [validated('a', 1, 0.9, 10), validated('b', 1, 0.8, 12)] }, context())).rejects.toThrow(
			"cannot rank by validation-accuracy: 'SGD a' was validated on 10 rows (a 0, b 0), 'SGD b' on 12 rows (a 0, b 0)"
		);
		const f1OfA = { ...model('c', 1, { ...metrics(0.8, 0.8), positiveClass: 'a' }) };
		await expect(selectCell.run({ by: 'validation-f1' }, { models: [validated('a', 1, 0.9, 10), f1OfA] }, context())).rejects.toThrow(/F1 of 'b', 'SGD c' on 10 rows \(a 0, b 0\); F1 of 'a'/);
		await expect(selectCell.run({ by: 'validation-accuracy' }, { models: [validated('a', 1, 0.9, 10), validated('b', 1, 0.8, 10)] }, context())).resolves.toMatchObject({ origin: { cellId: 'a' } });
	});
});
