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
import { modelToJson } from '../../../src/lib/export/model-json';
import { sha256Text } from '../../../src/lib/notebook/sha256';
import { measurementsCsv, numericModel, SPLIT_PARAMS } from '../export/pipeline';

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

	it('with production bound (--model) and the unscaled splits linked, production is re-scored on the same test rows (its scaling replayed)', async () => {
		const { model: production } = await numericModel(2);
		const productionPath = join(directory, 'production.model.json');
		writeFileSync(productionPath, modelToJson(production));
		// The rows numericModel(2) trained on, split the same way: the notebook trains its own candidate.
		const text = measurementsCsv(300, 2, 13);
		const notebook = {
			format: 'descent-notebook',
			version: 1,
			title: 'Gated measurements',
			description: '',
			cells: [
				{ id: 'data', kind: 'dataset', title: 'Measurements', params: { name: 'measurements', source: 'csv' }, inputs: {} },
				{ id: 'split', kind: 'split', title: 'Split', params: SPLIT_PARAMS, inputs: { data: ['data'] } },
				{ id: 'scale', kind: 'scale', title: 'Scale', params: {}, inputs: { data: ['split'] } },
				{ id: 'train', kind: 'train', title: 'Train', params: { epochs: 3, seed: 9 }, inputs: { data: ['scale'] } },
				{ id: 'evaluate', kind: 'evaluate', title: 'Evaluate', params: { split: 'test' }, inputs: { model: ['train'], data: ['scale'] } },
				{
					id: 'register',
					kind: 'register',
					title: 'Register',
					params: { modelName: 'measurements', alias: 'production', gate: true, threshold: 0, notWorseThanCurrent: true },
					inputs: { model: ['train'], evaluation: ['evaluate'], data: ['split'] }
				}
			],
			data: [{ cell: 'data', fileName: 'measurements.csv', bytes: text.length, sha256: sha256Text(text), text }]
		};
		const path = join(directory, 'rescored.descent.json');
		writeFileSync(path, JSON.stringify(notebook));
		const out = join(directory, 'rescored.json');
		const result = await notebookCli('run', path, '--concurrency', '1', '--model', `measurements=${productionPath}`, '--out', out);
		const register = JSON.parse(readFileSync(out, 'utf8')).cells.find((entry: { id: string }) => entry.id === 'register');
		const compared = /accuracy of 'measurements' from production\.model\.json re-scored on the same 90 test rows/;
		// Both score 1.0 on these separable rows: not worse, so it passes, and the summary says what was compared.
		expect(register).toMatchObject({ state: 'success', summary: { gate: 'passed', measuredOn: 'test' } });
		expect(register.summary.compared).toMatch(compared);
		expect(result.stdout).toMatch(/Register\s+success.*gate=passed/);
		expect(result.stderr).toBe('');
	}, 60_000);
});
