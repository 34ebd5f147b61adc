/**
 * A run a trigger started: the notebook as it is kept in this browser, run in the background of
 * the tab with its own scheduler (the workbench's open notebook, whatever it is, is left alone),
 * through the same storing executor as a run from the workbench, and recorded on the runs page
 * with its cause. A dataset trigger's run reads the version that fired it (pinDatasetVersion).
 */
import { cellRegistry } from '../cells/registry';
import { fileSource, type FileSource } from '../cells/types';
import type { Executor } from '../dag/run-types';
import { Scheduler } from '../dag/scheduler';
import { pinDatasetVersion } from '../dag/triggers';
import { embeddedSources } from '../notebook/data';
import { parseNotebook } from '../notebook/parse';
import { serializeNotebook } from '../notebook/serialize';
import type { CellId } from '../notebook/types';
import { StoreError, type Store } from '../store/database';
import { bindPredictModels } from '../store/model-binding';
import { registryPhases } from '../store/registry-order';
import { notebookFiles } from '../store/notebook-files';
import { getNotebook, notebookHash } from '../store/notebooks';
import type { RunRecord } from '../store/records';
import { saveRun } from '../store/runs';
import type { Firing } from '../store/triggers';
import { runRecord, storingExecutor } from '../store/workbench-link';

export interface TriggeredRunOptions {
	/** Where cells execute: the tab's worker pool. */
	executor: Executor;
	concurrency: number;
	now?: () => number;
}

/** Runs the firing's notebook to the end and records the run; throws StoreError when the notebook cannot be read. */
export async function runTriggered(store: Store, firing: Firing, options: TriggeredRunOptions): Promise<RunRecord> {
	const now = options.now ?? Date.now;
	const kept = await getNotebook(store, firing.trigger.notebookId);
	if (!kept) throw new StoreError(`notebook '${firing.trigger.notebookTitle}' is no longer kept in this browser`);
	const parsed = parseNotebook(kept.text, cellRegistry);
	if (!parsed.ok) throw new StoreError(`notebook '${firing.trigger.notebookTitle}' could not be read: ${parsed.errors[0]?.message ?? 'invalid'}`);
	const cause = firing.cause;
	const notebook = cause.kind === 'dataset' ? pinDatasetVersion(parsed.notebook, cause.name, cause.hash).notebook : parsed.notebook;

	// The files a workbench run would have: embedded in the notebook, kept with it, and the registry's models for predict cells.
	const files = new Map<CellId, FileSource>(embeddedSources(notebook));
	for (const [cell, file] of await notebookFiles(store, kept.id)) if (!files.has(cell)) files.set(cell, fileSource(file));
	const bindModels = async () => {
		for (const [cell, model] of await bindPredictModels(store, notebook)) files.set(cell, model);
	};

	const startedAt = now();
	let scheduler: Scheduler | null = null;
	const executor = storingExecutor(options.executor, {
		store: async () => store,
		notebook: () => notebook,
		notebookId: () => kept.id,
		notebookHash: () => kept.hash,
		outputOf: (id) => scheduler?.output(id)
	});
	// A fresh cache: a re-run for new data or a schedule computes, it does not replay old outputs.
	scheduler = new Scheduler({ registry: cellRegistry, executor, concurrency: options.concurrency, files: (cell) => files.get(cell.id) ?? null });
	// Register cells before the predict cells that read their model, as a run in the workbench.
	for (const phase of registryPhases(notebook, { targets: 'all' })) {
		await bindModels();
		await scheduler.run(notebook, phase);
	}
	const id = `run-${startedAt.toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
	const record: RunRecord = {
		...runRecord(id, notebook, scheduler.states(), { notebookId: kept.id, notebookHash: notebookHash(serializeNotebook(notebook)), startedAt, endedAt: now(), outputOf: (cell) => scheduler?.output(cell) }),
		cause
	};
	await saveRun(store, record);
	return record;
}
