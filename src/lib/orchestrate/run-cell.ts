/**
 * One cell of a notebook as one task of an orchestrator (an Airflow task, a Dask future): its
 * inputs come from the artifact store by their output keys, its output and run summary go back
 * under its own key. The keys are the ones `descent run` and the workbench compute
 * (dag/keys.ts), so the same notebook with the same bindings lands on the same files whichever
 * way it ran, and a task whose key is already stored does nothing.
 *
 * Retries belong to the orchestrator (Airflow's `retries`, Dask's `retries=`): each call is one
 * attempt, and a failed attempt is kept (`<key>.failed.json`) so the next call counts it and
 * the summary carries every attempt's log, as `descent run` reports a retried cell.
 */
import { formatParamIssue, resolveParams, type CellRegistry } from '../cells/params';
import type { CellValue } from '../cells/values';
import { createInlineExecutor } from '../cells/inline-executor';
import { failureRoots, gatherInputs } from '../dag/inputs';
import { outputKeys, type FilesOf } from '../dag/keys';
import { systemClock, type Clock, type Executor } from '../dag/run-types';
import type { CellId, Notebook } from '../notebook/types';
import { thisWorker, type ArtifactStore, type StoredLogLine, type StoredRun } from './artifact-store';

export interface RunCellOptions {
	notebook: Notebook;
	registry: CellRegistry;
	cellId: string;
	/** The file bound to each cell: must bind what `descent run` binds, or the keys differ. */
	files: FilesOf;
	store: ArtifactStore;
	/** Default: the cell runs in this process. */
	executor?: Executor;
	clock?: Clock;
}

export type RunCellResult =
	/** The key was already stored: nothing ran. */
	| { outcome: 'cached'; key: string; run: StoredRun }
	/** The cell ran (or was settled without running: skipped, upstream failed, bad params). */
	| { outcome: 'ran'; key: string; run: StoredRun };

/** An input the cell needs is not in the store (its upstream task has not run, or ran elsewhere). */
export class MissingInputError extends Error {
	constructor(
		message: string,
		readonly upstream: string,
		readonly key: string
	) {
		super(message);
	}
}

