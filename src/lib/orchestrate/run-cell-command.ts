/**
 * The shell command each orchestrated task runs: `descent run-cell` with the notebook file, the
 * artifact directory and the data bindings taken from environment variables, so that a path with
 * spaces, quotes or `$` reaches the command as one word, unexpanded. A binding whose variable is
 * empty is left out (the notebook's embedded data is used). POSIX sh: runs in bash and in dash.
 */
import type { DataBinding, OrchestratedTask } from './task-plan';

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

export function runCellCommand(task: OrchestratedTask, bindings: readonly DataBinding[], descent = 'descent'): string {
	const data = bindings.map((binding, index) => {
		const variable = bindingVariable(index);
		return `\${${variable}:+--data ${shellQuote(`${binding.name}=`)}"$${variable}"}`;
	});
	return [descent, 'run-cell', `"$${NOTEBOOK_VARIABLE}"`, '--cell', shellQuote(task.cellId), '--artifacts', `"$${ARTIFACTS_VARIABLE}"`, ...data, ...task.extraArguments.map(shellQuote)].join(' ');
}
