/**
 * `descent export airflow`: a notebook as an Airflow 3 DAG file (`from airflow.sdk import DAG`).
 * One task per cell (a BashOperator from the standard provider, or a KubernetesPodOperator when an
 * image is given) running `descent run-cell`, the links as `upstream >> downstream`, each cell's
 * retries and retry delay, `catchup=False`, the notebook's title as the description. The notebook
 * file, the artifact directory and the data and model bindings are DAG params, rendered into each task's
 * environment by Airflow's Jinja; a run's artifacts live under `{{ run_id }}` of the artifact
 * directory, so clearing a task re-runs only what is missing and two runs never share outputs.
 * Every task argument is a Python literal, so the file reads back with `ast.literal_eval`.
 */
import type { CellRegistry } from '../cells/params';
import type { Notebook } from '../notebook/types';
import { pythonLiteral, pythonString, uniqueIdentifier, type PythonValue } from './python-literal';
import { ARTIFACTS_VARIABLE, bindingVariable, modelVariable, NOTEBOOK_VARIABLE, runCellCommand } from './run-cell-command';
import { planTasks, type ModelBinding, type OrchestratedTask } from './task-plan';

export interface AirflowOptions {
	/** The notebook file as the workers see it: the default of the `notebook` param. */
	notebookPath: string;
	/** The artifact directory every worker mounts: the default of the `artifacts` param. */
	artifacts: string;
	/** A cron expression or preset ("@daily"); null runs only when triggered. */
	schedule?: string | null;
	/** A container image with `descent` in it: tasks become KubernetesPodOperators. */
	image?: string | null;
	/** Train-grid cells fan out into this many shard tasks and a merge. */
	shards?: number;
	/** Defaults to the notebook file's name. */
	dagId?: string;
}

/** Airflow's dag_id rules: letters, digits, '_', '.', '-'. */
export function dagIdFor(path: string): string {
	const name = path.split(/[\\/]/).at(-1)!.replace(/\.descent\.json$|\.json$/i, '');
	return name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 200) || 'descent_notebook';
}

/**
 * The DAG params holding the file bound to each dataset `name` (`data_NAME`) and each model binding
 * (`model_NAME`, `model_NAME_REF` for NAME@REF): identifier-safe, so `params.x` renders them.
 */
function bindingParams(names: readonly string[], models: readonly ModelBinding[]): { data: string[]; models: string[] } {
	const taken = new Set(['notebook', 'artifacts']);
	return { data: names.map((name) => uniqueIdentifier('data_', name, taken)), models: models.map((model) => uniqueIdentifier('model_', model.key, taken)) };
}

function modelAbout(model: ModelBinding): string {
	const cells = model.cells.map((title) => `'${title}'`).join(', ');
	const use = model.needed ? `needed by ${cells}, which fail${model.cells.length === 1 ? 's' : ''} without it` : `read by ${cells} to compare with the current version`;
	return `JSON model file for '${model.key}' (--model ${model.key}=FILE), as the workers see it: ${use}.`;
}

