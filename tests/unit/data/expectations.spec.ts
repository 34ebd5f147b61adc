import { describe, expect, it } from 'vitest';
import { checkExpectations, describeReport } from '../../../src/lib/data/expectation-checks';
import { formatExpectations, learnExpectations, parseExpectations } from '../../../src/lib/data/expectations';
import { unlabelled, type Table } from '../../../src/lib/data/table';

/** 100 rows: age 20..69 twice, colour red/green/blue, label yes for a quarter of the rows. */
function reference(): Table {
	const n = 100;
	const age = Float32Array.from({ length: n }, (_, i) => 20 + (i % 50));
	const colour = Array.from({ length: n }, (_, i) => ['red', 'green', 'blue'][i % 3]!);
	const labels = Int8Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0));
	return {
		kind: 'table',
		name: 'people',
		rowCount: n,
		columns: [
			{ name: 'age', type: 'numeric', values: age },
			{ name: 'colour', type: 'text', values: colour },
			{ name: 'note', type: 'text', values: Array.from({ length: n }, (_, i) => `free text ${i}`) }
		],
		labelName: 'bought',
		classes: ['no', 'yes'],
		labels,
		source: 'test'
	};
}

function withColumn(table: Table, index: number, column: Table['columns'][number]): Table {
	const columns = [...table.columns];
	columns[index] = column;
	return { ...table, columns };
}

describe('learnExpectations(table)', () => {
	it('learns type, range, missing share, categories, distinct count, class balance and row count', () => {
		const learned = learnExpectations(reference());
		expect(learned.rowCount).toEqual({ min: 50, max: 200 });
		expect(learned.columns[0]).toMatchObject({ column: 'age', type: 'numeric', min: 20, max: 69, maxMissingShare: 0, minDistinct: 2 });
		expect(learned.columns[1]).toMatchObject({ column: 'colour', type: 'text', categories: ['blue', 'green', 'red'], maxDistinct: 3 });
		// 100 distinct notes: free text, not categories.
		expect(learned.columns[2]).toMatchObject({ column: 'note', categories: null, maxDistinct: null });
		expect(learned.label).toEqual({ name: 'bought', classes: ['no', 'yes'], balance: { no: 0.75, yes: 0.25 }, tolerance: 0.1 });
	});

	it('holds on its own reference, and survives the JSON param round trip', () => {
		const learned = learnExpectations(reference());
		const report = checkExpectations(reference(), parseExpectations(formatExpectations(learned)));
		expect(report.broken).toEqual([]);
		expect(report.checked).toBeGreaterThan(10);
		expect(describeReport(report)).toMatch(/^all \d+ expectations hold on 100 rows$/);
	});
});

describe('learned bounds on float32 columns', () => {
	it('read as the file wrote them and still hold on the extreme values themselves', () => {
		// fround(0.3) > 0.3: compared in float64, the reference's own 0.3 would break "max 0.3".
		const values = Float32Array.of(0.1, 0.2, 0.3);
		const table = withColumn(reference(), 0, { name: 'age', type: 'numeric', values: Float32Array.from({ length: 100 }, (_, i) => values[i % 3]!) });
		const learned = learnExpectations(table);
		expect(learned.columns[0]).toMatchObject({ min: 0.1, max: 0.3 });
		expect(checkExpectations(table, learned).broken).toEqual([]);
		const above = withColumn(table, 0, { name: 'age', type: 'numeric', values: Float32Array.from({ length: 100 }, (_, i) => (i === 5 ? 0.35 : 0.3)) });
		expect(checkExpectations(above, learned).broken.map((item) => item.message)).toEqual(["'age' above max 0.3 in 1 row (data row 6)"]);
	});
});

