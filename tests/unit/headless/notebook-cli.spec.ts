import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Text } from '../../../src/lib/notebook/sha256';
import { notebookCli } from './cli';

const directory = mkdtempSync(join(tmpdir(), 'descent-cli-'));

describe('npm run notebook -- run', () => {
	it('runs the reference example: every cell succeeds and the summary is written', async () => {
		const out = join(directory, 'summary.json');
		const result = await notebookCli('run', 'static/examples/sentiment.descent.json', '--out', out);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('all 10 cells succeeded');
		const summary = JSON.parse(readFileSync(out, 'utf8'));
		expect(summary.ok).toBe(true);
		expect(summary.cells.map((cell: { state: string }) => cell.state)).toEqual(new Array(10).fill('success'));
		const evaluate = summary.cells.find((cell: { id: string }) => cell.id === 'evaluate');
		expect(evaluate.summary.accuracy).toBeGreaterThan(0.7);
	}, 60_000);

	it('binds a CSV file to a dataset cell by name', async () => {
		const csv = join(directory, 'points.csv');
		const rows = ['x1,x2,label'];
		for (let i = 0; i < 40; i++) rows.push(`${i % 2 ? 2 + i / 40 : -2 - i / 40},${(i % 5) / 5},${i % 2 ? 'yes' : 'no'}`);
		writeFileSync(csv, rows.join('\n'));
		const notebook = {
			format: 'descent-notebook',
			version: 1,
			title: 'CSV',
			description: '',
			cells: [
				{ id: 'points', kind: 'dataset', title: 'Points', params: { name: 'points', source: 'csv', labelColumn: 'label' }, inputs: {} },
				{ id: 'split', kind: 'split', title: 'Split', params: { testFraction: 0.25 }, inputs: { data: ['points'] } },
				{ id: 'train', kind: 'train', title: 'Train', params: { epochs: 5 }, inputs: { data: ['split'] } }
			]
		};
		const file = join(directory, 'csv.descent.json');
		writeFileSync(file, JSON.stringify(notebook));
		const bound = await notebookCli('run', file, '--data', `points=${csv}`);
		expect(bound.code).toBe(0);
		expect(bound.stdout).toMatch(/Points\s+success.*rows=40/);

		// A file the run needs and was not given is a bad argument, said before anything runs.
		const unbound = await notebookCli('run', file);
		expect(unbound.code).toBe(2);
		expect(unbound.stderr).toContain("dataset cell 'points' reads a file the notebook does not embed: pass --data points=path.csv");
		expect(unbound.stdout).toBe('');
	}, 60_000);

	it('a --data file over one chunk, read from disk in a worker, runs as the same text embedded', async () => {
		const rows = ['x1,x2,label'];
		for (let i = 0; i < 60_000; i++) rows.push(`${(i % 2 ? 1 : -1) + (i % 89) / 97},${(i % 7) / 11},${i % 2 ? 'yes' : 'no'}`);
		const text = rows.join('\n') + '\n';
		expect(text.length).toBeGreaterThan(1 << 20);
		const csv = join(directory, 'large.csv');
		writeFileSync(csv, text);
		const cells = [
			{ id: 'large', kind: 'dataset', title: 'Large', params: { name: 'large', source: 'csv', labelColumn: 'label' }, inputs: {} },
			{ id: 'split', kind: 'split', title: 'Split', params: { testFraction: 0.25 }, inputs: { data: ['large'] } },
			{ id: 'scale', kind: 'scale', title: 'Scale', params: {}, inputs: { data: ['split'] } },
			{ id: 'train', kind: 'train', title: 'Train', params: { epochs: 2 }, inputs: { data: ['scale'] } }
		];
		const base = { format: 'descent-notebook', version: 1, title: 'Large', description: '', cells };
		const bound = join(directory, 'large.descent.json');
		writeFileSync(bound, JSON.stringify(base));
		const embedded = join(directory, 'large-embedded.descent.json');
		const data = [{ cell: 'large', fileName: 'large.csv', bytes: text.length, sha256: sha256Text(text), text }];
		writeFileSync(embedded, JSON.stringify({ ...base, data }));

		const summaries = [];
		for (const args of [[bound, '--data', `large=${csv}`], [embedded]]) {
			const out = join(directory, 'large-summary.json');
			const result = await notebookCli('run', args[0]!, ...args.slice(1), '--concurrency', '2', '--out', out);
			expect(result.code, result.stdout + result.stderr).toBe(0);
			summaries.push(JSON.parse(readFileSync(out, 'utf8')).cells.map((cell: { summary: unknown }) => cell.summary));
		}
		expect(summaries[0][0]).toMatchObject({ rows: 60_000, columns: 2, classes: 2 });
		expect(summaries[0]).toEqual(summaries[1]);
	}, 60_000);

	it('prints counts whole: 27,748 rows print as rows=27748, not rows=27750', async () => {
		const rows = ['x,label'];
		for (let i = 0; i < 27_748; i++) rows.push(`${(i % 97) / 10},${i % 2 ? 'yes' : 'no'}`);
		const csv = join(directory, 'many.csv');
		writeFileSync(csv, rows.join('\r\n'));
		const notebook = {
			format: 'descent-notebook',
			version: 1,
			title: 'Counts',
			description: '',
			cells: [
				{ id: 'many', kind: 'dataset', title: 'Many rows', params: { name: 'many', source: 'csv', labelColumn: 'label' }, inputs: {} },
				{ id: 'split', kind: 'split', title: 'Split', params: { testFraction: 0.25, validationFraction: 0 }, inputs: { data: ['many'] } }
			]
		};
		const file = join(directory, 'counts.descent.json');
		writeFileSync(file, JSON.stringify(notebook));
		const result = await notebookCli('run', file, '--data', `many=${csv}`);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/Many rows\s+success.*\brows=27748 columns=1 classes=2$/m);
		expect(result.stdout).toMatch(/Split\s+success.*\btrain=20811 test=6937 validation=0$/m);
	}, 60_000);

	it('exits non-zero with the JSON path when the notebook file is bad', async () => {
		const notebook = JSON.parse(readFileSync('static/examples/teaching-2d.descent.json', 'utf8'));
		notebook.cells[3].params.eta0 = -1;
		const file = join(directory, 'bad.descent.json');
		writeFileSync(file, JSON.stringify(notebook));
		const result = await notebookCli('run', file);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('$.cells[3].params.eta0');
	}, 60_000);

	it('exits 2 before running when --data names a cell that reads a built-in set, or --out a folder that does not exist', async () => {
		const file = join(directory, 'rows.csv');
		writeFileSync(file, 'review,sentiment\ngood,positive\nbad,negative\n');
		const builtIn = await notebookCli('run', 'static/examples/sentiment.descent.json', '--data', `reviews=${file}`);
		expect(builtIn.code).toBe(2);
		// The option by the name the workbench's Source menu gives it, not its value in the notebook.
		expect(builtIn.stderr).toContain("dataset cell 'reviews' reads the built-in 'reviews' set, not a CSV file: set its Source to 'File (CSV, Parquet, Arrow)' to bind a file");
		const nowhere = await notebookCli('run', 'static/examples/teaching-2d.descent.json', '--out', join(directory, 'missing', 'summary.json'));
		expect(nowhere.code).toBe(2);
		expect(nowhere.stderr).toContain('does not exist');
		expect(nowhere.stdout).toBe('');
	}, 60_000);

	it('says what to give --data, not what to attach, when the file bound is binary', async () => {
		const png = join(directory, 'photo.csv');
		writeFileSync(png, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
		const random = join(directory, 'random.csv');
		// Bytes of no format at all (/dev/urandom's kind): seeded, so the test reads the same file each time.
		let seed = 7;
		writeFileSync(random, Uint8Array.from({ length: 5000 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff));
		const notebook = {
			format: 'descent-notebook',
			version: 1,
			title: 'Binary',
			description: '',
			cells: [{ id: 'points', kind: 'dataset', title: 'Points', params: { name: 'points', source: 'csv' }, inputs: {} }]
		};
		const file = join(directory, 'binary.descent.json');
		writeFileSync(file, JSON.stringify(notebook));
		// Told from the file's first bytes before anything runs (exit 2), in the words the cell uses.
		const picture = await notebookCli('run', file, '--data', `points=${png}`);
		expect(picture.code).toBe(2);
		expect(picture.stderr).toContain(`--data points=${png}: photo.csv looks like a PNG image, not a text CSV: give a CSV file to --data points`);
		expect(picture.stdout + picture.stderr).not.toContain('attach');
		const noise = await notebookCli('run', file, '--data', `points=${random}`);
		expect(noise.code).toBe(2);
		expect(noise.stdout + noise.stderr).toMatch(/random\.csv does not look like text: \d+% of its first 4,096 bytes are not text in any encoding; give a CSV, TSV, Parquet or Arrow file to --data points/);
		const json = join(directory, 'rows.json');
		writeFileSync(json, '[{"x": 1, "y": "a"}]\n');
		const records = await notebookCli('run', file, '--data', `points=${json}`);
		expect(records.code).toBe(2);
		expect(records.stderr).toContain(`--data points=${json}: rows.json looks like JSON, not a CSV: save the data as a CSV file`);
		expect(noise.stdout + noise.stderr).not.toContain('UTF-8');
	}, 60_000);

	it('exits 1 when a cell fails, and the other branches still finish', async () => {
		const notebook = JSON.parse(readFileSync('static/examples/teaching-2d.descent.json', 'utf8'));
		notebook.cells[3].params.eta0 = 'NaN';
		const file = join(directory, 'nan.descent.json');
		const out = join(directory, 'nan-summary.json');
		writeFileSync(file, JSON.stringify(notebook));
		const result = await notebookCli('run', file, '--out', out);
		expect(result.code).toBe(1);
		const states = Object.fromEntries(JSON.parse(readFileSync(out, 'utf8')).cells.map((cell: { id: string; state: string }) => [cell.id, cell.state]));
		expect(states).toMatchObject({ 'sgd-0001': 'failed', 'sgd-001': 'success', 'sgd-01': 'success', best: 'success', evaluate: 'success' });
	}, 60_000);
});
