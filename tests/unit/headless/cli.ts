/** Runs the headless runner as a user would, returning its exit code and output. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const tsx = join('node_modules', '.bin', 'tsx');

export async function notebookCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	try {
		const { stdout, stderr } = await run(tsx, ['scripts/notebook.ts', ...args], { timeout: 60_000 });
		return { code: 0, stdout, stderr };
	} catch (error) {
		const failed = error as { code: number; stdout: string; stderr: string };
		return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
	}
}

const descentBin = join(process.cwd(), 'bin', 'descent.mjs');

/** Runs `descent ARGS` through its bin file with `node`, from `cwd` (default: this checkout). */
export async function descentCli(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
	try {
		const { stdout, stderr } = await run(process.execPath, [descentBin, ...args], { timeout: 60_000, cwd });
		return { code: 0, stdout, stderr };
	} catch (error) {
		const failed = error as { code: number; stdout: string; stderr: string };
		return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
	}
}
