/**
 * `descent run --artifacts DIR`: the artifact store as the scheduler's output cache, so a whole
 * run and task-by-task runs (`descent run-cell`) share their results. A cell whose key is done
 * in the store is taken from it (the scheduler marks it from the cache); a cell that runs has its
 * output written when it succeeds and its run summary (attempts, log) when it settles; a cell
 * skipped is recorded as skipped, as run-cell records it.
 */
import type { CellRunState } from '../../src/lib/dag/run-types';
import type { OutputCache } from '../../src/lib/dag/scheduler';
import { thisWorker, type ArtifactStore, type StoredRun } from '../../src/lib/orchestrate/artifact-store';
import type { CellId, Notebook } from '../../src/lib/notebook/types';

export interface StoreCache {
	cache: OutputCache;
	/** Call with every new states map: writes the summary of each cell that settled after running. */
	record(notebook: Notebook, states: ReadonlyMap<CellId, CellRunState>): void;
}

export function storeCache(store: ArtifactStore): StoreCache {
	const outputs = new Map<string, StoredRun['output']>();
	const recorded = new Set<CellRunState>();
	return {
		cache: {
			get(key) {
				const run = store.done(key);
				return run?.state === 'success' ? { value: store.readOutput(run), summary: run.summary } : undefined;
			},
			set(key, output) {
				outputs.set(key, store.writeOutput(key, output.value));
			}
		},
		record(notebook, states) {
			for (const cell of notebook.cells) {
				const state = states.get(cell.id);
				if (!state || recorded.has(state) || state.fromCache || !state.outputKey) continue;
				if (state.state !== 'success' && state.state !== 'failed' && state.state !== 'skipped') continue;
				recorded.add(state);
				const output = outputs.get(state.outputKey) ?? null;
				if (state.state === 'success' && !output) continue;
				store.writeRun({
					format: 'descent-artifact',
					version: 1,
					key: state.outputKey,
					cell: { id: cell.id, title: cell.title, kind: cell.kind },
					state: state.state,
					attempts: state.attempts.length,
					log: state.attempts.flatMap((attempt) => attempt.log.map((line) => ({ attempt: attempt.number, atMs: Math.round(line.atMs), message: line.message }))),
					summary: state.summary ?? {},
					error: state.attempts.at(-1)?.error ?? state.reason ?? null,
					output: state.state === 'success' ? output : null,
					worker: thisWorker(),
					startedAt: new Date(Date.now() - (state.durationMs ?? 0)).toISOString(),
					durationMs: Math.round(state.durationMs ?? 0)
				});
			}
		}
	};
}
