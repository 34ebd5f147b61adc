import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/lib/cells/dataset/csv';
import { parseFloat32Field } from '../../../src/lib/cells/dataset/decimal';
import type { Table } from '../../../src/lib/cells/values';
import { createRandom } from '../../../src/lib/ml/rng';

const field = (text: string): number => parseFloat32Field(text, 0, text.length);

describe('parseFloat32Field(text, start, end)', () => {
	it('is exactly Math.fround(Number(field)) for plain decimals, whatever their form', () => {
		const random = createRandom(5);
		const samples = ['0', '-0', '+0.0', '1', '-1', '1.', '.5', '-.25', '007', '0.1', '0.30000000000000004', '1e5', '1E-5', '2.5e+3', '-7.25e-10', '3.4028234e38', '1e22', '1e-22', '123456789012345', '0.000001234'];
		for (let i = 0; i < 2000; i++) {
			const digits = 1 + random.int(15);
			const mantissa = String(Math.floor(random.next() * 10 ** digits)).padStart(digits, '0');
			const point = random.int(digits + 1);
			const sign = ['', '-', '+'][random.int(3)]!;
			const exponent = random.next() < 0.3 ? `e${random.int(30) - 15}` : '';
			samples.push(`${sign}${mantissa.slice(0, point)}.${mantissa.slice(point)}${exponent}`);
		}
		for (const sample of samples) {
			const expected = Math.fround(Number(sample));
			const value = field(sample);
			// NaN only where the general path must decide (more digits or a larger exponent than the fast path takes).
			if (!Number.isNaN(value)) expect(Object.is(value, expected), `${sample}: ${value} vs ${expected}`).toBe(true);
		}
		expect(samples.filter((sample) => Number.isNaN(field(sample))).length).toBeLessThan(samples.length / 4);
	});

	it('answers NaN for anything but a whole plain decimal, so the general path words the error', () => {
		for (const text of ['', ' 1', '1 ', '1,5', 'n/a', '.', '+', '-', '1e', '1e+', '1.2.3', '0x10', 'Infinity', 'NaN', '1_000', '١٢', '1234567890123456789', '1e23', '5e-324', '1e99999']) {
			expect(field(text), text).toBeNaN();
		}
	});

	it('reads a field in place within a longer text', () => {
		expect(parseFloat32Field('a,-2.5,b', 2, 6)).toBe(-2.5);
	});
});

/** A numeric CSV with every way of writing numbers, blank lines and (optionally) a quoted text column. */
function mixedCsv(rows: number, newline: string, quotedAt: number | null): string {
	const random = createRandom(9);
	const lines = ['x,y,note,label'];
	const forms = [(v: number) => v.toFixed(3), (v: number) => v.toExponential(4), (v: number) => String(v), (v: number) => ` ${v.toFixed(1)} `, (v: number) => v.toPrecision(20)];
	for (let row = 0; row < rows; row++) {
		if (row % 37 === 5) lines.push('');
		const x = (random.next() - 0.5) * 10 ** random.int(8);
		const y = random.normal();
		const note = row === quotedAt ? '"a, quoted ""note"""' : `note ${row}`;
		lines.push(`${forms[row % forms.length]!(x)},${forms[(row + 2) % forms.length]!(y)},${note},${row % 3 === 0 ? 'a' : 'b'}`);
	}
	return lines.join(newline) + newline;
}

const parse = (text: string, chunkSize: number): Promise<Table> =>
	parseCsv({ name: 'data.csv', data: text, fingerprint: 'f' }, { name: 'data', labelColumn: '', featureColumns: [], textColumns: ['note'], chunkSize });

describe('parseCsv reads numbers in place (quote-free records) and from field lists (quoted records) alike', () => {
	it.each([
		['\n', null],
		['\r\n', null],
		['\r', null],
		['\n', 150],
		['\r\n', 3]
	])('the same table whatever the chunk size (newline %j, quoted field in row %s)', async (newline, quotedAt) => {
		const text = mixedCsv(300, newline, quotedAt);
		const whole = await parse(text, 1 << 30);
		expect(whole.rowCount).toBe(300);
		const x = whole.columns[0]!.values as Float32Array;
		// Every value is the float32 of its text, as Number() reads it.
		const firstRow = text.split(newline)[1]!.split(',');
		expect(x[0]).toBe(Math.fround(Number(firstRow[0]!.trim())));
		// Any chunk size, shorter than a line too: nothing is guessed from the first chunk.
		for (const chunkSize of [1, 5, 23, 64, 1000, 4096]) {
			const chunked = await parse(text, chunkSize);
			expect(chunked.columns.map((column) => Array.from(column.values as ArrayLike<number | string>))).toEqual(whole.columns.map((column) => Array.from(column.values as ArrayLike<number | string>)));
			expect(Array.from(chunked.labels)).toEqual(Array.from(whole.labels));
		}
	});

	it('a column of a large file has exactly its rows (no slack past its end), its values in order', async () => {
		const rows = 50_000;
		const lines = ['v,label'];
		for (let row = 0; row < rows; row++) lines.push(`${row}.5,${row % 2}`);
		const table = await parseCsv({ name: 'data.csv', data: lines.join('\n'), fingerprint: 'f' }, { name: 'data', labelColumn: '', featureColumns: [], textColumns: [], chunkSize: 1 << 14 });
		const values = table.columns[0]!.values as Float32Array;
		expect(values.length).toBe(rows);
		expect(values[0]).toBe(0.5);
		expect(values[rows - 1]).toBe(rows - 0.5);
		expect(values.every((value, row) => value === row + 0.5)).toBe(true);
	});
});

