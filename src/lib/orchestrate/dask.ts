/**
 * `descent export dask`: a notebook as a Python script for a Dask cluster. The script connects a
 * `distributed.Client` to the scheduler address given on its command line and submits one task
 * per cell (each runs `descent run-cell` in a subprocess on a worker), passing the futures of the
 * upstream cells as arguments so Dask orders them as the links do. A failed attempt raises, so
 * Dask tries the cell again (`retries=` the cell's retries; Dask has no retry delay, so the
 * attempt waits the cell's delay before it raises); once the store has counted every attempt the
 * failure is returned instead, so the cells below still run as `descent run` runs them (select
 * compares what succeeded; the others record upstream_failed). Tasks share the artifact directory
 * (a volume every worker sees): a task whose output is already there does nothing, so a task that
 * Dask re-runs after losing its worker redoes only what was not stored. At the end the script
 * prints the run's summary from the artifact store (`descent summary --json`) with the Dask
 * worker each cell ran on, and exits 0 when every cell succeeded, 1 when one did not, 2 on bad
 * arguments.
 */
import type { CellRegistry } from '../cells/params';
import type { Notebook } from '../notebook/types';
import { pythonLiteral, pythonString, type PythonValue } from './python-literal';
import { planTasks } from './task-plan';
import { DASK_RUNNER } from './dask-runner';

export interface DaskOptions {
	/** The notebook file as the workers see it (the script's --notebook default). */
	notebookPath: string;
	/** The artifact directory every worker shares (the script's --artifacts default). */
	artifacts: string;
	/** Train-grid cells fan out into this many shard tasks and a merge. */
	shards?: number;
}

/** The script's text. Throws when the notebook cannot run as a DAG (a cycle). */
export function exportDask(notebook: Notebook, registry: CellRegistry, options: DaskOptions): string {
	const plan = planTasks(notebook, registry, { shards: options.shards });
	const tasks = plan.tasks.map(
		(task): PythonValue => ({
			task: task.taskId,
			cell: task.cellId,
			title: task.title,
			role: task.role,
			arguments: task.extraArguments,
			upstream: task.upstream,
			partial: task.partialInputs,
			retries: task.retries,
			retry_delay: task.retryDelayMs / 1000
		})
	);
	return [
		'#!/usr/bin/env python3',
		`"""${pythonString(notebook.title).slice(1, -1)}: a Descent notebook on a Dask cluster.`,
		'',
		'Written by `descent export dask`. Run it where the scheduler is reachable:',
		'',
		`    python3 run.py tcp://SCHEDULER:8786 [--data NAME=FILE ...]${plan.models.length > 0 ? ' --model NAME=FILE.json ...' : ''} [--artifacts DIR] [--out summary.json]`,
		'',
		'Each cell is one Dask task running `descent run-cell` on a worker; every worker must see the',
		'notebook file, the data and model files and the artifact directory at the same paths (a shared volume).',
		'"""',
		'',
		`NOTEBOOK = ${pythonString(options.notebookPath)}`,
		`ARTIFACTS = ${pythonString(options.artifacts)}`,
		`DATASETS = ${pythonLiteral(plan.bindings.map((binding) => binding.name))}`,
		'# The --model bindings the predict cells (and register cells gated on the current version) read.',
		`MODELS = ${pythonLiteral(plan.models.map((model) => model.key))}`,
		`NEEDED_MODELS = ${pythonLiteral(plan.models.filter((model) => model.needed).map((model) => model.key))}`,
		'# One entry per task, upstream before downstream.',
		'TASKS = [',
		...tasks.map((task) => `    ${pythonLiteral(task)},`),
		']',
		'',
		DASK_RUNNER
	].join('\n');
}
