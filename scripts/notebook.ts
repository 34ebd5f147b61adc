/**
 * The headless runner: the same notebook and cell executors as the browser, in Node.
 *
 *   npm run notebook -- run FILE.descent.json [--data NAME=path.csv ...] [--model NAME[@REF]=path.json ...]
 *                           [--concurrency N] [--out summary.json]
 *
 * Data embedded in the notebook file runs as it is; --data overrides it. A --data file is read
 * from disk a slice at a time (never held as one string) and identified by the SHA-256 of its
 * bytes, so changing the file changes the keys of its cell and every cell below. Node has no model
 * registry, so predict cells take their model from --model: NAME binds a JSON model export to
 * the predict cells whose model name is NAME; NAME@REF binds it only where the alias or version
 * is REF (e.g. the challenger of "compare with", which must be bound this way). A register cell
 * gated on "not worse than the alias now" takes the same binding as its current version.
 * Cells run on a pool of N `worker_threads` (--concurrency, default every available core), so
 * independent cells run at the same time, as in the browser; N = 1 runs one cell at a time.
 * Prints one line per cell (state, duration, worker, metrics); writes the summary as JSON with
 * --out, recording per cell the worker it ran on and when it began and ended there.
 * Exit codes: 0 every cell succeeded, 1 a cell did not succeed, 2 bad arguments or notebook file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { cellRegistry } from '../src/lib/cells/registry';
import type { FileSource } from '../src/lib/cells/types';
import { Scheduler } from '../src/lib/dag/scheduler';
import { topologicalOrder } from '../src/lib/dag/order';
import { topology } from '../src/lib/dag/topology';
import { hashString } from '../src/lib/ml/hash';
import { parseModelJson } from '../src/lib/export/model-json';
import { modelBindingSource, type BindingSide } from '../src/lib/cells/predict-binding';
import { embeddedSources } from '../src/lib/notebook/data';
import { cellsInDisplayOrder } from '../src/lib/notebook/edit';
import { parseNotebook } from '../src/lib/notebook/parse';
import { diskFileSource } from '../src/lib/workers/node-file';
import { LastUse } from '../src/lib/workers/node-handover';
import { defaultNodePoolSize, NodeWorkerPool, type WorkerRun } from '../src/lib/workers/node-pool';
import { epochNow } from '../src/lib/workers/node-protocol';
import { reportLines, type CellReport, type RunReport } from './notebook-report';

const usage =
	'usage: npm run notebook -- run FILE.descent.json [--data NAME=path.csv ...] [--model NAME[@REF]=path.json ...] [--concurrency N] [--out summary.json]';

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

interface Arguments {
	file: string;
	data: Map<string, string>;
	models: Map<string, string>;
	out: string | null;
	concurrency: number;
}

function parseArguments(args: string[]): Arguments {
	const [command, file, ...rest] = args;
	if (command !== 'run' || !file) fail(usage);
	const data = new Map<string, string>();
	const models = new Map<string, string>();
	let out: string | null = null;
	let concurrency = defaultNodePoolSize();
	for (let i = 0; i < rest.length; i++) {
		const flag = rest[i];
		const value = rest[i + 1];
		if (flag === '--concurrency') {
			// Whole digits only: '2.5', '1e1', '0x2' or '' are refused, not rounded.
			if (!value || !/^\d+$/.test(value) || Number(value) < 1) fail(`--concurrency expects a whole number of workers, 1 or more, got '${value ?? ''}'\n${usage}`);
			concurrency = Number(value);
		} else if (flag === '--data' && value) {
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
	return { file, data, models, out, concurrency };
}

function readText(path: string, what: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch (error) {
		fail(`cannot read ${what} '${path}': ${(error as Error).message}`);
	}
}

const { file, data, models, out, concurrency } = parseArguments(process.argv.slice(2));
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
	// A file bound to a cell that reads a built-in set would be ignored: say so rather than run on other data.
	for (const cell of notebook.cells) {
		if (cell.kind !== 'dataset' || String(cell.params.name ?? cell.id) !== name || cell.params.source === 'csv') continue;
		fail(`--data ${name}=…: dataset cell '${cell.id}' reads the built-in '${String(cell.params.source)}' set, not a CSV file: set its source to 'csv' to bind a file`);
	}
}
// Where --out goes must exist before the run, not after it.
if (out && !existsSync(dirname(resolve(out)))) fail(`--out ${out}: the folder ${dirname(resolve(out))} does not exist`);
// Each --data file is a Blob read from disk a slice at a time and fingerprinted by a streamed
// SHA-256: never one string, in this thread or in a worker.
const files = new Map<string, FileSource>();
for (const [name, path] of data) {
	try {
		files.set(name, await diskFileSource(path));
	} catch (error) {
		fail(`cannot read CSV file '${path}': ${(error as Error).message}`);
	}
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
// A gated register cell compares with the current version: --model NAME (or NAME@ALIAS) is it.
const gatedRegisterCells = notebook.cells.filter((cell) => cell.kind === 'register' && cell.params.gate === true && cell.params.notWorseThanCurrent !== false);
const modelNames = new Set([...predictCells, ...gatedRegisterCells].map((cell) => String(cell.params.modelName ?? 'model')));
for (const binding of models.keys()) {
	const name = binding.split('@')[0]!;
	if (!modelNames.has(name)) fail(`--model ${binding}=…: the notebook has no predict cell of model '${name}', nor a register cell gated on it (it has: ${[...modelNames].join(', ') || 'none'})`);
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
for (const cell of gatedRegisterCells) {
	const name = String(cell.params.modelName ?? 'model');
	const alias = String(cell.params.alias ?? '').trim() || 'production';
	const found = modelFiles.get(`${name}@${alias}`) ?? modelFiles.get(name);
	if (found) modelBindings.set(cell.id, modelBindingSource(found, null, hashString(found.text)));
}
// Data embedded in the notebook file, by cell; a --data file for the same cell wins.
const embedded = embeddedSources(notebook);

// The last attempt of each cell that reached a worker: which one, and when it ran there.
const workerRuns = new Map<string, WorkerRun>();
// An input no later cell reads is moved to its worker, not copied (node-handover.ts): the
// runner's copy of a 10^6-row table goes as soon as the last cell that reads it starts.
const lastUse: LastUse = new LastUse(notebook, (id) => scheduler.output(id));
const pool = new NodeWorkerPool({ size: concurrency, onRun: (run) => workerRuns.set(run.cellId, run), handOver: (request) => lastUse.handOver(request) });
const scheduler = new Scheduler({
	registry: cellRegistry,
	executor: pool,
	// As many cells at once as there are workers, so a dispatched cell never waits in the pool.
	concurrency: pool.size,
	files: (cell) =>
		cell.kind === 'predict' || cell.kind === 'register'
			? (modelBindings.get(cell.id) ?? null)
			: (files.get(String(cell.params.name ?? cell.id)) ?? files.get(cell.id) ?? embedded.get(cell.id) ?? null)
});

/**
 * The most cells that can be ready at once, estimated by the widest level of the DAG (cells at
 * the same longest-path depth from a source): the workers worth starting before the run.
 */
