/**
 * The shell command each orchestrated task runs: `descent run-cell` with the notebook file, the
 * artifact directory and the data bindings taken from environment variables, so that a path with
 * spaces, quotes or `$` reaches the command as one word, unexpanded. A binding whose variable is
 * empty is left out (the notebook's embedded data is used; an unbound model fails its predict
 * cell, naming the --model to pass). The same model files go to every task, as to `descent
 * run`: they are part of the predict cells' output keys. POSIX sh: runs in bash and in dash.
 */
import type { DataBinding, ModelBinding, OrchestratedTask } from './task-plan';

export const NOTEBOOK_VARIABLE = 'DESCENT_NOTEBOOK';
export const ARTIFACTS_VARIABLE = 'DESCENT_ARTIFACTS';

/** `text` as one shell word, single-quoted (a ' inside becomes '"'"'). */
export function shellQuote(text: string): string {
	return /^[A-Za-z0-9_./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'"'"'`)}'`;
}

/** The environment variable holding the file bound to the k-th dataset name. */
export function bindingVariable(index: number): string {
	return `DESCENT_DATA_${index + 1}`;
}

/** The environment variable holding the JSON model file of the k-th model binding. */
export function modelVariable(index: number): string {
	return `DESCENT_MODEL_${index + 1}`;
}

export function runCellCommand(task: OrchestratedTask, bindings: readonly DataBinding[], descent = 'descent', models: readonly ModelBinding[] = []): string {
	const data = bindings.map((binding, index) => {
		const variable = bindingVariable(index);
		return `\${${variable}:+--data ${shellQuote(`${binding.name}=`)}"$${variable}"}`;
	});
	const modelFiles = models.map((model, index) => {
		const variable = modelVariable(index);
		return `\${${variable}:+--model ${shellQuote(`${model.key}=`)}"$${variable}"}`;
	});
	return [descent, 'run-cell', `"$${NOTEBOOK_VARIABLE}"`, '--cell', shellQuote(task.cellId), '--artifacts', `"$${ARTIFACTS_VARIABLE}"`, ...data, ...modelFiles, ...task.extraArguments.map(shellQuote)].join(' ');
}
