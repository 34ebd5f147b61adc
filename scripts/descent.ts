/**
 * The `descent` command (bin/descent.mjs loads this file through tsx):
 *
 *   descent run FILE [...]            the whole notebook headless, on worker threads
 *   descent run-cell FILE --cell ID --artifacts DIR [...]   one cell through the artifact store
 *   descent summary FILE --artifacts DIR [...]              the notebook's summary from the store
 *   descent export airflow|dask FILE [...]                  an Airflow DAG or a Dask script
 *
 * `descent COMMAND --help` prints each command's options; a bad argument prints its message and
 * a pointer to that help. Exit codes: 0 success, 1 a cell did
 * not succeed (or a file could not be written or read after the arguments were checked: one
 * line naming the path, never a stack trace), 2 bad arguments (the message names the argument;
 * an output path that cannot be written is one, refused before any work), 3 (run-cell) an input
 * artifact is missing or corrupt.
 */
import { UsageError } from './cli/args';
import { ioReason, isSystemError } from './cli/output-path';
import { runCommand, runUsage } from './cli/run';
import { runCellCommand, runCellUsage } from './cli/run-cell';
import { summaryCommand, summaryUsage } from './cli/summary';

export const usage = `usage: descent COMMAND ...

Commands:
  run       run a notebook headless (independent cells in parallel on worker threads)
  run-cell  run one cell through an artifact store (one task of an Airflow or Dask run)
  summary   print a notebook's summary from an artifact store
  export    write the notebook as an Airflow DAG (export airflow) or a Dask script (export dask)

descent COMMAND --help prints the options of a command.`;

interface Command {
	usage: string;
	run(args: readonly string[]): Promise<number>;
}

const commands: Record<string, () => Promise<Command>> = {
	run: async () => ({ usage: runUsage, run: runCommand }),
	'run-cell': async () => ({ usage: runCellUsage, run: runCellCommand }),
	summary: async () => ({ usage: summaryUsage, run: summaryCommand }),
	// Written beside this file by the export helper: scripts/cli/export.ts exports
	// `exportUsage` and `exportCommand(args): Promise<number>` (args after 'export').
	export: async () => {
		const module = (await import('./cli/export' as string)) as { exportUsage: string; exportCommand: Command['run'] };
		return { usage: module.exportUsage, run: module.exportCommand };
	}
};

/**
 * The line printed after a bad argument, in place of the whole usage (which would scroll the
 * error itself out of sight): where the options of `command` (or the list of commands) are.
 */
export function helpHint(command?: string): string {
	return command ? `Run \`descent ${command} --help\` for the options.` : 'Run `descent --help` for the commands.';
}

/** Runs `descent ARGS`; resolves to the exit status. */
export async function main(args: readonly string[]): Promise<number> {
	const [name, ...rest] = args;
	if (!name || name === '--help' || name === '-h' || name === 'help') {
		console.log(usage);
		return name ? 0 : 2;
	}
	const load = commands[name];
	if (!load) {
		console.error(`descent: unknown command '${name}'\n${helpHint()}`);
		return 2;
	}
	let command: Command;
	try {
		command = await load();
	} catch (error) {
		console.error(`descent ${name}: not available in this checkout (${(error as Error).message})`);
		return 2;
	}
	if (rest.includes('--help') || rest.includes('-h')) {
		console.log(command.usage);
		return 0;
	}
	try {
		return await command.run(rest);
	} catch (error) {
		// An I/O error the command did not catch itself (a disk filled, a folder removed during
		// the run): one line naming the path, not a stack trace; it is not a bad argument.
		if (isSystemError(error)) {
			console.error(`descent ${name}: ${error.path ? `${error.path}: ` : ''}${ioReason(error)} (${error.syscall})`);
			return 1;
		}
		if (!(error instanceof UsageError)) throw error;
		console.error(`descent ${name}: ${error.message}\n${helpHint(name)}`);
		return 2;
	}
}
