import { describe, expect, it } from 'vitest';
import { trainCell, type TrainParams } from '../../../src/lib/cells/train';
import type { ExecutionContext } from '../../../src/lib/cells/types';
import type { Splits, Table } from '../../../src/lib/cells/values';
import { setDenseKernelEnabled } from '../../../src/lib/ml/dense-kernel';
import { modelMetrics } from '../../../src/lib/ml/metrics';
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
		// Running estimates are marked; the last epoch's objective is exact.
		expect(logs.filter((line) => /^epoch [123]\/4: objective ≈ \d/.test(line))).toHaveLength(3);
		expect(logs).toContain(`epoch 4/4: objective ${model.finalObjective.toPrecision(6)}`);
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

	it('scores the train metrics from its own matrix exactly as modelMetrics scores the table, with and without the wasm kernel', async () => {
		for (const batchSize of [1, 4]) {
			for (const average of [false, true]) {
				const parts = splits(false);
				const model = await trainCell.run({ ...defaults, batchSize, average, epochs: 3 }, { data: [parts] }, fakeContext().context);
				expect(model.trainMetrics).toEqual(modelMetrics(model, parts.train));
				setDenseKernelEnabled(false);
				const js = await trainCell.run({ ...defaults, batchSize, average, epochs: 3 }, { data: [parts] }, fakeContext().context);
				setDenseKernelEnabled(true);
				expect(Array.from(js.coef)).toEqual(Array.from(model.coef));
				expect(js.finalObjective).toBe(model.finalObjective);
			}
		}
	});

	it('gives the same model for the same seed', async () => {
		const first = await trainCell.run(defaults, { data: [splits(false)] }, fakeContext().context);
		const again = await trainCell.run(defaults, { data: [splits(false)] }, fakeContext().context);
		expect(Array.from(again.coef)).toEqual(Array.from(first.coef));
		expect(again.finalObjective).toBe(first.finalObjective);
	});

	it('fails with a clear message when the learning rate diverges', async () => {
		const run = trainCell.run({ ...defaults, schedule: 'constant', eta0: 1e38 }, { data: [splits(false)] }, fakeContext().context);
		await expect(run).rejects.toThrow(/^Floating-point under-\/overflow occurred at epoch #1: .* became .*η = 1e\+38/);
	});

	it('fails, naming the epoch and suggesting a scale cell, when features of magnitude 1e21 overflow float32', async () => {
		// The issue's case: two columns around ±1e21 made every score ±Infinity or NaN while the cell succeeded.
		const huge = (table: Table): Table => ({
			...table,
			columns: table.columns.map((column) =>
				column.type === 'numeric' ? { ...column, values: Float32Array.from(column.values, (value) => value * 1e21) } : column
			)
		});
		const data = splits(true);
		const unscaled: Splits = { ...data, train: huge(data.train), test: huge(data.test), validation: huge(data.validation!), preprocessing: [] };
		const run = trainCell.run(defaults, { data: [unscaled] }, fakeContext().context);
		await expect(run).rejects.toThrow(
			/^Floating-point under-\/overflow occurred at epoch #1: the margin of training data row \d+ became -?\d\.\de\+\d+, beyond float32's range\. Scaling the input data might help: add a scale cell before training/
		);
	});

	it('three classes: progress advances epoch by epoch across the one-vs-rest problems', async () => {
		const data = splits(false);
		const labels = Int8Array.from(data.train.labels, (_, i) => i % 3);
		const three: Splits = { ...data, train: { ...data.train, labels, classes: ['x', 'y', 'z'] } };
		const { context, progress, logs } = fakeContext();
		const model = await trainCell.run({ ...defaults, epochs: 2 }, { data: [three] }, context);
		expect(model.coef).toHaveLength(6);
		const fractions = progress.map(([fraction]) => fraction);
		expect(fractions).toHaveLength(6);
		fractions.forEach((fraction, k) => expect(fraction).toBeCloseTo((k + 1) / 6, 12));
		expect(logs).toContain("class 'z' vs rest: epoch 2/2: objective " + model.objectiveCurves[2]![1]!.toPrecision(6));
	});

	it('names the missing input', async () => {
		await expect(trainCell.run(defaults, {}, fakeContext().context)).rejects.toThrow("input 'data' is missing");
	});
});
