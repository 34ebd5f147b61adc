/**
 * `descent run` with several --data files prints only a failed cell's message: a bad row in one
 * file is named with that file ("orders.csv: data row 2 (line 3 of the file) has 4 fields, …"),
 * so the user can tell which of the files to fix, and the good file's cell still succeeds.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { descentCli } from './cli';

const directory = mkdtempSync(join(tmpdir(), 'descent-file-errors-'));

describe('descent run with two --data files, one bad', () => {
	it('names the bad file in the failed cell\'s message, and reads the good one', async () => {
		const notebook = join(directory, 'two.descent.json');
		const dataset = (id: string, title: string) => ({ id, kind: 'dataset', title, params: { name: id, source: 'csv', labelColumn: 'outcome' }, inputs: {}, retry: { count: 0, delayMs: 0 } });
		writeFileSync(notebook, JSON.stringify({ format: 'descent-notebook', version: 1, title: 'Two files', description: '', cells: [dataset('customers', 'Customers'), dataset('orders', 'Orders')] }));
		const customers = join(directory, 'customers.csv');
		writeFileSync(customers, 'age,spend,outcome\n31,12.5,yes\n45,3,no\n27,8,yes\n');
		const orders = join(directory, 'orders.csv');
		writeFileSync(orders, 'items,total,outcome\n2,19.5,yes\n3,4,7.25,no\n');

		const result = await descentCli(['run', notebook, '--data', `customers=${customers}`, '--data', `orders=${orders}`, '--concurrency', '1']);
		const output = result.stdout + result.stderr;
		expect(result.code, output).toBe(1);
		expect(output).toContain('orders.csv: data row 2 (line 3 of the file) has 4 fields, header has 3');
		expect(output).not.toContain('customers.csv: ');
		expect(output).not.toContain('orders.csv: orders.csv');
		expect(result.stdout).toMatch(/Customers\s+success.*rows=3/);
	}, 120_000);
});