describe('the guessed delimiter', () => {
	it('is said in the log when it is not a comma, and not when it is', async () => {
		const notes: string[] = [];
		const read = (text: string) => parseCsv({ name: 'data.csv', data: text, fingerprint: 'f' }, { name: 'data', labelColumn: '', featureColumns: [], textColumns: [], onNote: (line) => notes.push(line) });
		await read('a;b;y\n1;2;p\n3;4;q\n');
		expect(notes).toContain('columns separated by semicolons (guessed from the first rows)');
		notes.length = 0;
		await read('a\tb\ty\n1\t2\tp\n3\t4\tq\n');
		expect(notes).toContain('columns separated by tabs (guessed from the first rows)');
		notes.length = 0;
		await read('a,b,y\n1,2,p\n3,4,q\n');
		expect(notes.filter((line) => line.startsWith('columns separated'))).toEqual([]);
	});
});

describe('a number written with a decimal comma or a thousands separator', () => {
	const read = (name: string, text: string) => parseCsv({ name, data: text, fingerprint: name }, { name: 'd', labelColumn: 'label', featureColumns: [], textColumns: [] });

	it('a semicolon-separated file with a byte-order mark and decimal commas is refused naming the decimal comma, not only "not a number"', async () => {
		const text = '\ufeffx1;x2;label\n1,5;2;yes\n-1;-2,5;no\n';
		await expect(read('eu.csv', text)).rejects.toThrow(/data row 1 \(line 2 of the file\), column 'x1': '1,5' is not a number: a decimal comma or a ',' between thousands is not read/);
		await expect(read('eu.csv', text)).rejects.not.toThrow(/Text columns/);
		await expect(read('grouped.csv', 'x;label\n"1.234,5";a\n2;b\n')).rejects.toThrow(/'1\.234,5' is not a number: a decimal comma/);
		await expect(read('thousands.csv', 'x,label\n"1,234",a\n2,b\n')).rejects.toThrow(/'1,234' is not a number: a decimal comma or a ',' between thousands/);
	});

	it('a decimal comma is told to save with a decimal point; digits grouped by thousands, to save without the separator', async () => {
		// A decimal comma: the decimal-separator advice, and nothing about a thousands separator.
		await expect(read('eu.csv', 'x;label\n1,5;a\n2;b\n')).rejects.toThrow(/'1,5' is not a number: .*; save the file with '\.' as the decimal separator$/);
		await expect(read('eu.csv', 'x;label\n1,5;a\n2;b\n')).rejects.not.toThrow(/without a thousands separator/);
		// '.' between thousands and a decimal comma: both.
		await expect(read('grouped.csv', 'x;label\n"1.234,5";a\n2;b\n')).rejects.toThrow(/'1\.234,5' is not a number: .*; save the file with '\.' as the decimal separator and no thousands separator$/);
		// Grouped by thousands: save the numbers without the separator first; "42,244" could still be a decimal comma.
		for (const value of ['42,244', '-1,234,567', '+999,000'])
			await expect(read('sales.csv', `x,label\n"${value}",a\n2,b\n`)).rejects.toThrow(
				`column 'x': '${value}' is not a number: a decimal comma or a ',' between thousands is not read (numbers are read with '.' as the decimal point and no grouping, as pandas reads them by default); save the numbers without a thousands separator (if the ',' is a decimal comma, save the file with '.' as the decimal separator)`
			);
		// Grouped by thousands with a decimal point: the ',' cannot be a decimal comma.
		await expect(read('sales.csv', 'x,label\n"1,234.5",a\n2,b\n')).rejects.toThrow(
			"column 'x': '1,234.5' is not a number: a ',' between thousands is not read (numbers are read with '.' as the decimal point and no grouping, as pandas reads them by default); save the numbers without a thousands separator"
		);
		// Not groups of three: a decimal comma.
		for (const value of ['42,24', '1234,567', '1,2345'])
			await expect(read('eu.csv', `x;label\n${value};a\n2;b\n`)).rejects.not.toThrow(/thousands separator/);
	});

	it('the same file with decimal points reads, its first column named without the mark', async () => {
		const table = await read('eu.csv', '\ufeffx1;x2;label\n1.5;2;yes\n-1;-2.5;no\n');
		expect(table.columns.map((column) => column.name)).toEqual(['x1', 'x2']);
		expect(table.rowCount).toBe(2);
	});

	it('text that is not a number keeps the advice to list it as text', async () => {
		await expect(read('t.csv', 'x,label\nabc,a\n2,b\n')).rejects.toThrow(`'abc' is not a number (list the column under "Text columns" if it is text, or leave it out of "Feature columns"; empty, NA, NaN and null are read as missing)`);
	});
});
