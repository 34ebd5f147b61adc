import { describe, expect, it } from 'vitest';
import { trainCell, type TrainParams } from '../../../src/lib/cells/train';
import type { ExecutionContext } from '../../../src/lib/cells/types';
import type { Splits, Table } from '../../../src/lib/cells/values';
import { createRandom } from '../../../src/lib/ml/rng';

function blobTable(name: string, n: number, seed: number): Table {
	const random = createRandom(seed);
	const a = new Float32Array(n);
	const b = new Float32Array(n);
	const labels = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		labels[i] = i % 2;
		const sign = labels[i] === 1 ? 1 : -1;
		a[i] = 3 * sign + 0.5 * random.normal();
		b[i] = 3 * sign + 0.5 * random.normal();
	}
	return {
		kind: 'table',
		name,
		rowCount: n,
		columns: [
			{ name: 'a', type: 'numeric', values: a },
			{ name: 'b', type: 'numeric', values: b }
		],
		labelName: 'label',
		classes: ['neg', 'pos'],
		labels,
		source: `blobs seed ${seed}`
	};
}

const splits = (validation: boolean): Splits => ({
	kind: 'splits',
	train: blobTable('train', 40, 1),
	test: blobTable('test', 10, 2),
	validation: validation ? blobTable('validation', 10, 3) : null,
	preprocessing: [{ type: 'standardize', columns: ['a', 'b'], mean: [0, 0], std: [1, 1] }]
});

const defaults = Object.fromEntries(trainCell.fields.map((field) => [field.key, field.default])) as unknown as TrainParams;

function fakeContext() {
	const logs: string[] = [];
	const progress: [number, string | undefined][] = [];
	let clock = 100;
	const context: ExecutionContext = {
		cell: { id: 'sgd-1', title: 'SGD η=0.01' },
		log: (message) => logs.push(message),
		progress: (fraction, label) => progress.push([fraction, label]),
		file: null,
		now: () => (clock += 5)
	};
	return { context, logs, progress };
}

describe('trainCell', () => {
	it('has sklearn-like defaults', () => {
		expect(defaults).toEqual({
			alpha: 0.0001,
			schedule: 'optimal',
			eta0: 0.01,
			powerT: 0.5,
			epochs: 10,
			seed: 0,
			shuffle: true,
			fitIntercept: true,
			average: false,
			classWeight: 'none',
			batchSize: 1,
			tol: 1e-3,
			nIterNoChange: 5
		});
	});

	it('trains on the train split, reports each epoch, and measures train and validation', async () => {
		const { context, logs, progress } = fakeContext();
		const model = await trainCell.run({ ...defaults, epochs: 4 }, { data: [splits(true)] }, context);
		expect(model.kind).toBe('model');
		expect(model.classes).toEqual(['neg', 'pos']);
		expect(model.features).toEqual([{ name: 'a', type: 'numeric' }, { name: 'b', type: 'numeric' }]);
		expect(model.objectiveCurves[0]).toHaveLength(4);
		expect(model.trainMetrics.accuracy).toBe(1);
		expect(model.trainMetrics.count).toBe(40);
		expect(model.validationMetrics?.count).toBe(10);
		expect(model.origin).toEqual({ cellId: 'sgd-1', cellTitle: 'SGD η=0.01', device: 'cpu' });
		expect(model.trainingMs).toBe(5);
		expect(model.preprocessing).toEqual(splits(true).preprocessing);
		expect(progress).toEqual([
			[0.25, 'epoch 1/4'],
			[0.5, 'epoch 2/4'],
			[0.75, 'epoch 3/4'],
			[1, 'epoch 4/4']
		]);
		expect(logs.filter((line) => /^epoch \d\/4: objective /.test(line))).toHaveLength(4);
		expect(trainCell.summarize(model)).toEqual({
			finalObjective: model.finalObjective,
			trainAccuracy: 1,
			validationAccuracy: model.validationMetrics!.accuracy,
			epochs: 4
		});
	});

	it('leaves validation metrics out when the split has no validation part', async () => {
		const model = await trainCell.run(defaults, { data: [splits(false)] }, fakeContext().context);
		expect(model.validationMetrics).toBeNull();
		expect(trainCell.summarize(model)).not.toHaveProperty('validationAccuracy');
	});

	it('gives the same model for the same seed', async () => {
		const first = await trainCell.run(defaults, { data: [splits(false)] }, fakeContext().context);
		const again = await trainCell.run(defaults, { data: [splits(false)] }, fakeContext().context);
		expect(Array.from(again.coef)).toEqual(Array.from(first.coef));
		expect(again.finalObjective).toBe(first.finalObjective);
	});

	it('fails with a clear message when the learning rate diverges', async () => {
		const run = trainCell.run({ ...defaults, schedule: 'constant', eta0: 1e38 }, { data: [splits(false)] }, fakeContext().context);
		await expect(run).rejects.toThrow(/weights became .* at epoch 1 \(learning rate 1e\+38 too large\?\)/);
	});

	it('names the missing input', async () => {
		await expect(trainCell.run(defaults, {}, fakeContext().context)).rejects.toThrow("input 'data' is missing");
	});
});