describe('checkExpectations(table, expectations)', () => {
	const learned = learnExpectations(reference());

	it('names a value above max with its count and rows (numbered from 1)', () => {
		const table = reference();
		const age = Float32Array.from((table.columns[0] as { values: Float32Array }).values);
		age[16] = 120;
		age[39] = 150;
		age[80] = 101;
		const report = checkExpectations(withColumn(table, 0, { name: 'age', type: 'numeric', values: age }), learned);
		expect(report.broken.map((item) => item.message)).toEqual(["'age' above max 69 in 3 rows (data rows 17, 40, 81)"]);
		expect(report.broken[0]).toMatchObject({ rule: 'range', column: 'age', count: 3, share: 0.03, rows: [17, 40, 81] });
	});

	it('names missing cells beyond the allowed share, and values below min', () => {
		const age = new Float32Array(100).fill(30);
		age.fill(NaN, 0, 7);
		age[50] = -1;
		const report = checkExpectations(withColumn(reference(), 0, { name: 'age', type: 'numeric', values: age }), learned);
		const messages = report.broken.map((item) => item.message);
		expect(messages).toContain("'age' below min 20 in 1 row (data row 51)");
		expect(messages).toContain("'age' missing in 7 of 100 rows (7.0%), expected at most 0.0% (data rows 1, 2, 3, 4, 5, …)");
	});

	it('names unseen categories, a constant column, a missing column and a retyped one', () => {
		const colour = Array.from({ length: 100 }, () => 'red');
		colour[3] = 'purple';
		let table = withColumn(reference(), 1, { name: 'colour', type: 'text', values: colour });
		table = { ...table, columns: [{ name: 'age', type: 'text', values: colour }, table.columns[1]!] };
		const messages = checkExpectations(table, learned).broken.map((item) => item.message);
		expect(messages).toContain("'age' is text, expected numeric");
		expect(messages).toContain("'colour' outside its categories in 1 row (data row 4), e.g. 'purple'");
		expect(messages.some((message) => message.startsWith("column 'note' is missing"))).toBe(true);
		// red + purple: still 2 distinct values, so only a truly constant column breaks "at least 2".
		const constant = withColumn(reference(), 1, { name: 'colour', type: 'text', values: Array.from({ length: 100 }, () => 'red') });
		expect(checkExpectations(constant, learned).broken.map((item) => item.message)).toEqual(["'colour' has 1 distinct value, expected at least 2"]);
		// Within the categories but more distinct values than allowed (the user narrowed maxDistinct to 2).
		const narrowed = { ...learned, columns: learned.columns.map((column) => (column.column === 'colour' ? { ...column, maxDistinct: 2 } : column)) };
		expect(checkExpectations(reference(), narrowed).broken.map((item) => item.message)).toEqual(["'colour' has more than 2 distinct values, expected at most 2"]);
	});

	it('counts the same expectations whatever the data: a missing or retyped column does not shrink "N of M"', () => {
		const whole = checkExpectations(reference(), learned).checked;
		const table = reference();
		const withoutAge: Table = { ...table, columns: table.columns.slice(1) };
		const retyped = withColumn(table, 0, { name: 'age', type: 'text', values: Array.from({ length: 100 }, () => 'x') });
		expect(checkExpectations(withoutAge, learned).checked).toBe(whole);
		expect(checkExpectations(retyped, learned).checked).toBe(whole);
		expect(describeReport(checkExpectations(withoutAge, learned))).toMatch(new RegExp(`^1 of ${whole} expectations broken: column 'age' is missing`));
		// A column the expectations do not name changes nothing either.
		const extra: Table = { ...table, columns: [...table.columns, { name: 'visits', type: 'numeric', values: new Float32Array(100) }] };
		expect(checkExpectations(extra, learned).checked).toBe(whole);
		expect(checkExpectations(withoutAge, learned, 'serving').checked).toBe(checkExpectations(table, learned, 'serving').checked);
	});

	it('warns of a column the expectations do not name, in both scopes, without breaking or counting it', () => {
		const table = reference();
		const extra: Table = { ...table, columns: [table.columns[0]!, { name: 'visits', type: 'numeric', values: new Float32Array(100) }, ...table.columns.slice(1)] };
		for (const scope of ['dataset', 'serving'] as const) {
			const report = checkExpectations(extra, learned, scope);
			expect(report.broken).toEqual([]);
			expect(report.checked).toBe(checkExpectations(table, learned, scope).checked);
			expect(report.warnings).toEqual([{ rule: 'new-column', column: 'visits', message: "column 'visits' (numeric) is not in the expectations (learned from table 'people' (100 rows)): a new column is not checked" }]);
		}
		expect(describeReport(checkExpectations(extra, learned))).toMatch(/^all \d+ expectations hold on 100 rows; warning: column 'visits' \(numeric\) is not in the expectations/);
		expect(checkExpectations(table, learned).warnings).toEqual([]);
	});

	it('rows without labels: learn nothing of a label; against labelled expectations they are rows to score, checked row by row with a warning', () => {
		const rows: Table = { ...reference(), ...unlabelled() };
		expect(learnExpectations(rows).label).toBeNull();
		const report = checkExpectations(rows, learned);
		expect(report.broken).toEqual([]);
		expect(report.scope).toBe('serving');
		expect(report.warnings).toEqual([
			{
				rule: 'no-labels',
				column: learned.label!.name,
				message: `the rows have no labels (rows to score): they are checked row by row, as a predict cell checks what it scores; label '${learned.label!.name}' (classes ${learned.label!.classes.map((name) => `'${name}'`).join(', ')}), the row count and distinct counts, which describe the training rows, are not checked`
			}
		]);
		expect(report.checked).toBe(checkExpectations(reference(), learned, 'serving').checked);
		// A batch of 3 rows to score is not refused for being fewer than the 50 to 200 training rows; a value out of range still is.
		const batch: Table = { ...rows, rowCount: 3, columns: rows.columns.map((column) => ({ ...column, values: column.values.slice(0, 3) }) as typeof column) };
		expect(checkExpectations(batch, learned).broken).toEqual([]);
		const age = batch.columns.findIndex((column) => column.name === 'age');
		const high = { ...batch, columns: batch.columns.map((column, index) => (index === age ? { ...column, values: Float32Array.from([30, 500, 40]) } : column)) } as Table;
		expect(checkExpectations(high, learned).broken.map((item) => item.message)).toEqual(["'age' above max 69 in 1 row (data row 2)"]);
		// Unlabelled expectations check unlabelled rows as a dataset: the row count holds.
		expect(checkExpectations(batch, learnExpectations(rows)).broken.map((item) => item.rule)).toContain('row-count');
	});

	it('names a shifted class balance, an unknown class and a row count out of range', () => {
		const table = reference();
		const small: Table = { ...table, rowCount: 10, columns: table.columns.map((column) => ({ ...column, values: column.values.slice(0, 10) }) as typeof column), labels: Int8Array.from({ length: 10 }, (_, i) => (i < 6 ? 1 : i < 8 ? 2 : 0)), classes: ['no', 'yes', 'maybe'] };
		const messages = checkExpectations(small, learned).broken.map((item) => item.message);
		expect(messages).toContain('10 rows, expected between 50 and 200');
		expect(messages).toContain("label 'bought' has 2 rows of classes it never had ('maybe') (data rows 7, 8)");
		expect(messages).toContain("class 'yes' is 60.0% of rows (6 of 10), expected 25.0% ± 10.0%");
		expect(messages).toContain("class 'no' is 20.0% of rows (2 of 10), expected 75.0% ± 10.0%");
	});

	it('checks a serving batch row by row only: no row count, distinct count or class balance', () => {
		const table = reference();
		const batch: Table = { ...table, rowCount: 2, columns: table.columns.map((column) => ({ ...column, values: column.values.slice(0, 2) }) as typeof column), labels: Int8Array.of(1, 1) };
		expect(checkExpectations(batch, learned, 'serving').broken).toEqual([]);
		expect(checkExpectations(batch, learned, 'dataset').broken.length).toBeGreaterThan(0);
		const high = withColumn(batch, 0, { name: 'age', type: 'numeric', values: Float32Array.of(30, 500) });
		expect(checkExpectations(high, learned, 'serving').broken.map((item) => item.message)).toEqual(["'age' above max 69 in 1 row (data row 2)"]);
	});
});

describe('parseExpectations(text)', () => {
	it('refuses text that is not JSON, or a bound of the wrong type, naming the JSON path', () => {
		expect(() => parseExpectations('{')).toThrow(/not JSON/);
		const learned = JSON.parse(formatExpectations(learnExpectations(reference())));
		learned.columns[0].max = 'ninety';
		expect(() => parseExpectations(JSON.stringify(learned))).toThrow(/^expectations\.columns\[0\]\.max: /);
	});
});
