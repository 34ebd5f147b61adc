/**
 * A failed cell's descendants are upstream_failed, and each names the cell that actually failed
 * (the root cause), not its own parent when that parent only was upstream_failed too: in
 * `descent run`, and in run-cell tasks read back by `descent summary`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { descentCli } from './cli';

const directory = mkdtempSync(join(tmpdir(), 'descent-upstream-failed-'));

/** Points (a CSV dataset) → Split → Scale → Train; the CSV given has a bad row, so Points fails. */
function chain(): { notebook: string; csv: string } {
	const notebook = join(directory, 'chain.descent.json');
	const cell = (id: string, kind: string, title: string, params: Record<string, unknown>, inputs: Record<string, string[]>) => ({ id, kind, title, params, inputs, retry: { count: 0, delayMs: 0 } });
	writeFileSync(
		notebook,
		JSON.stringify({
			format: 'descent-notebook',
			version: 1,
			title: 'Chain',
			description: '',
			cells: [
				cell('points', 'dataset', 'Points', { name: 'points', source: 'csv', labelColumn: 'label' }, {}),
				cell('split', 'split', 'Split train/test', { seed: 1, stratify: false, testFraction: 0.3, validationFraction: 0 }, { data: ['points'] }),
				cell('scale', 'scale', 'Standardise', { columns: [] }, { data: ['split'] }),
				cell('train', 'train', 'Train', { epochs: 2 }, { data: ['scale'] })
			]
		})
	);
	const csv = join(directory, 'points.csv');
	writeFileSync(csv, 'x,y,label\n1,2,a\n3,4,5,b\n');
	return { notebook, csv };
}

describe('upstream_failed cells name the cell that failed', () => {
	it('descent run: every cell below the failed dataset names the dataset', async () => {
		const { notebook, csv } = chain();
		const result = await descentCli(['run', notebook, '--data', `points=${csv}`, '--concurrency', '1', '--stable']);
		expect(result.code, result.stderr).toBe(1);
		const line = (title: string) => result.stdout.split('\n').find((text) => text.trimStart().startsWith(title)) ?? '';
		expect(line('Points')).toMatch(/failed/);
		for (const title of ['Split train/test', 'Standardise', 'Train']) {
			expect(line(title), title).toMatch(/upstream_failed/);
			expect(line(title), title).toContain("upstream cell 'Points' failed");
		}
		expect(result.stdout).not.toContain("upstream cell 'Split train/test' failed");
		expect(result.stdout).not.toContain("upstream cell 'Standardise' failed");
	}, 120_000);

	it('run-cell tasks and descent summary: the stored and the derived reasons name the dataset', async () => {
		const { notebook, csv } = chain();
		const artifacts = join(directory, 'store');
		for (const id of ['points', 'split', 'scale']) await descentCli(['run-cell', notebook, '--cell', id, '--artifacts', artifacts, '--data', `points=${csv}`]);
		// Train's task never ran (an orchestrator does not start it): summary derives its state.
		const summary = await descentCli(['summary', notebook, '--artifacts', artifacts, '--data', `points=${csv}`, '--stable']);
		expect(summary.code, summary.stderr).toBe(1);
		const line = (title: string) => summary.stdout.split('\n').find((text) => text.trimStart().startsWith(title)) ?? '';
		for (const title of ['Split train/test', 'Standardise', 'Train']) {
			expect(line(title), title).toMatch(/upstream_failed/);
			expect(line(title), title).toContain("upstream cell 'Points' failed");
		}
	}, 120_000);
});
