/**
 * Where a run meets the store, on the main thread. Cells execute in workers that know no
 * IndexedDB, so the executor they run through is wrapped here:
 * - a dataset cell pinned to a version gets the stored table instead of reading its source;
 * - a fresh dataset output is saved as a version (deduplicated by content hash);
 * - a register cell's description is written to the registry, behind its quality gate,
 *   before the cell succeeds, and the gate's reasons go into the cell's log.
 * Writing here, not in the worker, keeps the store in one place and lets a failed write fail
 * the cell that asked for it.
 */
import { resolveParams } from '../cells/params';
import { cellRegistry } from '../cells/registry';
import type { Registration } from '../cells/register';
import type { Predictions } from '../cells/predict';
import type { Table } from '../data/table';
import { descendantsOf } from '../dag/descendants';
import type { CellRunState, ExecutionHandle, ExecutionHooks, ExecutionRequest, Executor } from '../dag/run-types';
import { topology } from '../dag/topology';
import type { LinearModel } from '../ml/model';
import type { CellId, Notebook } from '../notebook/types';
import { hashTable } from './content-hash';
import { messageOf, type Store } from './database';
import { findVersion, loadTable, saveDatasetVersion } from './datasets';
import { registerModel, type RegistrationOutcome } from './models';
import type { Lineage, RunRecord } from './records';
import { recordPrediction, type PredictionFacts } from './scorings';
import { gridConfigurationsOf } from './run-configurations';
import { version as appVersion } from '../../../package.json';

export { appVersion };

export interface LinkContext {
	store: () => Promise<Store>;
	notebook: () => Notebook;
	notebookId: () => string | null;
	notebookHash: () => string | null;
	/** The current output of a cell (for the lineage of a registration). */
	outputOf: (id: CellId) => unknown;
	/** Stores a dataset output as a version: saveDatasetVersion, or the same on a worker (the page's); in place when absent. */
	saveVersion?: typeof saveDatasetVersion;
}

const short = (hash: string) => hash.slice(0, 12);

/** Where a model trained: the GPU through WebGPU, or the CPU with this machine's thread count. */
export function describeDevice(model: LinearModel): string {
	if (model.origin.device === 'gpu') return 'GPU (WebGPU)';
	const threads = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
	return `CPU${threads ? ` (${threads} threads)` : ''}`;
}

/** Hashes of the dataset versions upstream of a cell, as they are now. */
export async function upstreamDatasetHashes(notebook: Notebook, cellId: CellId, outputOf: (id: CellId) => unknown): Promise<string[]> {
	const graph = topology(notebook);
	const hashes: string[] = [];
	for (const cell of notebook.cells) {
		if (cell.kind !== 'dataset' || !descendantsOf(graph, cell.id).has(cellId)) continue;
		const table = outputOf(cell.id) as Table | undefined;
		if (table?.kind === 'table') hashes.push(await hashTable(table));
	}
	return hashes;
}

export async function lineageOf(context: LinkContext, model: LinearModel, cellId: CellId, cellTitle: string): Promise<Lineage> {
	const notebook = context.notebook();
	return {
		datasetHashes: await upstreamDatasetHashes(notebook, cellId, context.outputOf),
		notebookId: context.notebookId(),
		notebookTitle: notebook.title,
		notebookHash: context.notebookHash(),
		cellId,
		cellTitle,
		seed: model.hyperparameters.seed,
		appVersion,
		device: describeDevice(model)
	};
}

export async function storeRegistration(context: LinkContext, registration: Registration, cell: { id: CellId; title: string }): Promise<RegistrationOutcome> {
	const store = await context.store();
	return registerModel(store, {
		name: registration.modelName,
		model: registration.model,
		metrics: registration.metrics,
		measuredOn: registration.measuredOn,
		...(registration.rows === undefined ? {} : { rows: registration.rows }),
		...(registration.positiveClass === undefined ? {} : { positiveClass: registration.positiveClass }),
		alias: registration.alias,
		gate: registration.gate,
		rescored: registration.rescored ?? null,
		lineage: await lineageOf(context, registration.model, cell.id, cell.title)
	});
}

async function pinnedTable(context: LinkContext, name: string, version: string, hooks: ExecutionHooks) {
	const store = await context.store();
	const record = await findVersion(store, name, version);
	const table = await loadTable(store, record.hash);
	hooks.log(`pinned: version ${record.version} of '${name}' (${short(record.hash)}), stored ${new Date(record.createdAt).toLocaleString()}`);
	return { value: table, summary: cellRegistry.dataset!.summarize(table) };
}

