import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetCell, type DatasetParams } from '../../../src/lib/cells/dataset';
import { parseCsv } from '../../../src/lib/cells/dataset/csv';
import { generateReviews, reviewsCsv } from '../../../src/lib/cells/dataset/reviews';
import type { Table } from '../../../src/lib/cells/values';
import { csvFile, fakeContext } from './fake-context';

const csvParams = (overrides: Partial<DatasetParams> = {}): DatasetParams => ({
	name: 'measurements',
	source: 'csv',
	rows: 400,
	noise: 0.1,
	seed: 0,
	labelColumn: 'y',
	featureColumns: [],
	textColumns: [],
	...overrides
});

const runCsv = (text: string, overrides: Partial<DatasetParams> = {}): Promise<Table> =>
	datasetCell.run(csvParams(overrides), {}, fakeContext(csvFile(text)));

describe('dataset cell, CSV', () => {
	it('reads numeric and text columns, sorts classes, and summarises', async () => {
		const context = fakeContext(csvFile('a,review,y\n1.5,"good, really",pos\n-2,bad,neg\n3e1,fine,pos\n'));
		const table = await datasetCell.run(csvParams({ textColumns: ['review'] }), {}, context);
		expect(table.columns.map((column) => [column.name, column.type])).toEqual([['a', 'numeric'], ['review', 'text']]);
		expect(Array.from(table.columns[0]!.values as Float32Array)).toEqual([1.5, -2, 30]);
		expect(table.columns[1]!.values).toEqual(['good, really', 'bad', 'fine']);
		expect(table.classes).toEqual(['neg', 'pos']);
		expect(Array.from(table.labels)).toEqual([1, 0, 1]);
		expect(datasetCell.summarize(table)).toEqual({ rows: 3, columns: 2, classes: 2 });
		expect(context.lines.join('\n')).toContain('neg 1, pos 2');
		expect(context.fractions.at(-1)).toBe(1);
	});

	it('sorts numeric labels by value, as scikit-learn', async () => {
		const table = await runCsv('x,y\n1,10\n2,2\n3,-1\n');
		expect(table.classes).toEqual(['-1', '2', '10']);
		expect(Array.from(table.labels)).toEqual([2, 1, 0]);
	});

	it('uses the chosen feature columns in their order, and the last column when no label is named', async () => {
		const table = await runCsv('a,b,c,y\n1,2,3,p\n4,5,6,q\n', { labelColumn: '', featureColumns: ['c', 'a'] });
		expect(table.labelName).toBe('y');
		expect(table.columns.map((column) => column.name)).toEqual(['c', 'a']);
	});

	it('reads a Blob in small chunks: quoted newlines, multi-byte characters and a BOM across chunk boundaries', async () => {
		const text = '\uFEFFnote,y\n"naïve — line one\nline two, ünïcödé",a\nπ ρ σ,b\n"ok ""quoted""",a\n';
		const progress: number[] = [];
		const table = await parseCsv(
			{ name: 'notes.csv', data: new Blob([text]), fingerprint: 'n' },
			{ name: 'notes', labelColumn: 'y', featureColumns: [], textColumns: ['note'], chunkSize: 5, onProgress: (read, total) => progress.push(read / total) }
		);
		expect(table.columns[0]!.values).toEqual(['naïve — line one\nline two, ünïcödé', 'π ρ σ', 'ok "quoted"']);
		expect(Array.from(table.labels)).toEqual([0, 1, 0]);
		expect(progress.length).toBeGreaterThan(5);
		expect(progress.at(-1)).toBe(1);
	});

	it('reads a row with fewer fields than the header as pandas does: the fields it lacks are missing, and the log says which rows', async () => {
		// pandas.read_csv(io.StringIO("y,a,b,note\na,1,2,x\nb,3\nc,4,5\n")) reads b and note of row 2 as NaN.
		const context = fakeContext(csvFile('y,a,b,note\na,1,2,x\nb,3\nc,4,5\n'));
		const table = await datasetCell.run(csvParams({ textColumns: ['note'] }), {}, context);
		expect(table.rowCount).toBe(3);
		expect(Array.from(table.columns[0]!.values as Float32Array)).toEqual([1, 3, 4]);
		expect(Array.from(table.columns[1]!.values as Float32Array)).toEqual([2, NaN, 5]);
		expect(table.columns[2]!.values).toEqual(['x', '', '']);
		expect(context.lines).toContain("2 rows have fewer fields than the header's 4 (data row 2 (line 3 of the file); data row 3 (line 4 of the file)): the fields they lack are read as missing, as pandas reads them");
		// The same rows by the quoted (general) path.
		const quoted = await datasetCell.run(csvParams({ textColumns: ['note'] }), {}, fakeContext(csvFile('y,a,b,note\na,1,2,"x"\nb,3\n')));
		expect(Array.from(quoted.columns[1]!.values as Float32Array)).toEqual([2, NaN]);
		expect(quoted.columns[2]!.values).toEqual(['x', '']);
	});

	it('reads a record "" as a row with its one field missing, as pandas does; a blank or all-space line is no row', async () => {
		// pandas.read_csv(io.StringIO('review\n"a"\n""\n\n   \n"b"\n')) has 3 rows: a, NaN, b.
		const table = await runCsv('review\n"a"\n""\n\n   \n"b"\n', { labelled: false, textColumns: ['review'] });
		expect(table.rowCount).toBe(3);
		expect(table.columns[0]!.values).toEqual(['a', '', 'b']);
		const numbers = await runCsv('x\n1\n""\n2\n', { labelled: false });
		expect(Array.from(numbers.columns[0]!.values as Float32Array)).toEqual([1, NaN, 2]);
		// A row "" in a labelled file is a row whose label is missing: refused by its number, never dropped.
		await expect(runCsv('x,y\n1,"a"\n"",""\n')).rejects.toThrow("label column 'y' is missing in 1 row (data row 2: line 3 of the file;");
	});

	it('reads a label with spaces around it as the label without them, and says so in the log, where pandas would keep another class', async () => {
		const context = fakeContext(csvFile('x,y\n1,pos \n2,pos\n3, neg\n4,neg\n5,"pos "\n'));
		const table = await datasetCell.run(csvParams(), {}, context);
		expect(table.classes).toEqual(['neg', 'pos']);
		expect(Array.from(table.labels)).toEqual([1, 1, 0, 0, 1]);
		expect(context.lines).toContain("label 'y': 3 values with spaces around them read without ('pos ' as 'pos', ' neg' as 'neg', …); pandas would keep each spelling as a class of its own");
		const clean = fakeContext(csvFile('x,y\n1,pos\n2,neg\n'));
		await datasetCell.run(csvParams(), {}, clean);
		expect(clean.lines.some((line) => line.includes('spaces around'))).toBe(false);
	});

	it('rows to score (no label column, every column a feature): a column whose first value is a word is text, said in the log; a stray word after numbers is still refused', async () => {
		const context = fakeContext(csvFile('x2,x1,extra,note\n1,2,hello,\n3,4,world,NA\n5,6,7,fine\n'));
		const table = await datasetCell.run(csvParams({ labelled: false }), {}, context);
		expect(table.columns.map((column) => [column.name, column.type])).toEqual([['x2', 'numeric'], ['x1', 'numeric'], ['extra', 'text'], ['note', 'text']]);
		expect(table.columns[2]!.values).toEqual(['hello', 'world', '7']);
		// Missing until the word decides: those rows are empty texts.
		expect(table.columns[3]!.values).toEqual(['', '', 'fine']);
		expect(context.lines.join('\n')).toContain("column 'extra' read as text: its first value, 'hello' (data row 1 (line 2 of the file)), is not a number; column 'note' read as text: its first value, 'fine' (data row 3 (line 4 of the file)), is not a number: rows without labels are scored by the columns the model was trained on");
		// A word after numbers is a stray word, named as before; so is a word in a labelled file, or with the feature columns listed.
		await expect(runCsv('x,extra\n1,2\n3,oops\n', { labelled: false })).rejects.toThrow("data.csv: data row 2 (line 3 of the file), column 'extra': 'oops' is not a number");
		await expect(runCsv('x,extra,y\n1,hello,a\n3,world,b\n')).rejects.toThrow("column 'extra': 'hello' is not a number");
		await expect(runCsv('x,extra\n1,hello\n', { labelled: false, featureColumns: ['x', 'extra'] })).rejects.toThrow("column 'extra': 'hello' is not a number");
		// A decimal comma still gets its own message.
		await expect(runCsv('x;extra\n1;1,5\n', { labelled: false })).rejects.toThrow("'1,5' is not a number: a decimal comma");
	});

	it('refuses a short row that lacks its label, naming the row and the label', async () => {
		await expect(runCsv('x,z,y\n1,2,a\n3,4\n')).rejects.toThrow("data.csv: data row 2 (line 3 of the file) has 2 fields, header has 3: its label ('y') is among the fields it lacks");
		await expect(runCsv('x,z,y\n1,2,"a"\n3\n')).rejects.toThrow("data.csv: data row 2 (line 3 of the file) has 1 field, header has 3: its label ('y') is among the fields it lacks");
	});

	it('reads tab-separated files; a row is named as a data row (header not counted) and its line of the file (blank lines counted)', async () => {
		await expect(runCsv('x\ty\n1\ta\n\n2\tb\nz\ta\n')).rejects.toThrow("data.csv: data row 3 (line 5 of the file), column 'x': 'z' is not a number");
	});

	// Each message begins as given: the file's name once, then the row, column or header.
	it.each([
		['an empty file', '', "the file 'data.csv' is empty"],
		['only blank lines', '\n\n', "the file 'data.csv' is empty"],
		['a header only', 'x,y\n', "the file 'data.csv' has a header but no data rows"],
		['no header (numbers in line 1)', '1,2\n3,4\n', 'data.csv: the header (line 1 of the file) should name the columns, but it holds numbers'],
		['a missing label column', 'a,b\n1,2\n', "data.csv: label column 'y' not found in the header (line 1 of the file); columns found: 'a', 'b'"],
		['a duplicated column name', 'x,x,y\n1,2,a\n', "data.csv: the header (line 1 of the file): column 'x' appears twice (columns 1 and 2)"],
		['a ragged row', 'x,y\n1,a\n2,b,3\n', 'data.csv: data row 2 (line 3 of the file) has 3 fields, header has 2'],
		['a non-numeric value', 'x,y\n1,a\n2,b\nn.a.,a\n', "data.csv: data row 3 (line 4 of the file), column 'x': 'n.a.' is not a number"],
		['a missing label', 'x,y\n1,a\n2, \n', "data.csv: label column 'y' is missing in 1 row (data row 2: line 3 of the file;"],
		['an unclosed quote', 'x,y\n1,a\n"2,b\n3,a\n', 'data.csv: data row 2 (line 3 of the file): a quoted field is never closed'],
		['an infinite value (pandas reads inf)', 'x,y\n1,a\n-inf,b\n', "data.csv: data row 2 (line 3 of the file), column 'x': '-inf' is infinite"],
		['a number too large for float32', 'x,y\n1e39,a\n2,b\n', "data.csv: data row 1 (line 2 of the file), column 'x': 1e39 is too large for a 32-bit float"]
	])('refuses %s, naming the file, the row and the column', async (_, text, message) => {
		const error: unknown = await runCsv(text).then(
			() => null,
			(thrown: unknown) => thrown
		);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message.startsWith(message), (error as Error).message).toBe(true);
	});

	it('reads a file whose rows are all of one class (new rows to score, a day of one outcome); training on it is refused, naming the class', async () => {
		const table = await runCsv(`x,y\n${Array.from({ length: 10 }, (_, i) => `${i},a`).join('\n')}\n`);
		expect(table.classes).toEqual(['a']);
		expect(Array.from(table.labels)).toEqual(new Array(10).fill(0));
		const { splitCell } = await import('../../../src/lib/cells/split');
		const { trainCell } = await import('../../../src/lib/cells/train');
		const { defaultParams } = await import('../../../src/lib/cells/params');
		const splits = await splitCell.run({ testFraction: 0.3, validationFraction: 0, seed: 1, stratify: true }, { data: [table] }, fakeContext());
		await expect(trainCell.run(defaultParams(trainCell) as never, { data: [splits] }, fakeContext())).rejects.toThrow("the training rows hold only class 'a': need at least two classes");
	});

	it('refuses feature and text columns that do not exist, listing the columns found', async () => {
		await expect(runCsv('a,y\n1,p\n', { featureColumns: ['b'] })).rejects.toThrow("data.csv: feature column 'b' not found in the header (line 1 of the file); columns found: 'a', 'y'");
		await expect(runCsv('a,y\n1,p\n', { textColumns: ['t'] })).rejects.toThrow("data.csv: text column 't' not found in the header (line 1 of the file)");
		await expect(runCsv('a,y\n1,p\n', { featureColumns: ['a', 'y'] })).rejects.toThrow("column 'y' is the label");
		// Rows to score: the text column is the last one, so by default the label; the message names the way out.
		await expect(runCsv('price,review\n1,good\n', { labelColumn: '', textColumns: ['review'] })).rejects.toThrow(
			`data.csv: text column 'review' is the label column (by default the last column): choose another Label column, or turn "Has a label column" off for rows without labels`
		);
		await expect(runCsv('price,review\n1,good\n', { labelColumn: '', labelled: false, textColumns: ['review'] })).resolves.toMatchObject({ classes: [], rowCount: 1 });
	});

	it('refuses more than 127 classes, at the row that brings the 128th', async () => {
		const rows = Array.from({ length: 130 }, (_, index) => `${index},c${index}`).join('\n');
		await expect(runCsv(`x,y\n${rows}\n`)).rejects.toThrow("more than 127 classes: data row 128 (line 129 of the file) brings 'c127'; is it the right column?");
	});

	it('asks for a file when none is attached or bound', async () => {
		const run = datasetCell.run(csvParams({ name: 'x' }), {}, fakeContext(null));
		await expect(run).rejects.toThrow("no file bound to dataset 'x': attach a CSV file to this cell, or in a headless run pass --data x=path.csv");
	});
});

