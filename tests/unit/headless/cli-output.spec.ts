/**
 * What `descent` writes and prints, as a new user meets it: an output path it cannot write is
 * refused before any cell runs (exit 2, one line naming the flag and why, no stack trace); a
 * write that fails after the run still prints the summary, then one line, exit 1; --stable
 * prints only what every run shares, the same text from `descent run` and `descent summary`;
 * `descent run --help` lists the data files --watch follows from the list the code uses.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WATCHED } from '../../../scripts/cli/run';
import { descentCli } from './cli';

const directory = mkdtempSync(join(tmpdir(), 'descent-output-'));
const teaching = resolve('static/examples/teaching-2d.descent.json');
/** A line of a Node stack trace ("    at main (file:…)"). */
const STACK = /^\s+at /m;
/** Root passes every permission check, so an unwritable folder cannot be made for it. */
const isRoot = process.getuid?.() === 0;

/** Refused before any work: exit 2, the flag and the reason on stderr, nothing of the cells printed. */
function expectRefusedUpFront(result: { code: number; stdout: string; stderr: string }, flag: string, reason: string): void {
	expect(result.code, result.stderr).toBe(2);
	expect(result.stdout).toBe('');
	expect(result.stderr.split('\n')[0]).toContain(flag);
	expect(result.stderr.split('\n')[0]).toContain(reason);
	expect(result.stderr).not.toMatch(STACK);
}

describe('descent output paths', () => {
	it('refuses an --out that is a directory, or under a file, before any cell runs', async () => {
		const outdir = join(directory, 'outdir');
		mkdirSync(outdir);
		expectRefusedUpFront(await descentCli(['run', teaching, '--out', outdir]), `--out ${outdir}`, 'is a directory');
		const file = join(directory, 'somefile');
		writeFileSync(file, 'not a folder');
		expectRefusedUpFront(await descentCli(['run', teaching, '--out', join(file, 'out.json')]), '--out', `${file} is a file, not a folder`);
		expectRefusedUpFront(await descentCli(['run', teaching, '--out', join(directory, 'missing', 'out.json')]), '--out', 'does not exist');
		// a trailing slash names a folder, whether or not it exists
		expectRefusedUpFront(await descentCli(['run', teaching, '--out', `${join(directory, 'newdir')}/`]), '--out', 'names a folder');
	}, 120_000);

	it.skipIf(!existsSync('/proc'))('refuses an --out where no file can be created though access allows it (/proc, even for root)', async () => {
		expectRefusedUpFront(await descentCli(['run', teaching, '--out', '/proc/x.json']), '--out /proc/x.json', 'cannot create a file in the folder /proc');
	}, 60_000);

	// A folder made read-only stops everyone but root; root cannot create files in /proc/self.
	it.skipIf(isRoot && !existsSync('/proc/self'))('refuses an --out in a folder it may not write, before any cell runs', async () => {
		let locked = '/proc/self';
		if (!isRoot) {
			locked = join(directory, 'locked');
			mkdirSync(locked);
			chmodSync(locked, 0o555);
		}
		expectRefusedUpFront(await descentCli(['run', teaching, '--out', join(locked, 'out.json')]), '--out', 'cannot write: permission denied');
	}, 60_000);

	it('refuses an --artifacts store that is a file or under one, in run and run-cell, storing nothing', async () => {
		const file = join(directory, 'store-file');
		writeFileSync(file, 'not a folder');
		expectRefusedUpFront(await descentCli(['run', teaching, '--artifacts', file]), `--artifacts ${file}`, 'is a file, not a folder');
		expectRefusedUpFront(await descentCli(['run-cell', teaching, '--cell', 'blobs', '--artifacts', join(file, 'store')]), '--artifacts', 'is a file, not a folder');
		expect(readFileSync(file, 'utf8')).toBe('not a folder');
	}, 120_000);

	it.skipIf(!existsSync('/dev/full'))('prints the summary, then one line and exit 1, when --out cannot be written after the run', async () => {
		// /dev/full passes every check before the run and fails the write (no space left).
		const result = await descentCli(['run', teaching, '--out', '/dev/full', '--concurrency', '1']);
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('all 8 cells succeeded');
		expect(result.stderr.trim().split('\n')).toEqual(['descent run: --out /dev/full: cannot write: no space left on the device; the summary was not written']);
	}, 60_000);
});

describe('descent --stable', () => {
	it('prints the same text on every run (no durations, workers or times), and summary --stable prints it too', async () => {
		const artifacts = join(directory, 'stable-store');
		const out = join(directory, 'stable.json');
		const first = await descentCli(['run', teaching, '--stable', '--concurrency', '1']);
		const second = await descentCli(['run', teaching, '--stable', '--concurrency', '2', '--artifacts', artifacts, '--out', out]);
		expect(first.code, first.stderr).toBe(0);
		expect(second.code, second.stderr).toBe(0);
		expect(second.stdout).toBe(first.stdout);
		expect(first.stdout).not.toMatch(/\d ms|\bw\d\b|worker/);
		expect(first.stdout.trim().split('\n').at(-1)).toBe('all 8 cells succeeded');
		// A third run takes every cell from the store: still the same text.
		expect((await descentCli(['run', teaching, '--stable', '--artifacts', artifacts])).stdout).toBe(first.stdout);
		const stored = await descentCli(['summary', teaching, '--artifacts', artifacts, '--stable']);
		expect(stored.code, stored.stderr).toBe(0);
		expect(stored.stdout).toBe(first.stdout);
		// With --json, the file run --stable --out wrote, to the byte.
		const json = await descentCli(['summary', teaching, '--artifacts', artifacts, '--stable', '--json']);
		expect(json.stdout).toBe(readFileSync(out, 'utf8'));
		expect(readdirSync(artifacts).some((name) => name.endsWith('.summary.json'))).toBe(true);
		// Without --stable, the summary says which file in the store is which cell's output.
		const full = await descentCli(['summary', teaching, '--artifacts', artifacts]);
		const outputs = full.stdout.trim().split('\n');
		const listed = outputs.slice(outputs.indexOf('outputs:') + 1).map((line) => line.trim().split(/\s{2,}/));
		expect(listed).toHaveLength(8);
		for (const [, path] of listed) expect(existsSync(path!), path).toBe(true);
		expect(listed.find(([title]) => title === 'Two overlapping blobs')?.[1]).toMatch(/[0-9a-f]{16}\.table\.arrow$/);
		const report = JSON.parse((await descentCli(['summary', teaching, '--artifacts', artifacts, '--json'])).stdout) as { cells: { kind: string; artifact?: string }[] };
		expect(report.cells.find((cell) => cell.kind === 'train')?.artifact).toMatch(/[0-9a-f]{16}\.model\.json$/);
	}, 180_000);
});

describe('descent run --help', () => {
	it('lists every data file extension --watch follows', async () => {
		const help = await descentCli(['run', '--help']);
		const line = help.stdout.split('\n').find((text) => text.trimStart().startsWith('--watch'));
		expect(line).toContain(`(${WATCHED.join(', ')})`);
		expect(WATCHED).toContain('.tsv');
	}, 60_000);
});