async function afterSuccess(context: LinkContext, request: ExecutionRequest, hooks: ExecutionHooks, value: unknown): Promise<void> {
	const kind = request.cell.kind;
	if (kind === 'dataset' && (value as Table).kind === 'table') {
		const table = value as Table;
		const name = String(request.params.name ?? table.name);
		try {
			const blob = request.file && typeof request.file.data !== 'string' ? request.file.data : null;
			const source = { description: table.source, fileName: request.file?.name ?? null, fileSize: blob?.size ?? null };
			const { record, created } = await (context.saveVersion ?? saveDatasetVersion)(await context.store(), name, table, source);
			hooks.log(created ? `stored as version ${record.version} of '${name}' (${short(record.hash)})` : `same content as version ${record.version} of '${name}' (${short(record.hash)}): nothing new stored`);
			const schemaChange = created ? describeSchemaChange(record.diff) : null;
			// Unrelated files under one name become "versions" of each other: say so, in the log and the summary.
			if (schemaChange) hooks.log(`warning: the columns differ from version ${record.version - 1} of '${name}' (${schemaChange}); if this is another dataset, give the cell another name`);
		} catch (error) {
			// The table is still good for this run; only its keeping failed.
			hooks.log(`not stored as a dataset version: ${messageOf(error)}`);
		}
	}
	if (kind === 'predict' && (value as Predictions).kind === 'predictions') {
		// For the registry's monitor: which version scored which rows. A failed record never fails the prediction.
		try {
			const facts = { modelName: String(request.params.modelName), reference: String(request.params.model), data: request.inputs.data?.[0], part: request.params.part as PredictionFacts['part'], predictions: value as Predictions, notebookTitle: context.notebook().title };
			const scoring = await recordPrediction(await context.store(), facts);
			if (scoring) hooks.log(`recorded for the monitor: v${scoring.version} of '${scoring.modelName}' scored ${scoring.datasetLabel} (${short(scoring.datasetHash)})`);
		} catch (error) {
			hooks.log(`not recorded for the monitor: ${messageOf(error)}`);
		}
	}
	if (kind === 'register' && (value as Registration).kind === 'registration') {
		const outcome = await storeRegistration(context, value as Registration, { id: request.cell.id, title: request.cell.title });
		for (const message of outcome.messages) hooks.log(message);
		// A refusal fails the cell (as Airflow fails a gate task): it never looks like a promotion, and nothing downstream runs as if it were one.
		if (!outcome.gate.pass) throw new Error(outcome.messages.at(-1) ?? 'refused by the quality gate');
	}
}

export function storingExecutor(inner: Executor, context: LinkContext): Executor {
	return {
		execute(request: ExecutionRequest, hooks: ExecutionHooks): ExecutionHandle {
			const version = String(request.params.version ?? 'latest').trim();
			if (request.cell.kind === 'dataset' && version !== '' && version !== 'latest') {
				return { result: pinnedTable(context, String(request.params.name), version, hooks), cancel: () => {} };
			}
			const handle = inner.execute(request, hooks);
			const result = handle.result.then(async (output) => {
				await afterSuccess(context, request, hooks, output.value);
				return output;
			});
			return { result, cancel: handle.cancel };
		}
	};
}

/**
 * A run as the runs page keeps it: every cell that took part, with its params and metrics, and
 * a grid cell's configurations when `facts.outputOf` gives its output.
 */
export function runRecord(
	id: string,
	notebook: Notebook,
	states: ReadonlyMap<CellId, CellRunState>,
	facts: { notebookId: string | null; notebookHash: string | null; startedAt: number; endedAt: number; outputOf?: (id: CellId) => unknown }
): RunRecord {
	const cells = notebook.cells.flatMap((cell) => {
		const state = states.get(cell.id);
		if (!state || state.state === 'idle') return [];
		const metrics: Record<string, number | string> = {};
		for (const [key, value] of Object.entries(state.summary ?? {})) if (typeof value === 'string' || Number.isFinite(value)) metrics[key] = value;
		return [
			{
				id: cell.id,
				title: cell.title,
				kind: cell.kind,
				state: state.state,
				durationMs: state.durationMs,
				fromCache: state.fromCache,
				attempts: state.attempts.map((attempt) => ({ number: attempt.number, outcome: attempt.outcome, error: attempt.error, log: attempt.log })),
				params: resolvedParams(cell.kind, cell.params),
				metrics,
				...configurationsOf(state.state === 'success' ? facts.outputOf?.(cell.id) : undefined)
			}
		];
	});
	return { id, notebookId: facts.notebookId, notebookTitle: notebook.title, notebookHash: facts.notebookHash, startedAt: facts.startedAt, endedAt: facts.endedAt, cells };
}

const configurationsOf = (output: unknown) => {
	const configurations = gridConfigurationsOf(output);
	return configurations ? { configurations } : {};
};

/** Params with the defaults filled in, so a grid's unset knobs still show; raw params if invalid. */
function resolvedParams(kind: string, params: Record<string, unknown>): Record<string, unknown> {
	const definition = cellRegistry[kind];
	const resolved = definition ? resolveParams(definition, params) : null;
	return structuredClone(resolved?.ok ? resolved.params : params);
}

/** "added a, b; removed c; age: text → numeric", or null when the columns are the same. */
export function describeSchemaChange(diff: { addedColumns: string[]; removedColumns: string[]; retypedColumns: string[] } | null): string | null {
	if (!diff) return null;
	const parts = [
		diff.addedColumns.length > 0 ? `added ${diff.addedColumns.join(', ')}` : '',
		diff.removedColumns.length > 0 ? `removed ${diff.removedColumns.join(', ')}` : '',
		diff.retypedColumns.join(', ')
	].filter(Boolean);
	return parts.length > 0 ? parts.join('; ') : null;
}
