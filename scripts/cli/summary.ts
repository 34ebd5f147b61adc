/**
 * `descent summary`: the whole notebook's summary read back from an artifact store after its
 * cells ran as separate tasks: the lines `descent run` prints, or with --json the JSON
 * `descent run --out` writes. With --stable, both are what `descent run --stable` prints (or
 * writes with --out) for the same notebook and bindings, to the byte.
 */
import { cellRegistry } from '../../src/lib/cells/registry';
import { outputKeys } from '../../src/lib/dag/keys';
import { failureRoots, gatherInputs } from '../../src/lib/dag/inputs';
import { topologicalOrder } from '../../src/lib/dag/order';
import type { CellValue } from '../../src/lib/cells/values';
import type { CellId, Notebook } from '../../src/lib/notebook/types';
import { topology } from '../../src/lib/dag/topology';
import { ArtifactStore, type StoredRun } from '../../src/lib/orchestrate/artifact-store';
import { cellsInDisplayOrder } from '../../src/lib/notebook/edit';
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { reportLines, stableReport, stableReportLines, type CellReport, type RunReport } from '../notebook-report';
import { fail, namedPaths, nonEmpty, parseFlags } from './args';
import { bindAll, bindModels, checkDataBound, checkDataFiles, checkDataNames, checkModelNames, checkModelsBound, loadNotebook } from './bindings';

export const summaryUsage = `usage: descent summary FILE.descent.json --artifacts DIR [--data NAME=path ...] [--model NAME[@REF]=path.json ...] [--json] [--stable]

Prints the notebook's summary from the artifact store DIR (after its cells ran with descent run-cell):
one line per cell, or with --json the summary as descent run --out writes it. Pass the same --data
and --model as the tasks did (they are part of the keys): a file the notebook reads and does not
embed, or a predict cell's model, left unbound is refused (exit 2).
  --json     print the summary as JSON
  --stable   only what every run shares (no durations, workers or times): the text descent run --stable
             prints, or with --json the JSON descent run --stable --out writes
Exit codes: 0 every cell succeeded, 1 a cell did not (or has not run), 2 bad arguments.`;

export async function summaryCommand(args: readonly string[]): Promise<number> {
	const flags = parseFlags(args, { values: ['--artifacts'], repeated: ['--data', '--model'], switches: ['--json', '--stable'] });
	const [file, ...extra] = flags.positional;
	if (!file) fail('expected the notebook file (FILE.descent.json) as the first argument');
	if (extra.length > 0) fail(`unexpected argument '${extra[0]}'`);
	const dir = nonEmpty('--artifacts', flags.values.get('--artifacts'), 'a folder');
	if (!dir) fail('--artifacts DIR is required');
	// A mistyped folder would read as a store where nothing ran: say it is not there.
	if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`--artifacts ${dir}: no such folder`);
	const notebook = loadNotebook(file);
	const data = namedPaths('--data', flags.repeated.get('--data') ?? [], 'NAME=path.csv');
	const models = namedPaths('--model', flags.repeated.get('--model') ?? [], 'NAME=path.json (or NAME@ALIAS=path.json)');
	// The keys need every file the tasks bound: without one, every cell below it would read as
	// "not run" in a store where it did run. Checked as descent run checks them (exit 2).
	// What was given wrong (a name, a file that cannot be read) before what was not given.
	checkDataNames(notebook, data);
	checkModelNames(notebook, models);
	checkDataFiles(data);
	bindModels(notebook, models);
	checkDataBound(notebook, data);
	checkModelsBound(notebook, models);
	const files = await bindAll(notebook, data, models);
	const report = storeReport(notebook, basename(file), outputKeys(notebook, cellRegistry, files), new ArtifactStore(dir));
	const stable = flags.switches.has('--stable');
	if (flags.switches.has('--json')) console.log(JSON.stringify(stable ? stableReport(report) : report, null, 2));
	else console.log((stable ? stableReportLines(report) : reportLines(report, 'store')).join('\n'));
	return report.ok ? 0 : 1;
}

