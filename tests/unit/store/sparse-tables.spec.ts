import { describe, expect, it } from 'vitest';
import type { SparseColumn, Table } from '../../../src/lib/data/table';
import { exportBackup, restoreBackup } from '../../../src/lib/store/backup';
import { hashTable } from '../../../src/lib/store/content-hash';
import { listDatasets, loadTable, saveDatasetVersion } from '../../../src/lib/store/datasets';
import { diffStatistics, tableStatistics } from '../../../src/lib/store/statistics';
import { freshStore, table } from './fixtures';

/** Rows of (bucket, value) pairs as a CSR column of `width` buckets. */
function words(rows: [number, number][][], width = 1 << 18, name = 'review'): SparseColumn {
	const indptr = new Uint32Array(rows.length + 1);
	const indices: number[] = [];
	const values: number[] = [];
	rows.forEach((row, index) => {
		for (const [bucket, value] of row) {
			indices.push(bucket);
			values.push(value);
		}
		indptr[index + 1] = indices.length;
	});
	return { name, type: 'sparse', width, indptr, indices: Uint32Array.from(indices), values: Float32Array.from(values) };
}

function hashed(column: SparseColumn): Table {
	const rows = column.indptr.length - 1;
	return { ...table(Array.from({ length: rows }, (_, row) => row), Array.from({ length: rows }, (_, row) => row % 2)), columns: [column] };
}

const rows: [number, number][][] = [
	[[3, 1], [70_000, 2]],
	[],
	[[3, 2], [9, 1], [262_143, 1]]
];

describe('content hash of a table with a sparse column', () => {
	it('covers the canonical CSR: explicit zeros do not count, the width and every entry do', async () => {
		const base = await hashTable(hashed(words(rows)));
		const withZero = words([[[3, 1], [5, 0], [70_000, 2]], [], [[3, 2], [9, 1], [262_143, 1]]]);
		expect(await hashTable(hashed(withZero))).toBe(base);
		expect(await hashTable(hashed(words(rows, 1 << 19)))).not.toBe(base);
		expect(await hashTable(hashed(words([[[3, 1], [70_000, 2]], [], [[3, 2], [9, 1], [262_142, 1]]])))).not.toBe(base);
		expect(await hashTable(hashed(words([[[3, 1], [70_000, 3]], [], [[3, 2], [9, 1], [262_143, 1]]])))).not.toBe(base);
		// The same entries in other rows is other content.
		expect(await hashTable(hashed(words([[], [[3, 1], [70_000, 2]], [[3, 2], [9, 1], [262_143, 1]]])))).not.toBe(base);
	});

	it('refuses a broken CSR, naming the column', async () => {
		const unsorted = { ...words(rows), indices: Uint32Array.from([70_000, 3, 3, 9, 262_143]) };
		await expect(hashTable(hashed(unsorted))).rejects.toThrow("column 'review': data row 1 has features out of order");
	});

	it('of a table without sparse columns is what it always was (stored versions keep their hash)', async () => {
		const numeric: Table = { ...table([1, NaN, -0], [0, 1, 0], { text: ['a', 'b', 'c'] }), columns: [{ name: 'x', type: 'numeric', values: Float32Array.from([1, NaN, -0]) }, { name: 'r', type: 'text', values: ['a', 'b', 'c'] }], name: 'x', source: 's' };
		expect(await hashTable(numeric)).toBe('be4a6dd345305c7d6eddcd1d8f4887c596ee359bd036485d986226bfd18605d2');
	});
});

describe('a table with a sparse column in the store', () => {
	it('is stored as it is (typed arrays) and read back equal, with sparse statistics', async () => {
		const store = await freshStore();
		const saved = await saveDatasetVersion(store, 'mails', hashed(words(rows)), { description: 'hashed' });
		const back = await loadTable(store, saved.record.hash);
		expect(back.columns[0]).toEqual(words(rows));
		expect((back.columns[0] as SparseColumn).indices).toBeInstanceOf(Uint32Array);
		expect(saved.record.schema.columns).toEqual([{ name: 'review', type: 'sparse' }]);
		const [version] = (await listDatasets(store)).names.get('mails')!;
		expect(version?.statistics.columns[0]).toEqual({
			name: 'review',
			type: 'sparse',
			width: 1 << 18,
			nonZeros: 5,
			bucketsUsed: 4,
			meanNonZerosPerRow: 5 / 3,
			topBuckets: [
				{ bucket: 3, rows: 2 },
				{ bucket: 9, rows: 1 },
				{ bucket: 70_000, rows: 1 },
				{ bucket: 262_143, rows: 1 }
			]
		});
	});

	it('a damaged sparse column is unreadable with a message, not a crash later', async () => {
		const store = await freshStore();
		const saved = await saveDatasetVersion(store, 'mails', hashed(words(rows)), { description: 'hashed' });
		const { databaseOf } = await import('../../../src/lib/store/database');
		const db = databaseOf(store) as unknown as { put(name: string, value: unknown): Promise<unknown> };
		const broken = hashed({ ...words(rows), indptr: Uint32Array.from([0, 2]) });
		await db.put('datasetContents', { hash: saved.record.hash, table: broken });
		await expect(loadTable(store, saved.record.hash)).rejects.toThrow(/datasetContents\['[0-9a-f]{12}'\]\.table: not a table/);
	});

	it('the diff between versions names what moved in a sparse column', () => {
		const before = tableStatistics(hashed(words(rows)));
		const after = tableStatistics(hashed(words([...rows, [[3, 1], [12, 4]]])));
		expect(diffStatistics(before, after).changes).toEqual([
			{ column: 'review', field: 'nonZeros', before: 5, after: 7 },
			{ column: 'review', field: 'bucketsUsed', before: 4, after: 5 },
			{ column: 'review', field: 'meanNonZerosPerRow', before: 5 / 3, after: 7 / 4 }
		]);
		const retyped = tableStatistics({ ...hashed(words(rows)), columns: [{ name: 'review', type: 'text', values: ['a b', '', 'c'] }] });
		expect(diffStatistics(retyped, before).retypedColumns).toEqual(['review: text → sparse']);
	});

	it('goes through a backup and back', async () => {
		const store = await freshStore();
		await saveDatasetVersion(store, 'mails', hashed(words(rows)), { description: 'hashed' });
		const target = await freshStore();
		const result = await restoreBackup(target, await exportBackup(store, '0.1.0'));
		expect(result.ok && result.summary.added.datasetContents).toBe(1);
		const [version] = (await listDatasets(target)).names.get('mails')!;
		expect((await loadTable(target, version!.hash)).columns[0]).toEqual(words(rows));
	});
});
