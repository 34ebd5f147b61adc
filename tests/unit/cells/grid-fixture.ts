import type { GridParams } from '../../../src/lib/cells/grid-configurations';
import type { Splits, Table } from '../../../src/lib/cells/values';
import { createRandom } from '../../../src/lib/ml/rng';

/** Overlapping clouds in 3-D, `classes` of them (3 exercises one-vs-rest). */
export function cloudTable(name: string, n: number, seed: number, classes = 2): Table {
	const random = createRandom(seed);
	const columns = ['a', 'b', 'c'].map((column) => ({ name: column, type: 'numeric' as const, values: new Float32Array(n) }));
	const labels = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		labels[i] = i % classes;
		columns.forEach((column, j) => {
			column.values[i] = (j === labels[i] ? 1.5 : 0) + random.normal();
		});
	}
	const names = ['neg', 'pos', 'third'].slice(0, classes);
	return { kind: 'table', name, rowCount: n, columns, labelName: 'label', classes: names, labels, source: `clouds seed ${seed}` };
}

export function cloudSplits(classes = 2): Splits {
	return {
		kind: 'splits',
		train: cloudTable('train', 61, 1, classes),
		test: cloudTable('test', 20, 2, classes),
		validation: cloudTable('validation', 23, 3, classes),
		preprocessing: []
	};
}

export function gridParams(overrides: Partial<GridParams> = {}): GridParams {
	return {
		learningRates: ['0.001', '0.1'],
		alphas: ['0.0001', '0.01'],
		schedules: ['constant', 'optimal', 'invscaling', 'adaptive'],
		epochs: ['3'],
		seeds: ['1', '2'],
		powerT: 0.5,
		batchSize: 1,
		average: false,
		fitIntercept: true,
		device: 'auto',
		...overrides
	};
}
