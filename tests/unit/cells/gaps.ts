/** Tables with missing values (NaN), as the CSV reader gives for empty, NA, NaN or null cells. */
import { defaultParams } from '../../../src/lib/cells/params';
import { splitCell } from '../../../src/lib/cells/split';
import type { Splits, Table } from '../../../src/lib/cells/values';
import { createRandom } from '../../../src/lib/ml/rng';
import { fakeContext } from './fake-context';

/**
 * `rows` measurements of two classes: length, weight (around 1.7e4, so a wrong fill shows) and
 * height, each missing in about `share` of the rows (seeded), plus a text column that has none.
 */
export function gappedTable(rows: number, share: number, seed: number): Table {
	const random = createRandom(seed);
	const labels = Int8Array.from({ length: rows }, (_, i) => i % 2);
	const gap = (value: number): number => (random.next() < share ? Number.NaN : value);
	const numeric = (name: string, make: (label: number) => number) => ({ name, type: 'numeric' as const, values: Float32Array.from(labels, (label) => gap(make(label))) });
	return {
		kind: 'table',
		name: 'measurements',
		rowCount: rows,
		columns: [
			numeric('length', (label) => 10 + 3 * label + random.normal()),
			numeric('weight', (label) => 1.7e4 + 40 * label + 30 * random.normal()),
			numeric('height', (label) => Math.round(5 - label + random.normal()))
		],
		labelName: 'kind',
		classes: ['a', 'b'],
		labels,
		source: 'test'
	};
}

export const GAP_SPLIT = { ...defaultParams(splitCell), testFraction: 0.3, validationFraction: 0.2, seed: 3, stratify: true };

export function gappedSplits(table: Table): Promise<Splits> {
	return splitCell.run(GAP_SPLIT as never, { data: [table] }, fakeContext());
}
