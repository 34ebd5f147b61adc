import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cacheFolder } from '../../../scripts/cli/bundle.mjs';

const run = promisify(execFile);
const bin = join(process.cwd(), 'bin', 'descent.mjs');

/** `descent ARGS` with `env` added to this process's environment; its stdout (it must exit 0). */
async function descent(args: string[], env: Record<string, string> = {}): Promise<string> {
	const { stdout } = await run(process.execPath, [bin, ...args], { timeout: 60_000, env: { ...process.env, ...env } });
	return stdout;
}

interface Manifest {
	build: string;
	inputs: Record<string, string>;
}
const manifest = (): Manifest => JSON.parse(readFileSync(join(cacheFolder(), 'current.json'), 'utf8'));

describe('descent runs from one bundle per thread (scripts/cli/bundle.mjs)', () => {
	it('gives the same summary bundled as from the sources through tsx', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'descent-bundle-'));
		try {
			const example = 'static/examples/teaching-2d.descent.json';
			await descent(['run', example, '--stable', '--concurrency', '2', '--out', join(dir, 'bundled.json')]);
			await descent(['run', example, '--stable', '--concurrency', '2', '--out', join(dir, 'sources.json')], { DESCENT_FROM_SOURCE: '1' });
			const bundled = readFileSync(join(dir, 'bundled.json'), 'utf8');
			expect(JSON.parse(bundled).ok).toBe(true);
			expect(bundled).toBe(readFileSync(join(dir, 'sources.json'), 'utf8'));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 120_000);

	it('builds the runner and the cell worker side by side, where the runner starts its workers from', async () => {
		await descent(['--help']);
		const { build, inputs } = manifest();
		const folder = join(cacheFolder(), build);
		for (const source of ['scripts/descent.ts', 'src/lib/workers/cell.node-worker.ts', 'src/lib/workers/node-pool.ts', 'src/lib/cells/registry.ts', 'tsconfig.json']) expect(Object.keys(inputs)).toContain(source);
		// node-pool.ts's URL of the worker, resolved next to the bundled runner, is the bundled worker.
		expect(readFileSync(join(folder, 'descent.mjs'), 'utf8')).toContain('new URL("./cell.node-worker.boot.mjs", import.meta.url)');
		expect(readFileSync(join(folder, 'cell.node-worker.boot.mjs'), 'utf8')).toContain("cell.node-worker.ts runs only as a worker thread");
	}, 60_000);

	it('reuses a build while its inputs are unchanged and builds again when one differs', async () => {
		await descent(['--help']);
		const first = manifest();
		const runner = join(cacheFolder(), first.build, 'descent.mjs');
		const written = statSync(runner).mtimeMs;
		await descent(['--help']);
		expect(manifest().build).toBe(first.build);
		expect(statSync(runner).mtimeMs).toBe(written);
		// As if registry.ts had changed since the build: the recorded hash no longer matches the file.
		const stale = { ...first, inputs: { ...first.inputs, 'src/lib/cells/registry.ts': 'not the hash of its contents' } };
		writeFileSync(join(cacheFolder(), 'current.json'), JSON.stringify(stale));
		await descent(['--help']);
		const rebuilt = manifest();
		expect(rebuilt.inputs['src/lib/cells/registry.ts']).toBe(first.inputs['src/lib/cells/registry.ts']);
		expect(existsSync(join(cacheFolder(), rebuilt.build, 'cell.node-worker.boot.mjs'))).toBe(true);
	}, 60_000);
});
