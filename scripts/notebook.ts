/**
 * The headless runner: the same notebook and cell executors as the browser, in Node.
 *
 *   npm run notebook -- run FILE.descent.json [--data NAME=path.csv ...] [--model NAME[@REF]=path.json ...] [--out summary.json]
 *
 * Data embedded in the notebook file runs as it is; --data overrides it. Node has no model
 * registry, so predict cells take their model from --model: NAME binds a JSON model export to
 * the predict cells whose model name is NAME; NAME@REF binds it only where the alias or version
 * is REF (e.g. the challenger of "compare with", which must be bound this way).
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
import { parseModelJson } from '../src/lib/export/model-json';
import { modelBindingSource, type BindingSide } from '../src/lib/cells/predict-binding';
import { embeddedSources } from '../src/lib/notebook/data';
import { cellsInDisplayOrder } from '../src/lib/notebook/edit';
import { parseNotebook } from '../src/lib/notebook/parse';

const usage = 'usage: npm run notebook -- run FILE.descent.json [--data NAME=path.csv ...] [--model NAME[@REF]=path.json ...] [--out summary.json]';

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

function parseArguments(args: string[]): { file: string; data: Map<string, string>; models: Map<string, string>; out: string | null } {
	const [command, file, ...rest] = args;
	if (command !== 'run' || !file) fail(usage);
	const data = new Map<string, string>();
	const models = new Map<string, string>();
	let out: string | null = null;
	for (let i = 0; i < rest.length; i++) {
		const flag = rest[i];
		const value = rest[i + 1];
		if (flag === '--data' && value) {
			const [name, path] = value.split(/=(.*)/s);
			if (!name || !path) fail(`--data expects NAME=path.csv, got '${value}'`);
			data.set(name, path);
		} else if (flag === '--model' && value) {
			const [name, path] = value.split(/=(.*)/s);
			if (!name || !path) fail(`--model expects NAME=path.json (or NAME@ALIAS=path.json), got '${value}'`);
			models.set(name, path);
		} else if (flag === '--out' && value) {
			out = value;
		} else fail(`unknown argument '${flag}'\n${usage}`);
		i++;
	}
	return { file, data, models, out };
}

function readText(path: string, what: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch (error) {
		fail(`cannot read ${what} '${path}': ${(error as Error).message}`);
	}
}

const { file, data, models, out } = parseArguments(process.argv.slice(2));
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

// Models: each file is checked once, here, so a bad one stops the run with its JSON paths.
const modelFiles = new Map<string, { label: string; text: string }>();
for (const [binding, path] of models) {
	const text = readText(path, 'model file');
	const parsed = parseModelJson(text);
	if (!parsed.ok) fail(`${path}: not a Descent model file:\n${parsed.errors.map((error) => `  ${error.path}: ${error.message}`).join('\n')}`);
	modelFiles.set(binding, { label: `'${binding}' from ${basename(path)}`, text });
}
const predictCells = notebook.cells.filter((cell) => cell.kind === 'predict');
const modelNames = new Set(predictCells.map((cell) => String(cell.params.modelName ?? 'model')));
for (const binding of models.keys()) {
	const name = binding.split('@')[0]!;
	if (!modelNames.has(name)) fail(`--model ${binding}=…: the notebook has no predict cell of model '${name}' (it has: ${[...modelNames].join(', ') || 'none'})`);
}
function boundSide(name: string, reference: string, exact: boolean): { side: BindingSide; identity: string } {
	const found = modelFiles.get(`${name}@${reference}`) ?? (exact ? undefined : modelFiles.get(name));
	if (found) return { side: found, identity: hashString(found.text) };
	const error = `no model bound to '${name}' (${reference}): pass --model ${exact ? `${name}@${reference}` : name}=path.json (a JSON model export)`;
	return { side: { error }, identity: error };
}
const modelBindings = new Map<string, FileSource>();
for (const cell of predictCells) {
	const name = String(cell.params.modelName ?? 'model');
	const model = boundSide(name, String(cell.params.model ?? 'production'), false);
	const challengerReference = String(cell.params.compareWith ?? '').trim();
	const challenger = challengerReference === '' ? null : boundSide(name, challengerReference, true);
	modelBindings.set(cell.id, modelBindingSource(model.side, challenger?.side ?? null, `${model.identity}|${challenger?.identity ?? ''}`));
}
// Data embedded in the notebook file, by cell; a --data file for the same cell wins.
const embedded = embeddedSources(notebook);

const scheduler = new Scheduler({
	registry: cellRegistry,
	executor: createInlineExecutor(cellRegistry),
	// One cell at a time in-process, so each duration is its own (no worker threads here).
	concurrency: 1,
	files: (cell) =>
		cell.kind === 'predict'
			? (modelBindings.get(cell.id) ?? null)
			: (files.get(String(cell.params.name ?? cell.id)) ?? files.get(cell.id) ?? embedded.get(cell.id) ?? null)
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
