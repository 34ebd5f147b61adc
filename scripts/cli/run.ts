/**
 * `descent run`: the whole notebook, headless, on a pool of worker threads (independent cells at
 * the same time, as in the browser), printing one line per cell and writing the summary with
 * --out. With --watch DIR it stays up and runs again whenever a data file in DIR changes.
 *
 *   descent run FILE.descent.json [--data NAME=path ...] [--model NAME[@REF]=path.json ...]
 *                                 [--concurrency N] [--out summary.json] [--stable] [--watch DIR] [--artifacts DIR]
 *
 * Data embedded in the notebook file runs as it is; --data overrides it. A --data file (CSV,
 * Parquet or Arrow) is read from disk a slice at a time and identified by the SHA-256 of its
 * bytes, so changing the file changes the keys of its cell and every cell below. Node has no model
 * registry, so predict cells take their model from --model: NAME binds a JSON model export to
 * the predict cells whose model name is NAME; NAME@REF binds it only where the alias or version
 * is REF (e.g. the challenger of "compare with", which must be bound this way).
 * Cells run on a pool of N `worker_threads` (--concurrency, default every available core); N = 1
 * runs one cell at a time. The summary records per cell the worker it ran on and when it began
 * and ended there; --stable leaves out what differs from run to run (durations, workers, times)
 * from both the printed lines and the --out file, so two runs print and write the same, and the
 * same as `descent summary --stable` (with --json for the file) of the same notebook run task by
 * task through the artifact store.
 * Exit codes: 0 every cell succeeded, 1 a cell did not succeed (or the --out file could not be
 * written after all; the summary is still printed), 2 bad arguments or notebook file, an --out or
 * --artifacts path that cannot be written included, before anything runs (one line each, then a
 * pointer to --help; a --data/--model NAME the notebook lacks comes first, then a --data or
 * --model file that cannot be read, then a binding the notebook needs and was not given).
 * In watch mode it runs until interrupted.
 */
