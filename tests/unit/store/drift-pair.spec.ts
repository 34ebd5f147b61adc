import { describe, expect, it } from 'vitest';
import { initialDriftPair } from '../../../src/lib/store/drift-pair';
import type { DatasetVersionRecord } from '../../../src/lib/store/records';

type Column = DatasetVersionRecord['schema']['columns'][number];
const orders: Column[] = [
	{ name: 'price', type: 'numeric' },
	{ name: 'channel', type: 'text' }
];
const checkups: Column[] = [
	{ name: 'age', type: 'numeric' },
	{ name: 'bmi', type: 'numeric' }
];

function record(name: string, version: number, createdAt: number, columns: Column[], labelName = 'label'): DatasetVersionRecord {
	return {
		name,
		version,
		hash: `${name}-${version}`,
		createdAt,
		rowCount: 10,
		schema: { columns, labelName, classes: ['no', 'yes'] },
		statistics: { rowCount: 10, columns: [], classCounts: [] },
		source: { description: 'test', fileName: null, fileSize: null },
		diff: null
	};
}

/** name → versions, newest first, as listDatasets gives them. */
function listing(...records: DatasetVersionRecord[]): Map<string, DatasetVersionRecord[]> {
	const names = new Map<string, DatasetVersionRecord[]>();
	for (const item of [...records].sort((a, b) => b.version - a.version)) names.set(item.name, [...(names.get(item.name) ?? []), item]);
	return names;
}

describe('the drift page first compares versions worth comparing (initialDriftPair)', () => {
	it('nothing stored: no pair', () => {
		expect(initialDriftPair(new Map())).toBeNull();
	});

	it('a dataset with two versions: its newest two, the older as the reference', () => {
		const pair = initialDriftPair(listing(record('checkups', 1, 1, checkups), record('orders', 1, 2, orders), record('orders', 2, 3, orders), record('orders', 3, 4, orders)));
		expect(pair).toEqual({ reference: { name: 'orders', version: 2 }, current: { name: 'orders', version: 3 } });
	});

	it('one version each (the drift example: orders-v1 and orders-v2 beside checkups): two datasets of the same columns, not the first two names', () => {
		const pair = initialDriftPair(listing(record('checkups', 1, 1, checkups), record('orders-v1', 1, 2, orders), record('orders-v2', 1, 3, orders), record('teaching', 1, 4, checkups, 'y')));
		expect(pair).toEqual({ reference: { name: 'orders-v1', version: 1 }, current: { name: 'orders-v2', version: 1 } });
	});

	it('nothing alike: the dataset stored last against itself', () => {
		const pair = initialDriftPair(listing(record('checkups', 1, 1, checkups), record('orders', 1, 2, orders)));
		expect(pair).toEqual({ reference: { name: 'orders', version: 1 }, current: { name: 'orders', version: 1 } });
	});
});
