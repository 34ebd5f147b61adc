/**
 * The `descent` command as a user runs it (bin/descent.mjs in a child process), a directory
 * holding a `descent` shim so generated task commands find it on PATH, and the small notebook
 * the orchestration tests run (a bound CSV, two independent sources, two train cells, a grid, a failing grid, select, evaluate).
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const DESCENT_BIN = resolve('bin/descent.mjs');

export interface Ran {
	code: number;
	stdout: string;
	stderr: string;
}

export async function descent(args: string[], timeout = 120_000): Promise<Ran> {
	try {
		const { stdout, stderr } = await run(process.execPath, [DESCENT_BIN, ...args], { timeout, maxBuffer: 1 << 24 });
		return { code: 0, stdout, stderr };
	} catch (error) {
		const failed = error as { code: number; stdout: string; stderr: string };
		return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
	}
}

/** A folder with an executable `descent` that runs this checkout's bin: prepend it to PATH. */
export function descentShim(directory: string): string {
	const bin = join(directory, 'bin');
	mkdirSync(bin, { recursive: true });
	writeFileSync(join(bin, 'descent'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(DESCENT_BIN)} "$@"\n`);
	chmodSync(join(bin, 'descent'), 0o755);
	return bin;
}

/** Two classes of points on a line, separable with noise: enough to train in milliseconds. */
export function pointsCsv(rows = 120): string {
	const lines = ['x1,x2,label'];
	for (let i = 0; i < rows; i++) lines.push(`${(i % 2 ? 1 : -1) + ((i * 37) % 23) / 15 - 0.7},${((i * 11) % 17) / 9 - 0.9},${i % 2 ? 'yes' : 'no'}`);
	return lines.join('\n') + '\n';
}

/**
 * The orchestration tests' notebook; `title` may be awkward on purpose. Its 'broken' grid fails
 * when it runs (a learning rate that is not a number), after one retry: select compares the models
 * that did train, as it does in `descent run`.
 */
export function smallNotebook(title: string): object {
	const cell = (id: string, kind: string, params: object, inputs: object = {}, retry = { count: 1, delayMs: 10 }) => ({ id, kind, title: `Cell ${id}`, params, inputs, retry });
	return {
		format: 'descent-notebook',
		version: 1,
		title,
		description: 'The orchestration tests\' notebook.',
		cells: [
			cell('points', 'dataset', { name: 'points', source: 'csv', labelColumn: 'label' }),
			// A second source, independent of the first: Dask places the two on different workers.
			cell('blobs', 'dataset', { name: 'blobs', source: 'two-blobs', rows: 60, seed: 2 }),
			cell('split', 'split', { testFraction: 0.25, seed: 3 }, { data: ['points'] }),
			cell('sgd-a', 'train', { epochs: 4, eta0: 0.01, schedule: 'constant', seed: 1 }, { data: ['split'] }),
			cell('sgd-b', 'train', { epochs: 4, eta0: 0.1, schedule: 'constant', seed: 1 }, { data: ['split'] }),
			cell('grid', 'train-grid', { learningRates: ['0.01', '0.1'], alphas: ['0.0001', '0.01'], schedules: ['constant', 'optimal'], epochs: ['3'], seeds: ['1'], device: 'cpu' }, { data: ['split'] }),
			cell('broken', 'train-grid', { learningRates: ['0.1', 'fast'], device: 'cpu' }, { data: ['split'] }),
			cell('best', 'select', { by: 'objective' }, { models: ['sgd-a', 'sgd-b', 'grid', 'broken'] }),
			cell('evaluate', 'evaluate', { split: 'test' }, { model: ['best'], data: ['split'] })
		]
	};
}