describe('dataset cell, CSV as pandas reads it', () => {
	it('reads empty, NA, NaN and null numeric cells as missing (NaN), keeps the column numeric, and reports the share per column', async () => {
		const context = fakeContext(csvFile('a,b,c,y\n1,NA,5,p\n,2,6,q\nNaN,null,7,p\n4,n/a,8,q\n'));
		const table = await datasetCell.run(csvParams(), {}, context);
		expect(table.columns.map((column) => column.type)).toEqual(['numeric', 'numeric', 'numeric']);
		expect(Array.from(table.columns[0]!.values as Float32Array)).toEqual([1, NaN, NaN, 4]);
		expect(Array.from(table.columns[1]!.values as Float32Array)).toEqual([NaN, 2, NaN, NaN]);
		expect(context.lines).toContain("missing values (read as NaN, as pandas reads empty, NA, NaN, null, …): 'a' 2 of 4 rows (50.0%), 'b' 3 of 4 rows (75.0%); an impute cell fills them before training");
		expect(datasetCell.summarize(table)).toEqual({ rows: 4, columns: 3, classes: 2, missing: "'a' 50.0%, 'b' 75.0%" });
	});

	it('a file without missing values says nothing of them', async () => {
		const context = fakeContext(csvFile('a,y\n1,p\n2,q\n'));
		const table = await datasetCell.run(csvParams(), {}, context);
		expect(context.lines.join('\n')).not.toContain('missing');
		expect(datasetCell.summarize(table)).toEqual({ rows: 2, columns: 1, classes: 2 });
		// One feature column reads as one, not "1 feature columns".
		expect(context.lines).toContainEqual(expect.stringMatching(/^2 rows × 1 feature column \(1 numeric, 0 text\)/));
	});

	it('refuses missing labels once the file is read, naming how many and the first rows', async () => {
		const rows = Array.from({ length: 20 }, (_, i) => `${i},${i % 3 === 0 ? (i % 2 ? 'NA' : '') : i % 2 ? 'p' : 'q'}`).join('\n');
		await expect(runCsv(`x,y\n${rows}\n`)).rejects.toThrow("label column 'y' is missing in 7 rows (data rows 1, 4, 7, 10, 13, …: lines 2, 5, 8, 11, 14, … of the file; empty, NA, NaN, null… as pandas reads them)");
	});

	it.each([
		['0/1 with 0.0/1.0', ['0', '1', '0.0', '1.0'], ['0', '1'], [0, 1, 0, 1], "labels '0' and '0.0' read as class 0; labels '1' and '1.0' read as class 1"],
		['-1, +1, 1', ['-1', '+1', '1', '-1'], ['-1', '1'], [0, 1, 1, 0], "labels '+1' and '1' read as class 1"],
		['1.0 and 2.0 only', ['2.0', '1.0'], ['1', '2'], [1, 0], "label '1.0' read as class 1; label '2.0' read as class 2"],
		['value order', ['10', '2', '0.5', '1e0'], ['0.5', '1', '2', '10'], [3, 2, 0, 1], "label '1e0' read as class 1"]
	])('labels that are the same number are one class, named by the number, sorted by value: %s', async (_, labels, classes, ids, note) => {
		const context = fakeContext(csvFile(`x,y\n${labels.map((label, i) => `${i},${label}`).join('\n')}\n`));
		const table = await datasetCell.run(csvParams(), {}, context);
		expect(table.classes).toEqual(classes);
		expect(Array.from(table.labels)).toEqual(ids);
		expect(context.lines).toContain(`label 'y' read as numbers, as pandas reads it: ${note}`);
	});

	it('labels that are not all numbers stay as written', async () => {
		const context = fakeContext(csvFile('x,y\n1,1\n2,1.0\n3,a\n'));
		const table = await datasetCell.run(csvParams(), {}, context);
		expect(table.classes).toEqual(['1', '1.0', 'a']);
		expect(context.lines.join('\n')).not.toContain('read as numbers');
	});

	it('counts 127 numeric classes however each is written', async () => {
		const rows = Array.from({ length: 127 }, (_, i) => `${i},${i}\n${i},${i}.0`).join('\n');
		const table = await runCsv(`x,y\n${rows}\n`);
		expect(table.classes.length).toBe(127);
	});
});

