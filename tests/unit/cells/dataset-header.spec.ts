import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/lib/cells/dataset/csv';
import { readCsvHeader, readDatasetHeaderOrProblem } from '../../../src/lib/cells/dataset/header';

const source = (data: Blob | string, name = 'f.csv') => ({ name, data, fingerprint: name });

describe('readCsvHeader', () => {
	it('reads the names of the first row: quoted, other delimiters, a BOM, UTF-16', async () => {
		expect(await readCsvHeader(source('a,"b, c",label\r\n1,2,x\n'))).toEqual(['a', 'b, c', 'label']);
		expect(await readCsvHeader(source(new Blob(['x;y;kind\n1;2;a\n'])))).toEqual(['x', 'y', 'kind']);
		expect(await readCsvHeader(source(new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), 'höhe,label\n'])))).toEqual(['höhe', 'label']);
		const utf16 = new Uint8Array([0xff, 0xfe, ...[...'a,b\n'].flatMap((ch) => [ch.charCodeAt(0), 0])]);
		expect(await readCsvHeader(source(new Blob([utf16])))).toEqual(['a', 'b']);
	});

	it('has nothing to show for an empty or binary file', async () => {
		expect(await readCsvHeader(source(''))).toBeNull();
		expect(await readCsvHeader(source(new Blob([new Uint8Array([1, 2])]), 'x.parquet'))).toBeNull();
		// A PNG renamed .csv: no column names made of its bytes (reading the cell says what it is).
		expect(await readCsvHeader(source(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x2c, 0x41])]), 'photo.csv'))).toBeNull();
		// Random bytes (no signature): no garbage names in the Label column menu.
		let seed = 3;
		const random = Uint8Array.from({ length: 5000 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
		expect(await readCsvHeader(source(new Blob([random]), 'random.csv'))).toBeNull();
	});

	it('still offers the names of a Latin-1 file (running it names the encoding)', async () => {
		const latin1 = Uint8Array.from('pr\u00e9nom,\u00e2ge,label\nL\u00e9a,3,a\n'.repeat(1), (char) => char.charCodeAt(0));
		expect(await readCsvHeader(source(new Blob([latin1])))).toEqual(['pr\ufffdnom', '\ufffdge', 'label']);
	});
});

describe('readDatasetHeaderOrProblem: why a CSV has no header, said on attach as its run says it', () => {
	const options = { name: 'd', labelColumn: '', featureColumns: [], textColumns: [] };
	const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x2c, 0x41]);
	let seed = 3;
	const random = Uint8Array.from({ length: 5000 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);

	it.each([
		['an empty file', source(new Blob([]), 'empty.csv'), "the file 'empty.csv' is empty"],
		['an empty embedded file', source('', 'empty.csv'), "the file 'empty.csv' is empty"],
		['only blank lines after a byte-order mark', source(new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), '\r\n\n']), 'blank.csv'), "the file 'blank.csv' is empty"],
		['a PNG renamed .csv', source(new Blob([png]), 'photo.csv'), 'photo.csv looks like a PNG image, not a text CSV: attach the data as a CSV file'],
		['a JSON array of records', source(new Blob(['[{"price":1,"qty":2,"review":"x","label":"good"},\n{"price":3}]']), 'data.json'), 'data.json looks like JSON, not a CSV: save the data as a CSV file (pandas: pd.read_json(path).to_csv("data.csv", index=False); add lines=True for JSON Lines) and attach that, or a Parquet or Arrow file'],
		['JSON Lines after a byte-order mark', source(new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), '{"a": 1}\n{"a": 2}\n']), 'rows.csv'), 'rows.csv looks like JSON, not a CSV: save the data as a CSV file (pandas: pd.read_json(path).to_csv("data.csv", index=False); add lines=True for JSON Lines) and attach that, or a Parquet or Arrow file'],
		['random bytes', source(new Blob([random]), 'random.csv'), /^random\.csv does not look like text: \d+% of its first 4,096 bytes are not text in any encoding/],
		['a binary file embedded as text', source(String.fromCharCode(...random), 'random.csv'), /^random\.csv does not look like text: \d+% of its first 4,096 characters are control characters/]
	])('%s: no header, and the message its run gives', async (_, file, message) => {
		const read = await readDatasetHeaderOrProblem(file);
		expect(read.header).toBeNull();
		if (typeof message === 'string') expect(read.problem).toBe(message);
		else expect(read.problem).toMatch(message);
		await expect(parseCsv(file, options)).rejects.toThrow(read.problem!);
	});

	it('a readable CSV, a Latin-1 one included, has its header and no problem', async () => {
		// A header whose first name is in brackets is no JSON.
		expect((await readDatasetHeaderOrProblem(source('[mm],label\n1,x\n'))).header?.columns).toEqual(['[mm]', 'label']);
		expect(await readDatasetHeaderOrProblem(source('a,b,label\n1,2,x\n'))).toEqual({ header: { columns: ['a', 'b', 'label'], stringColumns: [] }, problem: null });
		const latin1 = Uint8Array.from('pr\u00e9nom,label\nL\u00e9a,a\n', (char) => char.charCodeAt(0));
		expect((await readDatasetHeaderOrProblem(source(new Blob([latin1])))).problem).toBeNull();
		// A header of empty names is no problem to say on attach: the run reads it as pandas does ("Unnamed: 0"), and the pickers offer those names.
		expect(await readDatasetHeaderOrProblem(source(',,\n1,2,3\n'))).toEqual({ header: { columns: ['Unnamed: 0', 'Unnamed: 1', 'Unnamed: 2'], stringColumns: [] }, problem: null });
	});

	it('offers the names the run reads: trimmed, an empty one named by its place (two empty names are two columns), blank lines before the header skipped', async () => {
		const options = { name: 'd', labelColumn: '', featureColumns: [], textColumns: [] };
		const file = source('x, ,,label\n1,2,3,a\n4,5,6,b\n');
		expect((await readDatasetHeaderOrProblem(file)).header?.columns).toEqual(['x', 'Unnamed: 1', 'Unnamed: 2', 'label']);
		expect((await parseCsv(file, options)).columns.map((column) => column.name)).toEqual(['x', 'Unnamed: 1', 'Unnamed: 2']);
		expect((await readDatasetHeaderOrProblem(source('\r\n  \n x ,label\n1,a\n'))).header?.columns).toEqual(['x', 'label']);
	});

	it.each([
		['a name twice', 'x,x,label\n1,2,a\n3,4,b\n', "dup.csv: the header (line 1 of the file): column 'x' appears twice (columns 1 and 2)"],
		['a name twice once trimmed, after blank lines', '\n\na, b ,b\n1,2,3\n', "dup.csv: the header (line 3 of the file): column 'b' appears twice (columns 2 and 3)"],
		['an empty name where another column is named as pandas names it', 'Unnamed: 1,,label\n1,2,a\n', "dup.csv: the header (line 1 of the file): column 'Unnamed: 1' appears twice (columns 1 and 2)"],
		['numbers in line 1 (no header row)', '1,2,3\n4,5,6\n', "dup.csv: the header (line 1 of the file) should name the columns, but it holds numbers ('1', '2', '3'): add a header row"]
	])('a header the run refuses (%s): no header to pick from, and the message its run gives', async (_, text, message) => {
		const file = source(new Blob([text]), 'dup.csv');
		expect(await readDatasetHeaderOrProblem(file)).toEqual({ header: null, problem: message });
		await expect(parseCsv(file, options)).rejects.toThrow(message.replace('dup.csv: ', ''));
		expect(await readCsvHeader(file)).toBeNull();
	});
});