/** Runs one cell against the store. Throws MissingInputError, or an Error for an unknown cell or a corrupt artifact. */
export async function runCell(options: RunCellOptions): Promise<RunCellResult> {
	const { notebook, registry, store } = options;
	const clock = options.clock ?? systemClock;
	const cell = notebook.cells.find((candidate) => candidate.id === options.cellId);
	if (!cell) throw new Error(`the notebook has no cell '${options.cellId}' (it has: ${notebook.cells.map((candidate) => candidate.id).join(', ')})`);
	const keys = outputKeys(notebook, registry, options.files);
	const key = keys.get(cell.id);
	if (key === undefined) throw new Error(`cell '${cell.id}' is on or below a cycle: it has no output key`);
	const done = store.done(key);
	if (done) return { outcome: 'cached', key, run: done };

	const previous = store.failure(key);
	const priorAttempts = previous?.state === 'failed' ? previous.attempts : 0;
	const startedAt = new Date();
	const started = clock.now();
	const record = (change: Pick<StoredRun, 'state' | 'error'> & Partial<StoredRun>): RunCellResult => {
		const run: StoredRun = {
			format: 'descent-artifact',
			version: 1,
			key,
			cell: { id: cell.id, title: cell.title, kind: cell.kind },
			attempts: priorAttempts,
			log: previous?.state === 'failed' ? previous.log : [],
			summary: {},
			output: null,
			worker: thisWorker(),
			startedAt: startedAt.toISOString(),
			durationMs: Math.round(clock.now() - started),
			...change
		};
		store.writeRun(run);
		return { outcome: 'ran', key, run };
	};

	const definition = registry[cell.kind];
	if (!definition) return record({ state: 'failed', attempts: priorAttempts + 1, error: `unknown cell kind '${cell.kind}'` });
	if (cell.skip) return record({ state: 'skipped', error: 'switched off' });

	// Upstream values from the store, each read once (an input may list a cell twice).
	const upstreamRuns = new Map<CellId, StoredRun | null>();
	const values = new Map<CellId, CellValue>();
	const upstreamRun = (id: CellId): StoredRun | null => {
		if (!upstreamRuns.has(id)) {
			const upstreamKey = keys.get(id);
			upstreamRuns.set(id, upstreamKey === undefined ? null : store.done(upstreamKey));
		}
		return upstreamRuns.get(id)!;
	};
	for (const ids of Object.values(cell.inputs)) {
		for (const id of ids) {
			const upstreamKey = keys.get(id);
			const upstream = notebook.cells.find((candidate) => candidate.id === id);
			if (!upstream || upstreamKey === undefined) continue; // gatherInputs names a dangling link
			const run = upstreamRun(id);
			if (run?.state === 'success' && !values.has(id)) values.set(id, store.readOutput(run));
			if (run || store.failure(upstreamKey)) continue;
			throw new MissingInputError(
				`cell '${cell.id}' needs the output of cell '${upstream.id}' ('${upstream.title}', key ${upstreamKey}), which is not in ${store.dir}: run that cell first (descent run-cell … --cell ${upstream.id})`,
				upstream.id,
				upstreamKey
			);
		}
	}
	const cellOf = (id: CellId) => notebook.cells.find((candidate) => candidate.id === id);
	const position = (id: CellId) => notebook.cells.findIndex((candidate) => candidate.id === id);
	// The state each cell above left in the store, to name the cells that actually failed
	// behind an upstream_failed input (its stored reason is only text).
	const storedStates = new Map<CellId, StoredRun['state'] | undefined>();
	const storedState = (id: CellId) => {
		if (!storedStates.has(id)) {
			const upstreamKey = keys.get(id);
			storedStates.set(id, upstreamKey === undefined ? undefined : (store.done(upstreamKey) ?? store.failure(upstreamKey))?.state);
		}
		return storedStates.get(id);
	};
	const failedRoots = failureRoots(registry, {
		cell: cellOf,
		// Only whether a cell above succeeded matters here, not its value.
		value: (id) => (storedState(id) === 'success' ? ({ kind: 'table' } as CellValue) : undefined),
		skipped: (id) => storedState(id) === 'skipped',
		failed: (id) => storedState(id) === 'failed',
		position
	});
	const gathered = gatherInputs(definition, cell, {
		cell: cellOf,
		value: (id) => values.get(id),
		skipped: (id) => upstreamRun(id)?.state === 'skipped',
		failedRoots,
		position
	});
	if (!gathered.ok && gathered.state === 'failed') return record({ state: 'failed', attempts: priorAttempts + 1, error: gathered.message });
	if (!gathered.ok) return record({ state: gathered.state, error: gathered.reason });
	const params = resolveParams(definition, cell.params);
	if (!params.ok) return record({ state: 'failed', attempts: priorAttempts + 1, error: params.issues.map(formatParamIssue).join('; ') });

	const attempt = priorAttempts + 1;
	const attemptStart = clock.now();
	const log: StoredLogLine[] = [...(previous?.state === 'failed' ? previous.log : [])];
	const executor = options.executor ?? createInlineExecutor(registry, clock);
	let result: { value: CellValue; summary: StoredRun['summary'] };
	try {
		const handle = executor.execute(
			{ cell, params: params.params, inputs: gathered.inputs, file: options.files(cell), attempt },
			{ log: (message, atMs) => log.push({ attempt, atMs: Math.round(atMs ?? clock.now() - attemptStart), message }), progress: () => {} }
		);
		result = await handle.result;
	} catch (error) {
		return record({ state: 'failed', attempts: attempt, log, error: error instanceof Error ? error.message : String(error) });
	}
	// Outside the try: a store that cannot be written is not the cell's failure, and surfaces as it is.
	const output = store.writeOutput(key, result.value);
	return record({ state: 'success', attempts: attempt, log, summary: result.summary, output, error: null });
}