import { existsSync, mkdirSync, statSync, watch, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { cellRegistry } from '../../src/lib/cells/registry';
import type { CellValue } from '../../src/lib/cells/values';
import { predictionsCsv } from '../../src/lib/export/predictions-csv';
import { Scheduler } from '../../src/lib/dag/scheduler';
import { topologicalOrder } from '../../src/lib/dag/order';
import { topology } from '../../src/lib/dag/topology';
import { cellsInDisplayOrder } from '../../src/lib/notebook/edit';
import type { CellId, Notebook } from '../../src/lib/notebook/types';
import { LastUse } from '../../src/lib/workers/node-handover';
import { defaultNodePoolSize, NodeWorkerPool, type WorkerRun } from '../../src/lib/workers/node-pool';
import { epochNow } from '../../src/lib/workers/node-protocol';
import { reportLines, stableReport, stableReportLines, type CellReport, type RunReport } from '../notebook-report';
import { ArtifactStore } from '../../src/lib/orchestrate/artifact-store';
import { storeCache } from './store-cache';
import { fail, namedPaths, nonEmpty, parseFlags, wholeNumber } from './args';
import { checkOutputFile, checkOutputFolder, describeWriteError } from './output-path';
import { bindAll, bindModels, checkDataBound, checkDataFiles, checkDataNames, checkModelNames, checkModelsBound, loadNotebook } from './bindings';

/** Data files whose change starts a new run in watch mode (the help below lists these). */
export const WATCHED = ['.csv', '.tsv', '.parquet', '.arrow', '.feather'];
/** Changes closer together than this are one change (an editor's save is several events). */
const DEBOUNCE_MS = 300;

export const runUsage = `usage: descent run FILE.descent.json [--data NAME=path.csv|.parquet|.arrow ...] [--model NAME[@REF]=path.json ...]
                  [--concurrency N] [--out summary.json] [--stable] [--watch DIR] [--artifacts DIR] [--predictions DIR]

Runs every cell of the notebook headless, independent cells at the same time on N worker threads.
  --data NAME=path      bind a CSV, Parquet or Arrow file to the dataset cell named NAME
  --model NAME[@REF]=f  bind a JSON model export to predict cells of model NAME (at alias/version REF)
  --concurrency N       worker threads (default: every core)
  --out FILE            write the summary as JSON (per cell: state, attempts, metrics, worker, times)
  --stable              print/write only what every run of the same inputs shares (no durations,
                        workers or times): two runs' output is the same text
  --watch DIR           run again whenever a data file (${WATCHED.join(', ')}) in DIR changes
  --artifacts DIR       use an artifact store as the cache: cells whose keys are there are not run
                        again, and each cell that runs is stored there (as descent run-cell stores it)
  --predictions DIR     write each predict cell's scored rows as DIR/CELL-ID.csv: row, input columns,
                        predicted class, scores and, for labelled rows, the actual class (the
                        browser's Download CSV)
Exit codes: 0 every cell succeeded, 1 a cell did not succeed or --out or --predictions could not be
written, 2 bad arguments (an --out, --artifacts or --predictions path that cannot be written:
before anything runs).`;

interface RunArguments {
	file: string;
	data: Map<string, string>;
	models: Map<string, string>;
	out: string | null;
	concurrency: number;
	stable: boolean;
	watch: string | null;
	artifacts: string | null;
	predictions: string | null;
}

function parseRunArguments(args: readonly string[]): RunArguments {
	const flags = parseFlags(args, { values: ['--concurrency', '--out', '--watch', '--artifacts', '--predictions'], repeated: ['--data', '--model'], switches: ['--stable'] });
	const [file, ...extra] = flags.positional;
	if (!file) fail('expected the notebook file (FILE.descent.json) as the first argument');
	if (extra.length > 0) fail(`unexpected argument '${extra[0]}'`);
	const concurrencyText = flags.values.get('--concurrency');
	const out = nonEmpty('--out', flags.values.get('--out'), 'a file name') ?? null;
	// Where the run writes must be writable before it starts, not found unwritable after it.
	if (out) checkOutputFile('--out', out);
	const watchDir = nonEmpty('--watch', flags.values.get('--watch'), 'a folder') ?? null;
	if (watchDir && !(existsSync(watchDir) && statSync(watchDir).isDirectory())) fail(`--watch ${watchDir}: not a folder`);
	const artifacts = nonEmpty('--artifacts', flags.values.get('--artifacts'), 'a folder') ?? null;
	if (artifacts) checkOutputFolder('--artifacts', artifacts);
	const predictions = nonEmpty('--predictions', flags.values.get('--predictions'), 'a folder') ?? null;
	if (predictions) checkOutputFolder('--predictions', predictions);
	return {
		file,
		data: namedPaths('--data', flags.repeated.get('--data') ?? [], 'NAME=path.csv'),
		models: namedPaths('--model', flags.repeated.get('--model') ?? [], 'NAME=path.json (or NAME@ALIAS=path.json)'),
		out,
		concurrency: concurrencyText === undefined ? defaultNodePoolSize() : wholeNumber('--concurrency', concurrencyText, 'workers'),
		stable: flags.switches.has('--stable'),
		watch: watchDir,
		artifacts,
		predictions
	};
}

/**
 * The most cells that can be ready at once, estimated by the widest level of the DAG (cells at
 * the same longest-path depth from a source): the workers worth starting before the run.
 */
function widestLevel(notebook: Notebook): number {
	const graph = topology(notebook);
	const depth = new Map<string, number>();
	const width = new Map<number, number>();
	for (const id of topologicalOrder(graph).order) {
		let level = 0;
		for (const parent of graph.parents.get(id) ?? []) level = Math.max(level, (depth.get(parent) ?? -1) + 1);
		depth.set(id, level);
		width.set(level, (width.get(level) ?? 0) + 1);
	}
	return Math.max(1, ...width.values());
}

/** One run of the whole notebook on a fresh pool; the report of it. */
async function runOnce(notebook: Notebook, options: RunArguments): Promise<RunReport> {
	const files = await bindAll(notebook, options.data, options.models);
	// The last attempt of each cell that reached a worker: which one, and when it ran there.
	const workerRuns = new Map<string, WorkerRun>();
	// An input no later cell reads is moved to its worker, not copied (node-handover.ts): the
	// runner's copy of a 10^6-row table goes as soon as the last cell that reads it starts.
	const lastUse: LastUse = new LastUse(notebook, (id) => scheduler.output(id));
	const pool = new NodeWorkerPool({ size: options.concurrency, onRun: (run) => workerRuns.set(run.cellId, run), handOver: (request) => lastUse.handOver(request) });
	// As many cells at once as there are workers, so a dispatched cell never waits in the pool.
	const store = options.artifacts ? storeCache(new ArtifactStore(options.artifacts)) : null;
	const scheduler = new Scheduler({ registry: cellRegistry, executor: pool, concurrency: pool.size, files, ...(store ? { cache: store.cache } : {}) });
	if (store) scheduler.subscribe((states) => store.record(notebook, states));
	const started = epochNow();
	// Workers load before the clock of any cell starts, so a cell's duration is its own work.
	await pool.start(widestLevel(notebook));
	await scheduler.run(notebook, { targets: 'all' });
	await pool.terminate();
	const written = options.predictions ? writePredictions(notebook, (id) => scheduler.output(id), options.predictions) : [];
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
	return {
		notebook: notebook.title,
		file: basename(options.file),
		startedAt: new Date(started).toISOString(),
		durationMs: Math.round(epochNow() - started),
		concurrency: pool.size,
		ok: ok && written.every((line) => !line.failed),
		cells,
		...(options.predictions ? { predictions: written.map(({ text }) => text) } : {})
	};
}

/**
 * Writes each predict cell's output as `dir/CELL-ID.csv` (predictionsCsv: the browser's Download
 * CSV); one line per predict cell saying where its rows went, or why none were written.
 */
function writePredictions(notebook: Notebook, output: (id: CellId) => CellValue | undefined, dir: string): { text: string; failed: boolean }[] {
	mkdirSync(dir, { recursive: true });
	return cellsInDisplayOrder(notebook)
		.filter((cell) => cell.kind === 'predict')
		.map((cell) => {
			const value = output(cell.id);
			if (value?.kind !== 'predictions') return { text: `${cell.title}: no predictions to write (the cell did not succeed)`, failed: false };
			const path = join(dir, `${cell.id.replace(/[^A-Za-z0-9._-]+/g, '-')}.csv`);
			try {
				writeFileSync(path, predictionsCsv(value));
				return { text: `${cell.title}: ${value.rowCount} rows → ${path}`, failed: false };
			} catch (error) {
				return { text: `${cell.title}: --predictions ${path}: ${describeWriteError(error)}`, failed: true };
			}
		});
}

/**
 * Prints the run's summary, then writes it with --out; false (after one line on stderr, no stack
 * trace) when that write fails although the path was writable before the run.
 */
function publish(report: RunReport, options: RunArguments): boolean {
	console.log((options.stable ? stableReportLines(report) : reportLines(report)).join('\n'));
	if (report.predictions) console.log(['predictions:', ...report.predictions.map((line) => `  ${line}`)].join('\n'));
	if (!options.out) return true;
	const written = options.stable ? stableReport(report) : report;
	try {
		writeFileSync(options.out, JSON.stringify(written, null, 2) + '\n');
		return true;
	} catch (error) {
		console.error(`descent run: --out ${options.out}: ${describeWriteError(error)}; the summary was not written`);
		return false;
	}
}

/** Runs `descent run`; resolves to the exit status (never, in watch mode). */
export async function runCommand(args: readonly string[]): Promise<number> {
	const options = parseRunArguments(args);
	const notebook = loadNotebook(options.file);
	// A --data or --model NAME the notebook does not have first: a mistyped name would otherwise
	// be reported as the cell it was meant for being unbound. Then the paths given that cannot be
	// read (--data files, then --model files, these with their JSON paths), then what is missing:
	// what the user gave wrong comes before what they have yet to give.
	checkDataNames(notebook, options.data);
	checkModelNames(notebook, options.models);
	// (With --watch a data file may appear later: each run reads it, and one it cannot read waits for the next change.)
	if (!options.watch) checkDataFiles(options.data);
	bindModels(notebook, options.models);
	checkDataBound(notebook, options.data);
	checkModelsBound(notebook, options.models);
	if (!options.watch) {
		const report = await runOnce(notebook, options);
		const written = publish(report, options);
		return report.ok && written ? 0 : 1;
	}
	return watchAndRun(notebook, options, options.watch);
}

/**
 * Runs, then runs again after each change to a data file in `dir` (debounced; a change during a
 * run starts the next one when it ends). A run whose bindings fail (a file half-written) reports
 * why and waits for the next change. Prints `watching DIR` once, and `change: NAME` before each
 * re-run, so a caller can follow it.
 */
async function watchAndRun(notebook: Notebook, options: RunArguments, dir: string): Promise<never> {
	let running = false;
	let again = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	const runNow = async (): Promise<void> => {
		if (running) {
			again = true;
			return;
		}
		running = true;
		try {
			publish(await runOnce(notebook, options), options);
		} catch (error) {
			console.error(`run not started: ${(error as Error).message}`);
		}
		running = false;
		console.log(`watching ${dir} for data file changes`);
		if (again) {
			again = false;
			void runNow();
		}
	};
	watch(dir, (_event, name) => {
		if (!name || !WATCHED.includes(extname(String(name)).toLowerCase())) return;
		if (timer) clearTimeout(timer);
		timer = setTimeout(() => {
			timer = null;
			console.log(`change: ${join(dir, String(name))}`);
			void runNow();
		}, DEBOUNCE_MS);
	});
	await runNow();
	return new Promise<never>(() => {});
}