function widestLevel(): number {
	const graph = topology(notebook);
	const depth = new Map<string, number>();
	const width = new Map<number, number>();
	for (const id of topologicalOrder(graph).order) {
		const level = Math.max(0, ...(graph.parents.get(id) ?? []).map((parent) => (depth.get(parent) ?? -1) + 1));
		depth.set(id, level);
		width.set(level, (width.get(level) ?? 0) + 1);
	}
	return Math.max(1, ...width.values());
}

const started = epochNow();
// Workers load before the clock of any cell starts, so a cell's duration is its own work.
await pool.start(widestLevel());
await scheduler.run(notebook, { targets: 'all' });
await pool.terminate();
const sinceStart = (at: number | null | undefined) => (at == null ? null : Math.round((at - started) * 1000) / 1000);
const states = scheduler.states();
const cells = cellsInDisplayOrder(notebook).map((cell): CellReport => {
	const run = states.get(cell.id);
	const attempts = run?.attempts ?? [];
	// Only a cell whose latest attempt reached a worker has one (not one from the cache, skipped or refused).
	const ranOn = workerRuns.get(cell.id);
	const onWorker = ranOn && ranOn.attempt === attempts.at(-1)?.number ? ranOn : undefined;
	return {
		id: cell.id,
		title: cell.title,
		kind: cell.kind,
		state: run?.state ?? 'idle',
		durationMs: run?.durationMs ?? null,
		fromCache: run?.fromCache ?? false,
		attempts: attempts.length,
		error: attempts.at(-1)?.error ?? run?.reason ?? null,
		summary: run?.summary ?? {},
		worker: onWorker?.worker ?? null,
		startMs: sinceStart(onWorker?.startedAt),
		endMs: sinceStart(onWorker?.endedAt)
	};
});
const ok = cells.every((cell) => cell.state === 'success');
const report: RunReport = {
	notebook: notebook.title,
	file: basename(file),
	startedAt: new Date(started).toISOString(),
	durationMs: Math.round(epochNow() - started),
	concurrency: pool.size,
	ok,
	cells
};
console.log(reportLines(report).join('\n'));
if (out) writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
process.exit(ok ? 0 : 1);