/**
 * The run report of the cells' stored runs. A cell with none (its task never ran, as Airflow
 * does not start a task below a failure) gets the state `descent run` would have given it from
 * its inputs' states (upstream_failed or skipped, naming the input as gatherInputs does), else
 * 'idle'. Each cell's worker is the 'host:pid' of its task; the report's `concurrency` counts
 * the distinct ones, its `durationMs` adds the cells' durations and `startedAt` is the earliest.
 */
export function storeReport(notebook: Notebook, file: string, keys: ReadonlyMap<string, string>, store: ArtifactStore): RunReport {
	const graph = topology(notebook);
	const byId = new Map(notebook.cells.map((cell) => [cell.id, cell]));
	const states = new Map<string, { state: string; error: string | null; run: StoredRun | null }>();
	const position = new Map(notebook.cells.map((cell, index) => [cell.id, index]));
	// Only whether each input succeeded matters here, not its value.
	const settled = {
		cell: (upstream: CellId) => byId.get(upstream),
		value: (upstream: CellId) => (states.get(upstream)?.state === 'success' ? ({ kind: 'table' } as CellValue) : undefined),
		skipped: (upstream: CellId) => states.get(upstream)?.state === 'skipped',
		position: (upstream: CellId) => position.get(upstream) ?? Number.MAX_SAFE_INTEGER
	};
	// The cells that actually failed behind an upstream_failed one (a stored reason is only text).
	const failedRoots = failureRoots(cellRegistry, { ...settled, failed: (upstream) => states.get(upstream)?.state === 'failed' });
	for (const id of topologicalOrder(graph).order) {
		const cell = byId.get(id)!;
		const key = keys.get(id);
		const run = key === undefined ? null : (store.done(key) ?? store.failure(key));
		if (run) {
			states.set(id, { state: run.state, error: run.error, run });
			continue;
		}
		if (cell.skip) {
			states.set(id, { state: 'skipped', error: 'switched off', run: null });
			continue;
		}
		// Below a cell that has not run, this one has not run either: it did not fail, nothing decided it.
		const notRun = Object.values(cell.inputs).flat().find((upstream) => states.get(upstream)?.state === 'idle');
		if (notRun !== undefined) {
			states.set(id, { state: 'idle', error: `not run: upstream cell '${byId.get(notRun)?.title ?? notRun}' has not run yet`, run: null });
			continue;
		}
		const definition = cellRegistry[cell.kind];
		const gathered = definition ? gatherInputs(definition, cell, { ...settled, failedRoots }) : null;
		if (gathered && !gathered.ok && gathered.state !== 'failed') states.set(id, { state: gathered.state, error: gathered.reason, run: null });
		else states.set(id, { state: 'idle', error: 'not run: no artifact for its key', run: null });
	}
	const cells = cellsInDisplayOrder(notebook).map((cell): CellReport => {
		const { state, error, run } = states.get(cell.id) ?? { state: 'idle', error: 'on a cycle: no key', run: null };
		return {
			id: cell.id,
			title: cell.title,
			kind: cell.kind,
			state,
			durationMs: run?.durationMs ?? null,
			fromCache: false,
			attempts: run?.attempts ?? 0,
			error,
			summary: run?.summary ?? {},
			worker: run ? `${run.worker.host}:${run.worker.pid}` : null,
			startMs: null,
			endMs: null,
			...(run?.output ? { artifact: join(store.dir, run.output.file) } : {})
		};
	});
	const runs = [...states.values()].map((entry) => entry.run);
	const started = [...runs.values()].flatMap((run) => (run ? [run.startedAt] : [])).sort()[0] ?? new Date(0).toISOString();
	return {
		notebook: notebook.title,
		file,
		startedAt: started,
		durationMs: cells.reduce((sum, cell) => sum + (cell.durationMs ?? 0), 0),
		concurrency: new Set(cells.flatMap((cell) => (cell.worker === null ? [] : [cell.worker]))).size,
		ok: cells.every((cell) => cell.state === 'success'),
		cells
	};
}
