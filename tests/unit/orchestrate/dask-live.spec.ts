/**
 * `descent export dask`, live: a Dask scheduler and two single-threaded worker processes on
 * localhost (Debian's python3-distributed, installed by scripts/ensure-system-packages.sh when
 * missing), the exported script run against them. Its summary must equal `descent run`'s,
 * independent cells must have run on different workers, and killing the worker that runs a cell
 * (with the cell's process, as a machine dies) must still finish the notebook: Dask reschedules
 * the cell and recomputes what the dead worker held; the artifact store keeps what finished.
 * A cell that fails after its retries fails as in `descent run`, and select compares the others.
 * Every wait is bounded, and every process started here is killed by its process group.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON } from './airflow-read';
import { DESCENT_BIN, descent, pointsCsv, smallNotebook } from './descent-cli';

interface Started {
	process: ChildProcess;
	output: () => string;
	exited: Promise<number | null>;
}

const started: Started[] = [];
const directory = mkdtempSync(join(tmpdir(), 'descent-dask-'));

/** Starts a command in a process group of its own, collecting stdout and stderr together. */
function start(command: string, args: string[]): Started {
	const child = spawn(command, args, { cwd: directory, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let text = '';
	child.stdout!.on('data', (chunk) => (text += chunk));
	child.stderr!.on('data', (chunk) => (text += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	const item = { process: child, output: () => text, exited };
	started.push(item);
	return item;
}

function killGroup(item: Started): void {
	if (item.process.exitCode !== null || item.process.signalCode !== null) return;
	try {
		process.kill(-item.process.pid!, 'SIGKILL');
	} catch {
		// already gone
	}
}

/** Resolves with the first match of `pattern` in the process's output; rejects after `ms`. */
async function waitFor(item: Started, pattern: RegExp, ms: number, what: string): Promise<RegExpMatchArray> {
	const deadline = Date.now() + ms;
	for (;;) {
		const match = item.output().match(pattern);
		if (match) return match;
		if (item.process.exitCode !== null) throw new Error(`${what}: the process exited (${item.process.exitCode}):\n${item.output()}`);
		if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms:\n${item.output()}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

const hasDistributed = () => spawnSync(PYTHON, ['-c', 'import distributed']).status === 0;

beforeAll(() => {
	if (hasDistributed()) return;
	const install = spawnSync('bash', ['scripts/ensure-system-packages.sh'], { encoding: 'utf8', timeout: 300_000 });
	if (!hasDistributed()) throw new Error(`python3-distributed is missing and could not be installed: run scripts/ensure-system-packages.sh as root\n${install.stdout}${install.stderr}`);
}, 300_000);

afterAll(() => {
	for (const item of started) killGroup(item);
	rmSync(directory, { recursive: true, force: true });
});

const stable = (report: { notebook: string; ok: boolean; cells: Record<string, unknown>[] }) => ({
	notebook: report.notebook,
	ok: report.ok,
	cells: report.cells.map(({ id, title, kind, state, error, summary }) => ({ id, title, kind, state, error, summary }))
});

describe('descent export dask on a live cluster', () => {
	it('runs every cell on two workers, as descent run does, and survives losing a worker mid-run', async () => {
		const notebook = join(directory, 'points.descent.json');
		const csv = join(directory, 'points.csv');
		writeFileSync(csv, pointsCsv());
		writeFileSync(notebook, JSON.stringify(smallNotebook("Points on 'Dask'")));

		const scheduler = start('dask-scheduler', ['--host', '127.0.0.1', '--port', '0', '--no-dashboard']);
		const address = (await waitFor(scheduler, /Scheduler at:\s+(tcp:\/\/[\d.]+:\d+)/, 30_000, 'the scheduler'))[1]!;
		const workers = new Map(['w1', 'w2'].map((name) => [name, start('dask-worker', [address, '--name', name, '--nthreads', '1', '--no-nanny', '--no-dashboard'])]));
		for (const [name, worker] of workers) await waitFor(worker, /Registered to:/, 30_000, `worker ${name}`);

		const referenceFile = join(directory, 'reference.json');
		const reference = await descent(['run', notebook, '--data', `points=${csv}`, '--stable', '--out', referenceFile]);
		expect(reference.code, reference.stdout + reference.stderr).toBe(1);

		const exported = await descent(['export', 'dask', notebook, '--artifacts', join(directory, 'artifacts')]);
		expect(exported.code, exported.stderr).toBe(0);
		writeFileSync(join(directory, 'run.py'), exported.stdout);
		const out = join(directory, 'summary.json');
		const script = start(PYTHON, ['run.py', address, '--data', `points=${csv}`, '--descent', `${JSON.stringify(process.execPath)} ${JSON.stringify(DESCENT_BIN)}`, '--out', out, '--timeout', '150']);

		// Once the select cell starts on a worker, that worker dies with the cell's process.
		const [, victim] = await Promise.race(
			[...workers].map(async ([name, worker]) => [await waitFor(worker, /descent: best started on/, 150_000, 'the select cell'), name] as const)
		);
		killGroup(workers.get(victim)!);
		const survivor = victim === 'w1' ? 'w2' : 'w1';

		const timer = setTimeout(() => killGroup(script), 170_000);
		const code = await script.exited;
		clearTimeout(timer);
		// The broken grid failed (after its retry) as in descent run; the other cells succeeded.
		expect(code, script.output()).toBe(1);
		const report = JSON.parse(readFileSync(out, 'utf8'));
		expect(stable(report)).toEqual(JSON.parse(readFileSync(referenceFile, 'utf8')));
		const workerOf = new Map<string, string>(report.cells.map((cell: { id: string; worker: string }) => [cell.id, cell.worker]));
		// The two sources are independent and ready at once: they ran on different workers. (Cells
		// that share an input start on the worker holding it and move only when Dask steals them.)
		expect(new Set(['points', 'blobs'].map((id) => workerOf.get(id))).size).toBe(2);
		// The select cell finished on the worker left, and so did the cell after it.
		expect(workerOf.get('best')).toBe(survivor);
		expect(workerOf.get('evaluate')).toBe(survivor);
		expect(report.cells.filter((cell: { state: string }) => cell.state !== 'success').map((cell: { id: string }) => cell.id)).toEqual(['broken']);
		expect(script.output()).toContain('1 of 9 cells did not succeed');
		// The scheduler saw the worker go while the select cell was on it.
		expect(scheduler.output()).toMatch(new RegExp(`Remove worker .*name: ${victim}, .*processing: [1-9]`));
	}, 240_000);
});
