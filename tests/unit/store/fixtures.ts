import 'fake-indexeddb/auto';
import type { Table } from '../../../src/lib/cells/values';
import type { LinearModel } from '../../../src/lib/ml/model';
import { openStore, type Store } from '../../../src/lib/store/database';
import type { Lineage } from '../../../src/lib/store/records';

let counter = 0;

/** A store on a database no other test uses. */
export function freshStore(): Promise<Store> {
	counter++;
	return openStore({ name: `test-${process.pid}-${counter}-${Math.random().toString(36).slice(2)}` });
}

export function table(values: number[], labels: number[], options: { name?: string; text?: string[] } = {}): Table {
	const columns: Table['columns'] = [{ name: 'x', type: 'numeric', values: Float32Array.from(values) }];
	if (options.text) columns.push({ name: 'review', type: 'text', values: options.text });
	return {
		kind: 'table',
		name: options.name ?? 'data',
		rowCount: values.length,
		columns,
		labelName: 'label',
		classes: ['neg', 'pos'],
		labels: Int8Array.from(labels),
		source: 'test'
	};
}

export function model(weight: number, accuracy = 0.8): LinearModel {
	const metrics = { accuracy, precision: accuracy, recall: accuracy, f1: accuracy, confusion: [[1, 0], [0, 1]], classes: ['neg', 'pos'], count: 2 };
	return {
		kind: 'model',
		classes: ['neg', 'pos'],
		features: [{ name: 'x', type: 'numeric' }, { name: 'y', type: 'numeric' }],
		coef: Float32Array.from([weight, -weight]),
		intercept: Float32Array.from([0.5]),
		objectiveCurves: [[1, 0.5, NaN]],
		finalObjective: 0.5,
		hyperparameters: { alpha: 0.0001, schedule: 'constant', eta0: 0.01, powerT: 0.5, epochs: 3, seed: 7, shuffle: true, fitIntercept: true, average: false, classWeight: 'none', tol: 0.001, nIterNoChange: 5, batchSize: 1 },
		preprocessing: [],
		trainMetrics: metrics,
		validationMetrics: null,
		origin: { cellId: 'sgd', cellTitle: 'SGD', device: 'cpu' },
		trainingMs: 1
	};
}

export const lineage: Lineage = {
	datasetHashes: ['ab'.repeat(32)],
	notebookId: 'nb-1',
	notebookTitle: 'Test notebook',
	notebookHash: '0123456789abcdef',
	cellId: 'sgd',
	cellTitle: 'SGD',
	seed: 7,
	appVersion: '0.1.0',
	device: 'CPU'
};

export function registration(weight: number, accuracy: number, alias = '') {
	const trained = model(weight, accuracy);
	return { name: 'sentiment', model: trained, metrics: { accuracy, f1: accuracy }, measuredOn: 'test' as const, lineage, alias };
}
