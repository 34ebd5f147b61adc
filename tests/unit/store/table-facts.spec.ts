import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/lib/data/table';
import { hashTable } from '../../../src/lib/store/content-hash';
import { loadTable, saveDatasetVersion } from '../../../src/lib/store/datasets';
import { tableStatistics } from '../../../src/lib/store/statistics';
import { measureInPlace, type MeasureTable } from '../../../src/lib/store/table-facts';
import { freshStore, table } from './fixtures';

const source = { description: 'test' };

/** A table as the page holds it: numeric columns as views into one buffer at offsets, a NaN with a payload, text. */
function viewedTable(rows: number): Table {
	const shared = new Float32Array(2 * rows + 3);
	for (let i = 0; i < shared.length; i++) shared[i] = Math.sin(i) * 10;
	const a = shared.subarray(1, 1 + rows);
	const b = shared.subarray(2 + rows, 2 + 2 * rows);
	// A NaN whose payload is not the canonical one: hashed as every NaN.
	new Uint32Array(a.buffer, a.byteOffset, 1)[0] = 0x7fc00abc;
	const labels = new Int8Array(rows).map((_, i) => i % 2);
	return {
		kind: 'table',
		name: 'viewed',
		source: 'test',
		rowCount: rows,
		columns: [
			{ name: 'a', type: 'numeric', values: a },
			{ name: 'b', type: 'numeric', values: b },
			{ name: 'note', type: 'text', values: Array.from({ length: rows }, (_, i) => `row ${i % 7}`) }
		],
		labels,
		labelName: 'y',
		classes: ['no', 'yes']
	};
}

/** What the worker receives: a structured clone of the table (workers/table-facts-client.ts). */
const asOnWorker: MeasureTable = (table) => measureInPlace(structuredClone(table));

describe('measureInPlace (what the table-facts worker runs)', () => {
	it('a structured copy of a table (as the worker gets it) measures to the hash and statistics of the original', async () => {
		const original = viewedTable(5000);
		const facts = await asOnWorker(original);
		expect(facts.hash).toBe(await hashTable(original));
		expect(facts.statistics).toEqual(tableStatistics(original));
	});
});

describe('saveDatasetVersion(..., measure)', () => {
	it('stores the same record and table whether measured in place or on a copy', async () => {
		const [here, there] = [await freshStore(), await freshStore()];
		const data = viewedTable(3000);
		const inPlace = await saveDatasetVersion(here, 'v', data, source, 1000);
		const copied = await saveDatasetVersion(there, 'v', data, source, 1000, asOnWorker);
		expect(copied).toEqual(inPlace);
		const stored = await loadTable(there, copied.record.hash);
		expect(await hashTable(stored)).toBe(copied.record.hash);
	});

	it('uses the measure it is given for the hash and the statistics, and nothing else', async () => {
		const store = await freshStore();
		const data = table([1, 2, 3], [0, 1, 0]);
		let calls = 0;
		const measure: MeasureTable = async (measured) => {
			calls++;
			const facts = await measureInPlace(measured);
			return { ...facts, statistics: { ...facts.statistics, rowCount: 99 } };
		};
		const { record } = await saveDatasetVersion(store, 'm', data, source, 1000, measure);
		expect(calls).toBe(1);
		expect(record.hash).toBe(await hashTable(data));
		expect(record.statistics.rowCount).toBe(99);
	});
});