/** Text Jinja must leave alone: wrapped in a raw block when it holds `{{`, `{%` or `{#`. */
function jinjaLiteral(text: string): string {
	if (!/\{[{%#]/.test(text)) return text;
	if (text.includes('endraw')) throw new Error(`cannot escape '${text}' for Jinja: rename the cell`);
	return `{% raw %}${text}{% endraw %}`;
}

function taskEnvironment(paramNames: { data: readonly string[]; models: readonly string[] }): Record<string, string> {
	const environment: Record<string, string> = {
		[NOTEBOOK_VARIABLE]: '{{ params.notebook }}',
		[ARTIFACTS_VARIABLE]: '{{ params.artifacts }}/{{ run_id }}'
	};
	paramNames.data.forEach((param, index) => (environment[bindingVariable(index)] = `{{ params.${param} }}`));
	paramNames.models.forEach((param, index) => (environment[modelVariable(index)] = `{{ params.${param} }}`));
	return environment;
}

function keyword(name: string, value: string): string {
	return `        ${name}=${value},`;
}

function operatorCall(task: OrchestratedTask, command: string, environment: Record<string, string>, options: AirflowOptions): string[] {
	const common = [
		keyword('task_id', pythonString(task.taskId)),
		keyword('task_display_name', pythonString(task.title || task.cellId)),
		keyword('retries', String(task.retries)),
		keyword('retry_delay', `timedelta(milliseconds=${task.retryDelayMs})`),
		...(task.partialInputs ? [keyword('trigger_rule', pythonString('all_done_min_one_success'))] : [])
	];
	if (options.image) {
		return [
			'KubernetesPodOperator(',
			...common,
			keyword('image', 'IMAGE'),
			keyword('cmds', pythonLiteral(['/bin/sh', '-c'])),
			keyword('arguments', pythonLiteral([command])),
			keyword('env_vars', pythonLiteral(environment)),
			keyword('volumes', '[ARTIFACT_VOLUME]'),
			keyword('volume_mounts', '[ARTIFACT_MOUNT]'),
			keyword('get_logs', 'True'),
			'    )'
		];
	}
	return [
		'BashOperator(',
		...common,
		keyword('bash_command', pythonString(command)),
		keyword('env', pythonLiteral(environment)),
		// PATH and the worker's own variables stay visible to `descent`.
		keyword('append_env', 'True'),
		'    )'
	];
}

/** The DAG file's text. Throws when the notebook cannot run as a DAG (a cycle). */
export function exportAirflow(notebook: Notebook, registry: CellRegistry, options: AirflowOptions): string {
	const plan = planTasks(notebook, registry, { shards: options.shards });
	const paramNames = bindingParams(plan.bindings.map((binding) => binding.name), plan.models);
	const environment = taskEnvironment(paramNames);
	const params: string[] = [
		`        "notebook": Param(${pythonString(options.notebookPath)}, type="string", description="The notebook file, as every worker sees it."),`,
		`        "artifacts": Param(${pythonString(options.artifacts)}, type="string", description="The artifact directory every worker shares; each run writes under its run_id."),`,
		...plan.bindings.map((binding, index) => {
			const about = `CSV file for dataset '${binding.name}' (--data ${binding.name}=FILE)${binding.embedded ? '; empty = the data embedded in the notebook' : ''}.`;
			return `        ${pythonString(paramNames.data[index]!)}: Param("", type="string", description=${pythonString(about)}),`;
		}),
		...plan.models.map((model, index) => `        ${pythonString(paramNames.models[index]!)}: Param("", type="string", description=${pythonString(modelAbout(model))}),`)
	];
	const variables = new Set<string>(['dag', 'IMAGE', 'ARTIFACT_VOLUME', 'ARTIFACT_MOUNT']);
	const names = new Map(plan.tasks.map((task) => [task.taskId, uniqueIdentifier('task_', task.taskId, variables)]));
	const body: string[] = [];
	for (const task of plan.tasks) {
		const command = jinjaLiteral(runCellCommand(task, plan.bindings, 'descent', plan.models));
		const call = operatorCall(task, command, environment, options);
		body.push(`    ${names.get(task.taskId)} = ${call[0]}`, ...call.slice(1), '');
	}
	for (const task of plan.tasks) for (const upstream of task.upstream) body.push(`    ${names.get(upstream)} >> ${names.get(task.taskId)}`);

	const header = [
		`"""${pythonString(notebook.title).slice(1, -1)}: a Descent notebook as an Airflow 3 DAG.`,
		'',
		'Written by `descent export airflow`. Each task runs one cell with `descent run-cell`, reading its',
		'inputs from and writing its output to the artifact directory under the run id; a task whose',
		'output is already there does nothing. Every worker must see the notebook file, the bound data',
		'and model files and the artifact directory at the same paths (a shared volume).',
		'"""',
		'from __future__ import annotations',
		'',
		'from datetime import datetime, timedelta, timezone',
		'',
		...(options.image
			? [
					'from kubernetes.client import models as k8s',
					'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator',
					'from airflow.sdk import DAG, Param',
					'',
					`IMAGE = ${pythonString(options.image)}`,
					'# The artifact directory, on a volume every pod mounts: a ReadWriteMany claim of this name.',
					'ARTIFACT_VOLUME = k8s.V1Volume(name="descent-artifacts", persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name="descent-artifacts"))',
					`ARTIFACT_MOUNT = k8s.V1VolumeMount(name="descent-artifacts", mount_path=${pythonString(options.artifacts)})`
				]
			: ['from airflow.providers.standard.operators.bash import BashOperator', 'from airflow.sdk import DAG, Param']),
		''
	];
	const dagArguments: [string, string][] = [
		['dag_id', pythonString(options.dagId ?? dagIdFor(options.notebookPath))],
		['dag_display_name', pythonString(notebook.title)],
		['description', pythonString(notebook.title)],
		...(notebook.description.trim() ? ([['doc_md', pythonString(notebook.description)]] as [string, string][]) : []),
		['schedule', options.schedule ? pythonString(options.schedule) : 'None'],
		['start_date', 'datetime(2025, 1, 1, tzinfo=timezone.utc)'],
		['catchup', 'False'],
		['tags', pythonLiteral(['descent', ...new Set(notebook.cells.map((cell) => cell.kind))] as PythonValue)]
	];
	return [
		...header,
		'with DAG(',
		...dagArguments.map(([name, value]) => `    ${name}=${value},`),
		'    params={',
		...params,
		'    },',
		') as dag:',
		...body,
		''
	].join('\n');
}
