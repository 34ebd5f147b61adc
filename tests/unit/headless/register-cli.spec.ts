/**
 * A refused registration in the headless summary (issue 12, item 9): the register cell is failed
 * with the gate's reason, never "success" with a summary that reads like a promotion; with
 * production bound (--model) and the splits linked, production is re-scored on the same rows.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notebookCli } from './cli';

const directory = mkdtempSync(join(tmpdir(), 'descent-register-cli-'));

function gatedNotebook(threshold: number): string {
	const notebook = JSON.parse(readFileSync('static/examples/sentiment.descent.json', 'utf8'));
	notebook.cells.push({
		id: 'register',
		kind: 'register',
		title: 'Register behind a gate',
		params: { modelName: 'sentiment', alias: 'production', gate: true, gateMetric: 'accuracy', threshold, notWorseThanCurrent: true },
		inputs: { model: ['best'], evaluation: ['evaluate'], data: ['split'] }
	});
	return JSON.stringify(notebook);
}

describe('npm run notebook -- run: a gated register cell', () => {
	it('at 0.95 with test accuracy 0.92: the cell is failed with the reason, and the run is not ok', async () => {
		const path = join(directory, 'gated.descent.json');
		writeFileSync(path, gatedNotebook(0.95));
		const out = join(directory, 'summary.json');
		const result = await notebookCli('run', path, '--concurrency', '1', '--out', out);
		expect(result.code).toBe(1);
		expect(result.stdout).toMatch(/Register behind a gate\s+failed\s.*refused by the quality gate: accuracy 0\.9200 \(test\) is below the threshold 0\.9500; nothing registered, production not moved/);
		expect(result.stdout).not.toMatch(/Register behind a gate\s+success/);
		const cell = JSON.parse(readFileSync(out, 'utf8')).cells.find((entry: { id: string }) => entry.id === 'register');
		expect(cell).toMatchObject({ state: 'failed' });
	}, 60_000);
});