describe('dataset cell, built-in sets', () => {
	const synthetic = (source: DatasetParams['source'], seed: number, rows = 400) =>
		datasetCell.run({ ...csvParams(), source, rows, seed, noise: 0.2 }, {}, fakeContext());

	it.each(['two-blobs', 'overlapping-blobs', 'xor', 'circles'] as const)('%s has the requested size, two columns and balanced classes; same seed → same bits', async (source) => {
		const first = await synthetic(source, 3, 101);
		const again = await synthetic(source, 3, 101);
		const other = await synthetic(source, 4, 101);
		expect(first.rowCount).toBe(101);
		expect(first.columns.map((column) => column.name)).toEqual(['x1', 'x2']);
		expect(first.classes).toEqual(['0', '1']);
		const ones = first.labels.reduce((sum, label) => sum + label, 0);
		expect([50, 51]).toContain(ones);
		expect(again).toEqual(first);
		expect(other.columns[0]!.values).not.toEqual(first.columns[0]!.values);
	});

	it('reviews: 400 labelled texts, half positive, the same as static/examples/reviews.csv', async () => {
		const table = await datasetCell.run({ ...csvParams(), name: 'reviews', source: 'reviews' }, {}, fakeContext());
		expect(table.rowCount).toBeGreaterThanOrEqual(300);
		expect(table.labelName).toBe('sentiment');
		expect(table.classes).toEqual(['negative', 'positive']);
		expect(table.labels.reduce((sum, label) => sum + label, 0)).toBe(table.rowCount / 2);
		expect(new Set(table.columns[0]!.values as string[]).size).toBeGreaterThan(300);
		// Regenerate with `npx tsx scripts/make-reviews-csv.ts` when the generator changes.
		expect(readFileSync('static/examples/reviews.csv', 'utf8')).toBe(reviewsCsv());
		const fromCsv = await runCsv(reviewsCsv(), { name: 'reviews', labelColumn: 'sentiment', textColumns: ['review'] });
		expect(fromCsv.columns[0]!.values).toEqual(generateReviews().map((item) => item.review));
		expect(fromCsv.labels).toEqual(table.labels);
	});
});
