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

/**
 * Two classes over one hashed-text column of `width` buckets (a few words a row, the class's
 * words likelier) and a numeric one: the table's matrix is CSR, as a vectorised text split's.
 */
export function wideTextTable(name: string, n: number, seed: number, width: number): Table {
	const random = createRandom(seed);
	const labels = Int8Array.from({ length: n }, (_, i) => i % 2);
	const indptr = new Uint32Array(n + 1);
	const indices: number[] = [];
	const values: number[] = [];
	for (let i = 0; i < n; i++) {
		const words = new Set<number>();
		for (let k = 0; k < 4; k++) words.add(random.next() < 0.6 ? labels[i]! * 7 + k : Math.floor(random.next() * width));
		for (const word of [...words].sort((a, b) => a - b)) {
			indices.push(word);
			values.push(1);
		}
		indptr[i + 1] = indices.length;
	}
	return {
		kind: 'table',
		name,
		rowCount: n,
		columns: [
			{ name: 'length', type: 'numeric', values: Float32Array.from({ length: n }, () => random.normal()) },
			{ name: 'words', type: 'sparse', width, indptr, indices: Uint32Array.from(indices), values: Float32Array.from(values) }
		],
		labelName: 'label',
		classes: ['neg', 'pos'],
		labels,
		source: `words seed ${seed}`
	};
}

export function wideTextSplits(width: number): Splits {
	return { kind: 'splits', train: wideTextTable('train', 48, 1, width), test: wideTextTable('test', 12, 2, width), validation: wideTextTable('validation', 16, 3, width), preprocessing: [] };
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
