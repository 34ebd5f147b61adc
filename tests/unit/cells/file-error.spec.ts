/**
 * A dataset cell's error names its file once: "orders.csv: data row 2 (line 3 of the file) has 4
 * fields, header has 3", so a headless run with several --data files says which file is meant;
 * a message that names the file already ("the file 'x.csv' is empty", "x.arrow: …") is kept.
 */
import { describe, expect, it } from 'vitest';
import { datasetCell, type DatasetParams } from '../../../src/lib/cells/dataset';
import { namesFile, namingFile } from '../../../src/lib/cells/dataset/file-error';
import type { FileSource } from '../../../src/lib/cells/types';
import { csvFile, fakeContext } from './fake-context';

const params: DatasetParams = { name: 'orders', source: 'csv', rows: 400, noise: 0.1, seed: 0, labelColumn: 'outcome', featureColumns: [], textColumns: [] };

/** The message the dataset cell fails with on `file` (fails the test when it reads). */
async function failure(file: FileSource, overrides: Partial<DatasetParams> = {}): Promise<string> {
	const error: unknown = await datasetCell.run({ ...params, ...overrides }, {}, fakeContext(file)).then(
		() => null,
		(thrown: unknown) => thrown
	);
	expect(error, 'the cell read the file').toBeInstanceOf(Error);
	return (error as Error).message;
}

describe('a dataset cell names the file in its errors', () => {
	it('puts the file name before a row, column or header error', async () => {
		expect(await failure(csvFile('a,b,outcome\n1,2,x\n3,4,5,y\n', 'orders.csv'))).toBe('orders.csv: data row 2 (line 3 of the file) has 4 fields, header has 3');
		expect(await failure(csvFile('a,b,outcome\n1,2,x\n"3,4,y\n', 'orders.csv'))).toBe('orders.csv: data row 2 (line 3 of the file): a quoted field is never closed');
		expect(await failure(csvFile('a,b,label\n1,2,x\n', 'orders.csv'))).toBe("orders.csv: label column 'outcome' not found in the header (line 1 of the file); columns found: 'a', 'b', 'label'");
		expect(await failure(csvFile('a,b,outcome\n1,2,x\nz,4,y\n', 'orders.csv'))).toMatch(/^orders\.csv: data row 2 \(line 3 of the file\), column 'a': 'z' is not a number \(/);
	});

	it('a file named as the word its message begins with is still named', async () => {
		expect(await failure(csvFile('a,outcome\n1,x\n2,3,y\n', 'data'))).toBe('data: data row 2 (line 3 of the file) has 3 fields, header has 2');
	});

	it('does not name the file twice where the reader named it', async () => {
		expect(await failure(csvFile('', 'orders.csv'))).toBe("the file 'orders.csv' is empty");
		expect(await failure(csvFile('a,outcome\n', 'orders.csv'))).toBe("the file 'orders.csv' has a header but no data rows");
		expect(await failure(csvFile('x', 'orders.parquet'))).toBe('orders.parquet: a Parquet file cannot be embedded as text; attach the file itself');
		const png: FileSource = { name: 'photo.csv', data: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])]), fingerprint: 'p' };
		expect(await failure(png)).toMatch(/^photo\.csv looks like a PNG image, not a text CSV/);
	});
});

describe('namesFile / namingFile', () => {
	it('reads a message as naming the file by its opening name and colon, a binary file\'s words, or "the file \'name\'"', () => {
		expect(namesFile('orders.csv: the Parquet file is damaged', 'orders.csv')).toBe(true);
		expect(namesFile('orders.csv looks like a PNG image, not a text CSV', 'orders.csv')).toBe(true);
		expect(namesFile('orders.csv does not look like text: 90% …', 'orders.csv')).toBe(true);
		expect(namesFile("the file 'orders.csv' is empty", 'orders.csv')).toBe(true);
		expect(namesFile('data row 2 (line 3 of the file) has 3 fields, header has 2', 'data')).toBe(false);
		expect(namesFile("the file 'other.csv' is empty", 'orders.csv')).toBe(false);
		expect(namesFile('orders.csv.bak: …', 'orders.csv')).toBe(false);
	});

	it('prefixes a message that does not name the file, keeps the error that does, and wraps what is not an Error', () => {
		const row = new Error('data row 2 (line 3 of the file) has 4 fields, header has 3');
		const prefixed = namingFile(row, 'orders.csv');
		expect(prefixed.message).toBe('orders.csv: data row 2 (line 3 of the file) has 4 fields, header has 3');
		expect(prefixed.cause).toBe(row);
		const named = new Error("the file 'orders.csv' is empty");
		expect(namingFile(named, 'orders.csv')).toBe(named);
		expect(namingFile('footer != PAR1', 'x.parquet').message).toBe('x.parquet: footer != PAR1');
	});
});
