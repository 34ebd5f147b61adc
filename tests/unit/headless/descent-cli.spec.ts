import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { descentCli } from './cli';

const directory = mkdtempSync(join(tmpdir(), 'descent-bin-'));
const teaching = resolve('static/examples/teaching-2d.descent.json');
const order = ['blobs', 'split', 'scale', 'sgd-0001', 'sgd-001', 'sgd-01', 'best', 'evaluate'];
/** Scores a CSV with a registered model: its file and its model are bound on the command line. */
const scoring = join(directory, 'score.descent.json');
writeFileSync(
	scoring,
	JSON.stringify({
		format: 'descent-notebook',
		version: 1,
		title: 'Score',
		description: '',
		cells: [
			{ id: 'new', kind: 'dataset', title: 'New rows', params: { name: 'new', source: 'csv' }, inputs: {}, retry: { count: 0, delayMs: 0 } },
			{ id: 'predict', kind: 'predict', title: 'Predict', params: { modelName: 'points' }, inputs: { data: ['new'] }, retry: { count: 0, delayMs: 0 } }
		]
	})
);

describe('the descent command', () => {
	it('runs each cell as a task through the artifact store, from another folder, and the store gives the same summary as descent run', async () => {
		const artifacts = join(directory, 'artifacts');
		for (const id of order) {
			const result = await descentCli(['run-cell', teaching, '--cell', id, '--artifacts', artifacts], directory);
			expect(result.code, result.stderr).toBe(0);
			expect(result.stdout).toContain(`(${id}): success`);
		}
		const again = await descentCli(['run-cell', teaching, '--cell', 'evaluate', '--artifacts', artifacts], directory);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('cache hit');
		const stored = await descentCli(['summary', teaching, '--artifacts', artifacts, '--stable', '--json'], directory);
		expect(stored.code, stored.stderr).toBe(0);
		const whole = join(directory, 'whole.json');
		const run = await descentCli(['run', teaching, '--stable', '--out', whole, '--concurrency', '2'], directory);
		expect(run.code, run.stderr).toBe(0);
		expect(JSON.parse(stored.stdout)).toEqual(JSON.parse(readFileSync(whole, 'utf8')));
		// The full summary names the process each task ran in.
		const full = JSON.parse((await descentCli(['summary', teaching, '--artifacts', artifacts, '--json'], directory)).stdout);
		expect(full.cells.every((cell: { worker: string }) => /^.+:\d+$/.test(cell.worker))).toBe(true);
		// A whole run on the same store takes every cell from it.
		const cached = join(directory, 'cached.json');
		expect((await descentCli(['run', teaching, '--artifacts', artifacts, '--out', cached, '--concurrency', '1'], directory)).code).toBe(0);
		expect(JSON.parse(readFileSync(cached, 'utf8')).cells.map((cell: { fromCache: boolean }) => cell.fromCache)).toEqual(order.map(() => true));
	}, 120_000);

	it('run --artifacts stores every cell as run-cell would: the store then gives the run\'s own summary', async () => {
		const artifacts = join(directory, 'whole-store');
		const out = join(directory, 'stored-run.json');
		const run = await descentCli(['run', teaching, '--artifacts', artifacts, '--stable', '--out', out, '--concurrency', '2']);
		expect(run.code, run.stderr).toBe(0);
		const stored = await descentCli(['summary', teaching, '--artifacts', artifacts, '--stable', '--json']);
		expect(JSON.parse(stored.stdout)).toEqual(JSON.parse(readFileSync(out, 'utf8')));
		const task = await descentCli(['run-cell', teaching, '--cell', 'best', '--artifacts', artifacts]);
		expect(task.stdout).toContain('cache hit');
	}, 120_000);

	it('exits 3 naming the upstream cell and key when an input artifact is missing', async () => {
		const result = await descentCli(['run-cell', teaching, '--cell', 'scale', '--artifacts', join(directory, 'empty')]);
		expect(result.code).toBe(3);
		expect(result.stderr).toMatch(/needs the output of cell 'split' \('Split train\/test', key [0-9a-f]{16}\)/);
	}, 60_000);

	it('--help on each command exits 0; bad arguments exit 2 naming the argument', async () => {
		for (const command of ['run', 'run-cell', 'summary']) {
			const help = await descentCli([command, '--help']);
			expect(help.code, command).toBe(0);
			expect(help.stdout).toContain(`usage: descent ${command}`);
		}
		const cases: [string[], string][] = [
			[['run-cell', teaching, '--artifacts', directory], '--cell ID is required'],
			[['run-cell', teaching, '--cell', 'nope', '--artifacts', directory], "--cell nope: the notebook has no such cell"],
			[['run-cell', teaching, '--cell', 'split'], '--artifacts DIR is required'],
			[['summary', teaching, '--artifacts', directory, '--colour'], "unknown argument '--colour'"],
			[['summary', teaching, '--artifacts', join(directory, 'typo')], 'no such folder'],
			// Without the files the tasks bound, no key can match: named, as descent run names them.
			[['summary', scoring, '--artifacts', directory], "dataset cell 'new' reads a file the notebook does not embed: pass --data new=path.csv"],
			[['summary', scoring, '--artifacts', directory, '--data', `new=${resolve('static/examples/reviews.csv')}`], 'the predict cells need their models (a headless run has no registry): pass --model points=path.json'],
			[['run', teaching, '--watch', join(directory, 'nowhere')], '--watch'],
			[['frobnicate'], "unknown command 'frobnicate'"]
		];
		for (const [args, message] of cases) {
			const result = await descentCli(args);
			expect(result.code, args.join(' ')).toBe(2);
			expect(result.stderr).toContain(message);
		}
	}, 120_000);

	it('binds Parquet and Arrow files with --data, in descent run (worker threads) and in run-cell', async () => {
		const notebook = join(directory, 'typed.descent.json');
		writeFileSync(
			notebook,
			JSON.stringify({
				format: 'descent-notebook',
				version: 1,
				title: 'Typed',
				description: '',
				cells: [
					{ id: 'points', kind: 'dataset', title: 'Points', params: { name: 'points', source: 'csv', labelColumn: 'label', textColumns: ['note'] }, inputs: {} },
					{ id: 'split', kind: 'split', title: 'Split', params: { testFraction: 0.3 }, inputs: { data: ['points'] } }
				]
			})
		);
		for (const file of ['typed-points.parquet', 'typed-points.arrow']) {
			const whole = await descentCli(['run', notebook, '--data', `points=${resolve('tests/fixtures', file)}`, '--concurrency', '1']);
			expect(whole.code, whole.stderr + whole.stdout).toBe(0);
			expect(whole.stdout).toMatch(/Points\s+success.*rows=50 columns=4 classes=2/);
		}
		const task = await descentCli(['run-cell', notebook, '--cell', 'points', '--artifacts', join(directory, 'typed-store'), '--data', `points=${resolve('tests/fixtures/typed-points.parquet')}`]);
		expect(task.code, task.stderr).toBe(0);
		expect(task.stdout).toContain('reading typed-points.parquet');
	}, 120_000);

	it('run --watch runs again when a CSV in the folder changes', async () => {
		const watched = join(directory, 'watched');
		mkdirSync(watched);
		const csv = join(watched, 'points.csv');
		const rows = (shift: number) => ['x,label', ...Array.from({ length: 20 }, (_, i) => `${i + shift},${i % 2 ? 'a' : 'b'}`)].join('\n');
		writeFileSync(csv, rows(0));
		const notebook = join(directory, 'watch.descent.json');
		writeFileSync(
			notebook,
			JSON.stringify({ format: 'descent-notebook', version: 1, title: 'Watch', description: '', cells: [{ id: 'points', kind: 'dataset', title: 'Points', params: { name: 'points', source: 'csv', labelColumn: 'label' }, inputs: {} }] })
		);
		const child = spawn(process.execPath, ['bin/descent.mjs', 'run', notebook, '--data', `points=${csv}`, '--watch', watched, '--concurrency', '1']);
		let output = '';
		const seen = (pattern: RegExp, count: number) =>
			new Promise<void>((done, failed) => {
				const timer = setTimeout(() => failed(new Error(`no ${pattern} ×${count} within 60 s; output:\n${output}`)), 60_000);
				const check = () => {
					if ((output.match(pattern) ?? []).length >= count) {
						clearTimeout(timer);
						done();
					} else setTimeout(check, 50);
				};
				check();
			});
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		try {
			await seen(/watching /g, 1);
			writeFileSync(csv, rows(100));
			await seen(/watching /g, 2);
			expect(output).toContain(`change: ${csv}`);
			expect(output.match(/Points\s+success/g)?.length).toBe(2);
		} finally {
			child.kill();
		}
	}, 150_000);
});
