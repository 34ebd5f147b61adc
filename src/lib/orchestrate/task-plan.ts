/**
 * The tasks an orchestrator runs for a notebook (shared by the Airflow and Dask exports): one per
 * cell, named by a sanitised unique task id, with the cell's retries and its upstream tasks from
 * the links; a train-grid cell asked to fan out becomes S shard tasks (slices of its
 * configurations) and one merge task that keeps the cell's task id, so the cells below it depend
 * on the merge. Every task runs `descent run-cell NOTEBOOK --cell ID --artifacts DIR` with the
 * notebook's data and model bindings, plus `--shard i/S` or `--merge S`.
 */
import { resolveParams, type CellRegistry } from '../cells/params';
import { gridConfigurations, type GridParams } from '../cells/grid-configurations';
import { topologicalOrder } from '../dag/order';
import { topology } from '../dag/topology';
import type { CellId, Notebook, NotebookCell } from '../notebook/types';

export type TaskRole = 'cell' | 'shard' | 'merge';

export interface OrchestratedTask {
	/** Airflow's task_id rules ([A-Za-z0-9_.-], at most 250 characters), unique in the plan. */
	taskId: string;
	cellId: CellId;
	title: string;
	role: TaskRole;
	/** Arguments after `run-cell NOTEBOOK --cell ID --artifacts DIR [--data …]`. */
	extraArguments: string[];
	/** Task ids this one waits for, in the order the cell's inputs name them. */
	upstream: string[];
	retries: number;
	retryDelayMs: number;
	/**
	 * Every input of the cell takes what succeeded upstream (select): it runs once all upstream
	 * tasks are done and one succeeded (Airflow's all_done_min_one_success), as `descent run` does.
	 */
	partialInputs: boolean;
}

/** A dataset name a CSV file is bound to with `--data NAME=FILE`, and whether the notebook embeds one. */
export interface DataBinding {
	name: string;
	embedded: boolean;
}

/**
 * A JSON model file bound with `--model KEY=FILE`: KEY is a predict cell's model name (its model),
 * NAME@REF for the challenger of its "Compare with", or the model a gated register cell compares
 * with. `needed` when a cell fails without it (a predict cell); a register cell's is optional.
 */
export interface ModelBinding {
	key: string;
	needed: boolean;
	/** The titles of the cells that read it, for the param's description. */
	cells: string[];
}

export interface TaskPlan {
	tasks: OrchestratedTask[];
	bindings: DataBinding[];
	models: ModelBinding[];
}

/** The --model bindings the notebook's predict cells and gated register cells read, as `descent run` binds them. */
export function modelBindings(notebook: Notebook): ModelBinding[] {
	const models = new Map<string, ModelBinding>();
	const add = (key: string, needed: boolean, cell: NotebookCell) => {
		const known = models.get(key) ?? { key, needed: false, cells: [] };
		models.set(key, { key, needed: known.needed || needed, cells: [...known.cells, cell.title || cell.id] });
	};
	for (const cell of notebook.cells) {
		const name = String(cell.params.modelName ?? 'model');
		if (cell.kind === 'predict') {
			add(name, !cell.skip, cell);
			const challenger = String(cell.params.compareWith ?? '').trim();
			if (challenger !== '') add(`${name}@${challenger}`, !cell.skip, cell);
		} else if (cell.kind === 'register' && cell.params.gate === true && cell.params.notWorseThanCurrent !== false) {
			add(name, false, cell);
		}
	}
	return [...models.values()];
}

export interface PlanOptions {
	/** Train-grid cells run as this many shards (at most one per configuration); 1 = unsharded. */
	shards?: number;
}

const MAX_TASK_ID = 250;

function sanitiseTaskId(id: string, taken: Set<string>): string {
	let base = id.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, MAX_TASK_ID - 8) || 'cell';
	let candidate = base;
	for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
	taken.add(candidate);
	return candidate;
}

/** How many shards a train-grid cell gets: no more than it has configurations; 1 when its params are invalid. */
export function shardCount(cell: NotebookCell, registry: CellRegistry, requested: number): number {
	if (cell.kind !== 'train-grid' || requested <= 1) return 1;
	const definition = registry[cell.kind];
	const resolved = definition ? resolveParams(definition, cell.params) : null;
	if (!resolved?.ok) return 1;
	try {
		return Math.max(1, Math.min(requested, gridConfigurations(resolved.params as unknown as GridParams).length));
	} catch {
		return 1; // the cell fails when it runs, with its own message
	}
}

/** The plan in topological order. Throws when the notebook has a cycle: no orchestrator can run it. */
export function planTasks(notebook: Notebook, registry: CellRegistry, options: PlanOptions = {}): TaskPlan {
	const graph = topology(notebook);
	const { order, unordered } = topologicalOrder(graph);
	if (unordered.length > 0) throw new Error(`the notebook's links form a cycle through ${unordered.join(', ')}: it cannot run as a DAG`);
	const cells = new Map(notebook.cells.map((cell) => [cell.id, cell]));
	const taken = new Set<string>();
	const taskIds = new Map<CellId, string>();
	for (const id of order) taskIds.set(id, sanitiseTaskId(id, taken));

	const tasks: OrchestratedTask[] = [];
	for (const id of order) {
		const cell = cells.get(id)!;
		const taskId = taskIds.get(id)!;
		const upstream = (graph.parents.get(id) ?? []).map((parent) => taskIds.get(parent)!);
		const definition = registry[cell.kind];
		const partialInputs = !!definition && definition.inputs.length > 0 && definition.inputs.every((input) => input.partial);
		const base = { cellId: id, title: cell.title, retries: cell.retry.count, retryDelayMs: cell.retry.delayMs, partialInputs };
		// A switched-off cell runs too: run-cell records it as skipped, and the cells below as well.
		const shards = cell.skip ? 1 : shardCount(cell, registry, options.shards ?? 1);
		if (shards === 1) {
			tasks.push({ ...base, taskId, role: 'cell', extraArguments: [], upstream });
			continue;
		}
		const shardIds: string[] = [];
		for (let index = 1; index <= shards; index++) {
			const shardId = sanitiseTaskId(`${taskId}__shard_${index}_of_${shards}`, taken);
			shardIds.push(shardId);
			tasks.push({ ...base, taskId: shardId, title: `${cell.title} (shard ${index}/${shards})`, role: 'shard', extraArguments: ['--shard', `${index}/${shards}`], upstream });
		}
		tasks.push({ ...base, taskId, title: `${cell.title} (merge of ${shards} shards)`, role: 'merge', extraArguments: ['--merge', String(shards)], upstream: shardIds, partialInputs: false });
	}

	const embedded = new Set((notebook.data ?? []).filter((item) => item.text !== undefined || item.base64 !== undefined).map((item) => item.cell));
	const bindings = new Map<string, DataBinding>();
	for (const cell of notebook.cells) {
		if (cell.kind !== 'dataset' || cell.params.source !== 'csv') continue;
		const name = String(cell.params.name ?? cell.id);
		const known = bindings.get(name);
		bindings.set(name, { name, embedded: (known?.embedded ?? true) && embedded.has(cell.id) });
	}
	return { tasks, bindings: [...bindings.values()], models: modelBindings(notebook) };
}
