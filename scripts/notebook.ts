/**
 * The headless runner: the same notebook and cell executors as the browser, in Node.
 *
 *   npm run notebook -- run FILE.descent.json [--data NAME=path.csv ...] [--out summary.json]
 *
 * Prints one line per cell (state, duration, metrics); writes the summary as JSON with --out.
 * Exit codes: 0 every cell succeeded, 1 a cell did not succeed, 2 bad arguments or notebook file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createInlineExecutor } from '../src/lib/cells/inline-executor';
import { cellRegistry } from '../src/lib/cells/registry';
import type { FileSource } from '../src/lib/cells/types';
import { Scheduler } from '../src/lib/dag/scheduler';
import { hashString } from '../src/lib/ml/hash';
import { cellsInDisplayOrder } from '../src/lib/notebook/edit';
import { parseNotebook } from '../src/lib/notebook/parse';

const usage = 'usage: npm run notebook -- run FILE.descent.json [--data NAME=path.csv ...] [--out summary.json]';

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

function parseArguments(args: string[]): { file: string; data: Map<string, string>; out: string | null } {
	const [command, file, ...rest] = args;
	if (command !== 'run' || !file) fail(usage);
	const data = new Map<string, string>();
	let out: string | null = null;
	for (let i = 0; i < rest.length; i++) {
		const flag = rest[i];
		const value = rest[i + 1];
		if (flag === '--data' && value) {
			const [name, path] = value.split(/=(.*)/s);
			if (!name || !path) fail(`--data expects NAME=path.csv, got '${value}'`);
			data.set(name, path);
		} else if (flag === '--out' && value) {
			out = value;
		} else fail(`unknown argument '${flag}'\n${usage}`);
		i++;
	}
	return { file, data, out };
}

function readText(path: string, what: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch (error) {
		fail(`cannot read ${what} '${path}': ${(error as Error).message}`);
	}
}

const { file, data, out } = parseArguments(process.argv.slice(2));
const parsed = parseNotebook(readText(file, 'notebook'), cellRegistry);
if (!parsed.ok) {
	console.error(`${file}: not a notebook Descent can run:`);
	for (const error of parsed.errors) {
		console.error(`  ${error.path}: ${error.message}${error.cells?.length ? ` (cells: ${error.cells.join(', ')})` : ''}`);
	}
	process.exit(2);
}
const notebook = parsed.notebook;
const datasetNames = new Set(notebook.cells.filter((cell) => cell.kind === 'dataset').map((cell) => String(cell.params.name ?? cell.id)));
for (const name of data.keys()) {
	if (!datasetNames.has(name)) fail(`--data ${name}=…: the notebook has no dataset named '${name}' (it has: ${[...datasetNames].join(', ') || 'none'})`);
}
const files = new Map<string, FileSource>();
for (const [name, path] of data) {
	const text = readText(path, 'CSV file');
	files.set(name, { name: basename(path), data: text, fingerprint: hashString(text) });
}

const scheduler = new Scheduler({
	registry: cellRegistry,
	executor: createInlineExecutor(cellRegistry),
	// One cell at a time in-process, so each duration is its own (no worker threads here).
	concurrency: 1,
	files: (cell) => files.get(String(cell.params.name ?? cell.id)) ?? files.get(cell.id) ?? null
});

const started = Date.now();
await scheduler.run(notebook, { targets: 'all' });
const states = scheduler.states();
const cells = cellsInDisplayOrder(notebook).map((cell) => {
	const run = states.get(cell.id);
	const attempts = run?.attempts ?? [];
	return {
		id: cell.id,
		title: cell.title,
		kind: cell.kind,
		state: run?.state ?? 'idle',
		durationMs: run?.durationMs ?? null,
		fromCache: run?.fromCache ?? false,
		attempts: attempts.length,
		error: attempts.at(-1)?.error ?? run?.reason ?? null,
		summary: run?.summary ?? {}
	};
});
const ok = cells.every((cell) => cell.state === 'success');
const summary = {
	notebook: notebook.title,
	file: basename(file),
	startedAt: new Date(started).toISOString(),
	durationMs: Date.now() - started,
	ok,
	cells
};

const format = (value: number | string) => (typeof value === 'number' ? Number(value.toPrecision(4)).toString() : value);
const width = Math.max(...cells.map((cell) => cell.title.length), 5);
console.log(`${notebook.title} (${basename(file)})`);
for (const cell of cells) {
	const duration = cell.durationMs === null ? '—' : `${cell.durationMs.toFixed(0)} ms`;
	const metrics = Object.entries(cell.summary).map(([key, value]) => `${key}=${format(value)}`).join(' ');
	console.log(`  ${cell.title.padEnd(width)}  ${cell.state.padEnd(15)} ${duration.padStart(9)}  ${cell.error && cell.state !== 'success' ? cell.error : metrics}`);
}
console.log(ok ? `all ${cells.length} cells succeeded in ${summary.durationMs} ms` : 'some cells did not succeed');
if (out) writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
process.exit(ok ? 0 : 1);
