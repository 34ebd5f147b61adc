import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInlineExecutor } from '../../../src/lib/cells/inline-executor';
import { cellRegistry } from '../../../src/lib/cells/registry';
import { Scheduler } from '../../../src/lib/dag/scheduler';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { notebookCli } from './cli';
import { parallelNotebook } from './parallel-notebook';

interface SummaryCell {
	id: string;
	state: string;
	error: string | null;
	summary: Record<string, number | string>;
	worker: number | null;
	startMs: number | null;
	endMs: number | null;
}
interface Summary {
	concurrency: number;
	cells: SummaryCell[];
}

const directory = mkdtempSync(join(tmpdir(), 'descent-parallel-cli-'));
const file = join(directory, 'parallel.descent.json');
const runs: Record<'two' | 'one', { code: number; stdout: string; summary: Summary }> = {} as never;

async function run(concurrency: string): Promise<{ code: number; stdout: string; summary: Summary }> {
	const out = join(directory, `summary-${concurrency}.json`);
	const result = await notebookCli('run', file, '--concurrency', concurrency, '--out', out);
	return { code: result.code, stdout: result.stdout, summary: JSON.parse(readFileSync(out, 'utf8')) };
}

const cell = (summary: Summary, id: string) => summary.cells.find((item) => item.id === id)!;

beforeAll(async () => {
	writeFileSync(file, JSON.stringify(parallelNotebook()));
	runs.two = await run('2');
	runs.one = await run('1');
}, 120_000);

describe('npm run notebook -- run --concurrency N', () => {
	it('runs two independent train cells on different workers at the same time', () => {
		const { summary } = runs.two;
		expect(summary.concurrency).toBe(2);
		const a = cell(summary, 'train-a');
		const b = cell(summary, 'train-b');
		expect([a.state, b.state]).toEqual(['success', 'success']);
		// The pool hands a job to an idle worker before it starts another (node-pool.ts), so two
		// workers mean the second cell was sent while the first still ran: they ran at the same
		// time. (Their start and end times are not compared: a fresh worker takes a second or so to
		// load, and a short train cell can end before the other worker has loaded.)
		expect(new Set([a.worker, b.worker])).toEqual(new Set([1, 2]));
		expect(a.startMs!).toBeLessThanOrEqual(a.endMs!);
		expect(b.startMs!).toBeLessThanOrEqual(b.endMs!);
		expect(runs.two.stdout).toMatch(/Train A\s+success\s+\d+ ms\s+w[12]\s+finalObjective=/);
	});

	it('a cell failing on its worker leaves its siblings and their consumers successful', () => {
		const { code, summary, stdout } = runs.two;
		expect(code).toBe(1);
		const failed = cell(summary, 'raw-train');
		expect(failed.state).toBe('failed');
		expect(failed.error).toContain("column 'review' is text");
		expect(failed.worker).not.toBeNull();
		expect(summary.cells.filter((item) => item.id !== 'raw-train').map((item) => item.state)).toEqual(new Array(8).fill('success'));
		expect(stdout).toMatch(/Train on raw text\s+failed.*column 'review' is text/);
	});

	it('gives the same results as the in-process run, bit for bit, with 2 workers or 1', async () => {
		const parsed = parseNotebook(readFileSync(file, 'utf8'), cellRegistry);
		if (!parsed.ok) throw new Error('the test notebook does not parse');
		const scheduler = new Scheduler({ registry: cellRegistry, executor: createInlineExecutor(cellRegistry) });
		await scheduler.run(parsed.notebook, { targets: 'all' });
		// JSON writes a double as the shortest text that reads back as the same double.
		const expected = parsed.notebook.cells.map(({ id }) => {
			const state = scheduler.states().get(id)!;
			return { id, state: state.state, summary: state.summary ?? {}, error: state.attempts.at(-1)?.error ?? null };
		});
		const of = (summary: Summary) => summary.cells.map(({ id, state, summary, error }) => ({ id, state, summary, error }));
		expect(of(runs.two.summary)).toEqual(expected);
		expect(of(runs.one.summary)).toEqual(expected);
	}, 60_000);

	it('with --concurrency 1 runs every cell on one worker, one after another', () => {
		const { code, summary, stdout } = runs.one;
		expect(code).toBe(1);
		expect(summary.concurrency).toBe(1);
		expect(new Set(summary.cells.map((item) => item.worker))).toEqual(new Set([1]));
		const spans = summary.cells.map((item) => [item.startMs!, item.endMs!] as const).sort((x, y) => x[0] - y[0]);
		for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
		expect(stdout).toContain('on 1 worker)');
	});

	it('refuses a --concurrency that is not a whole number of at least 1, naming the argument', async () => {
		for (const value of ['0', '1.5', 'two']) {
			const result = await notebookCli('run', file, '--concurrency', value);
			expect(result.code, value).toBe(2);
			expect(result.stderr, value).toContain(`--concurrency expects a whole number of workers, 1 or more, got '${value}'`);
		}
		const missing = await notebookCli('run', file, '--concurrency');
		expect(missing.code).toBe(2);
		expect(missing.stderr).toContain("--concurrency expects a whole number of workers, 1 or more, got ''");
	}, 60_000);
});
