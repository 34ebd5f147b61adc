import { readFileSync } from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { parseParquet } from '../../../src/lib/cells/dataset/parquet';
import { checkColumnPages, checkParquetMetadata, columnChunkRanges } from '../../../src/lib/cells/dataset/parquet-check';

const FIXTURE = new Uint8Array(readFileSync('tests/fixtures/typed-points.parquet'));
const options = { name: 'points', labelColumn: 'label', featureColumns: [], textColumns: ['note'] };
const source = (bytes: Uint8Array, name = 'points.parquet') => ({ name, data: new Blob([bytes.slice().buffer as ArrayBuffer]), fingerprint: name });

function flipped(at: number, value = 0xff): Uint8Array {
	const copy = FIXTURE.slice();
	copy[at] = value;
	return copy;
}

/**
 * The bytes of tests/fixtures/typed-points.parquet (4 row groups of 5 columns, 2,888 bytes) that,
 * set to 0xFF, made hyparquet loop for minutes: found by setting each byte to 0xFF and to 0x7F in
 * turn. They lie in page headers, whose value counts hyparquet trusts to size and fill its output.
 */
const SPINNING = [16, 22, 151, 157, 220, 226, 287, 293, 418, 424, 449, 455, 584, 591, 597, 663, 669, 726, 732, 857, 863, 888, 894, 1017, 1024, 1030, 1097, 1103, 1161, 1167, 1298, 1304, 1333, 1374, 1407, 1440, 1495];

const damaged = /^points\.parquet: the Parquet file is damaged: (its footer|row group \d, column '\w+',( page at byte \d+,)?) .+; copy or download the file again, or write it anew$/;

describe('a damaged Parquet file is refused at once, naming the row group, column and page', () => {
	it('reads the sound fixture as before', async () => {
		expect((await parseParquet(source(FIXTURE), options)).rowCount).toBe(50);
	});

	it('refuses each of the 37 one-byte corruptions that made hyparquet loop, from the page headers alone', () => {
		const chunks = columnChunkRanges(parquetMetadata(FIXTURE.slice().buffer as ArrayBuffer));
		expect(chunks).toHaveLength(20);
		for (const at of SPINNING) {
			const bytes = flipped(at).buffer as ArrayBuffer;
			expect(() => chunks.forEach((chunk) => checkColumnPages('points.parquet', chunk, bytes, 0)), `byte ${at}`).toThrow(damaged);
		}
	});

	it("checks the footer's row counts and column chunk ranges before any row group is read", () => {
		const metadata = parquetMetadata(FIXTURE.slice().buffer as ArrayBuffer);
		expect(() => checkParquetMetadata('points.parquet', metadata, FIXTURE.length)).not.toThrow();
		const rows = { ...metadata, num_rows: 5_000_000_000n };
		expect(() => checkParquetMetadata('points.parquet', rows, FIXTURE.length)).toThrow('points.parquet: the Parquet file is damaged: its footer counts 5000000000 rows, but its row groups hold 50');
		const [group] = metadata.row_groups;
		const [chunk] = group!.columns;
		// An offset past 2^32: Node's Blob.slice aborted the whole process on it.
		const far = { ...metadata, row_groups: [{ ...group!, columns: [{ ...chunk!, meta_data: { ...chunk!.meta_data!, data_page_offset: 1n << 33n, dictionary_page_offset: undefined } }] }, ...metadata.row_groups.slice(1)] };
		expect(() => checkParquetMetadata('points.parquet', far, FIXTURE.length)).toThrow(/^points\.parquet: the Parquet file is damaged: row group 1, column 'x1', lies at bytes 8589934592 to \d+, outside the \d+ bytes before the footer/);
	});

	it('a footer that cannot be read, in a file that begins and ends as Parquet, is a damaged Parquet file, not "not a Parquet file"', async () => {
		const bytes = FIXTURE.slice();
		bytes.fill(0xff, 2000, 2008);
		await expect(parseParquet(source(bytes), options)).rejects.toThrow(/^points\.parquet: the Parquet file is damaged: its footer cannot be read \(.+\); copy or download the file again/);
		await expect(parseParquet(source(new TextEncoder().encode('x,label\n1,a\n'), 'fake.parquet'), options)).rejects.toThrow(/^fake\.parquet: not a Parquet file/);
	});

	it('is what reading a dataset does: a page whose value count is damaged fails at once, named', async () => {
		// Byte 14 lies in the first page header of row group 1's column x1: its count becomes -1408.
		await expect(parseParquet(source(flipped(14)), options)).rejects.toThrow(
			"points.parquet: the Parquet file is damaged: row group 1, column 'x1', page at byte 4, holds -1408 values; copy or download the file again, or write it anew"
		);
	});

	it("names the file and the row group for hyparquet's own errors, and leaves the column checks' errors as they are", async () => {
		const errors = new Set<string>();
		for (let at = 4; at < 1500; at += 7) {
			if (SPINNING.includes(at)) continue;
			const message = await parseParquet(source(flipped(at)), options).then(
				() => null,
				(error: Error) => error.message
			);
			if (message) errors.add(message.replace(/\d+/g, 'N'));
		}
		for (const message of errors) expect(message).toMatch(/^(points\.parquet: |data row N, column |label column )/);
	});
});
