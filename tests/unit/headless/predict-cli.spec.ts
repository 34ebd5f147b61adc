import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notebookCli } from './cli';
import { modelToJson } from '../../../src/lib/export/model-json';
import { modelToOnnx } from '../../../src/lib/export/onnx';
import { sha256Text } from '../../../src/lib/notebook/sha256';
import { numericModel } from '../export/pipeline';

const directory = mkdtempSync(join(tmpdir(), 'descent-predict-cli-'));

/** New measurements (the model's columns and classes), embedded in the notebook file. */
function newRowsCsv(): string {
	const lines = ['length,weight,temperature,kind'];
	for (let i = 0; i < 30; i++) lines.push(`${i % 2 ? 14 + i / 30 : 10 - i / 30},${1000 + i},${i % 2 ? 0.01 : 0},class-${i % 2 ? 'b' : 'a'}`);
	return `${lines.join('\n')}\n`;
}

function predictNotebook(compareWith = ''): string {
	const text = newRowsCsv();
	return JSON.stringify({
		format: 'descent-notebook',
		version: 1,
		title: 'Score new measurements',
		description: '',
		cells: [
			{ id: 'new', kind: 'dataset', title: 'New rows', params: { name: 'new', source: 'csv', labelColumn: 'kind' }, inputs: {} },
			{ id: 'score', kind: 'predict', title: 'Score with production', params: { modelName: 'measurements', model: 'production', compareWith }, inputs: { data: ['new'] } }
		],
		data: [{ cell: 'new', fileName: 'new.csv', bytes: text.length, sha256: sha256Text(text), text }]
	});
}

describe('npm run notebook -- run … --model', () => {
	it('binds a JSON model export to predict cells by name and runs on the embedded data', async () => {
		const { model } = await numericModel(2);
		const modelPath = join(directory, 'measurements.model.json');
		writeFileSync(modelPath, modelToJson(model));
		const notebookPath = join(directory, 'score.descent.json');
		writeFileSync(notebookPath, predictNotebook());
		const out = join(directory, 'summary.json');

		const bound = await notebookCli('run', notebookPath, '--model', `measurements=${modelPath}`, '--out', out);
		expect(bound.stderr).toBe('');
		expect(bound.code).toBe(0);
		expect(bound.stdout).toMatch(/New rows\s+success.*rows=30/);
		expect(bound.stdout).toMatch(/Score with production\s+success.*from measurements\.model\.json.*rows=30/);
		const score = JSON.parse(readFileSync(out, 'utf8')).cells.find((cell: { id: string }) => cell.id === 'score');
		expect(score.summary.accuracy).toBeGreaterThan(0.9);

		// A model the run needs and was not given is a bad argument, said before anything runs.
		const unbound = await notebookCli('run', notebookPath);
		expect(unbound.code).toBe(2);
		expect(unbound.stderr).toContain('the predict cells need their models (a headless run has no registry): pass --model measurements=path.json');
		expect(unbound.stdout).toBe('');
	}, 60_000);

	it('--predictions DIR writes each predict cell\'s rows as CSV; rows without labels score without an actual column', async () => {
		const { model } = await numericModel(2);
		const modelPath = join(directory, 'scoring.model.json');
		writeFileSync(modelPath, modelToJson(model));
		// The new rows without their label column, read with "Has a label column" off.
		const notebook = JSON.parse(predictNotebook());
		const text = newRowsCsv().split('\n').map((line) => line.split(',').slice(0, 3).join(',')).join('\n');
		notebook.cells[0].params = { name: 'new', source: 'csv', labelled: false };
		notebook.data = [{ cell: 'new', fileName: 'new.csv', bytes: text.length, sha256: sha256Text(text), text }];
		const notebookPath = join(directory, 'unlabelled.descent.json');
		writeFileSync(notebookPath, JSON.stringify(notebook));
		const folder = join(directory, 'predictions', 'today');

		const run = await notebookCli('run', notebookPath, '--model', `measurements=${modelPath}`, '--predictions', folder);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/New rows\s+success.*labels=none/);
		expect(run.stdout).toContain(`predictions:\n  Score with production: 30 rows → ${join(folder, 'score.csv')}`);
		const lines = readFileSync(join(folder, 'score.csv'), 'utf8').trim().split('\n');
		expect(lines).toHaveLength(31);
		expect(lines[0]).toBe(`row,length,weight,temperature,predicted,score (${model.classes[1]})`);

		// A file where the folder should be is a bad argument, before anything runs.
		const blocked = await notebookCli('run', notebookPath, '--model', `measurements=${modelPath}`, '--predictions', modelPath);
		expect(blocked.code).toBe(2);
		expect(blocked.stderr).toContain(`--predictions ${modelPath}: is a file, not a folder`);
	}, 60_000);

	it('needs the challenger bound by NAME@ALIAS, and refuses a bad model file or an unknown name', async () => {
		const { model } = await numericModel(2);
		const modelPath = join(directory, 'champion.model.json');
		writeFileSync(modelPath, modelToJson(model));
		const notebookPath = join(directory, 'shadow.descent.json');
		writeFileSync(notebookPath, predictNotebook('staging'));

		const missing = await notebookCli('run', notebookPath, '--model', `measurements=${modelPath}`);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toContain('pass --model measurements@staging=path.json');
		const both = await notebookCli('run', notebookPath, '--model', `measurements=${modelPath}`, '--model', `measurements@staging=${modelPath}`);
		expect(both.code).toBe(0);
		expect(both.stdout).toMatch(/agreement=1/);

		const bad = join(directory, 'bad.model.json');
		writeFileSync(bad, JSON.stringify({ format: 'descent-model', version: 1 }));
		const refused = await notebookCli('run', notebookPath, '--model', `measurements=${bad}`);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('$.kind');
		const unknown = await notebookCli('run', notebookPath, '--model', `other=${modelPath}`);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain("no predict cell of model 'other'");
	}, 90_000);

	it('names an ONNX model, a picture, an archive or another binary file given to --model before anything runs', async () => {
		const { model } = await numericModel(2);
		const notebookPath = join(directory, 'binary-model.descent.json');
		writeFileSync(notebookPath, predictNotebook());
		const advice = "not Descent's JSON model file: export the model as JSON (the JSON button beside a version on the Registry page, or beside ONNX under a train cell) and give that file to --model measurements";
		const onnx = join(directory, 'train-sgd.onnx');
		writeFileSync(onnx, modelToOnnx(model));
		// The same bytes under a JSON name: told by the bytes, not the name.
		const renamed = join(directory, 'renamed.model.json');
		writeFileSync(renamed, modelToOnnx(model));
		const png = join(directory, 'chart.png');
		writeFileSync(png, Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
		const zip = join(directory, 'models.zip');
		writeFileSync(zip, Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]));
		const noise = join(directory, 'noise.bin');
		writeFileSync(noise, Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24));
		const cases: [string, string][] = [
			[onnx, `train-sgd.onnx is an ONNX model, ${advice}`],
			[renamed, `renamed.model.json is an ONNX model, ${advice}`],
			[png, `chart.png looks like a PNG image, ${advice}`],
			[zip, `models.zip looks like a ZIP archive (an Excel .xlsx workbook is one), ${advice}`]
		];
		for (const [path, message] of cases) {
			const result = await notebookCli('run', notebookPath, '--model', `measurements=${path}`);
			expect(result.code).toBe(2);
			expect(result.stderr).toContain(`--model measurements=${path}: ${message}`);
			expect(result.stdout).not.toContain('Score with production');
		}
		const random = await notebookCli('run', notebookPath, '--model', `measurements=${noise}`);
		expect(random.code).toBe(2);
		expect(random.stderr).toMatch(/noise\.bin does not look like text: \d+% of its first 4,096 bytes are not text in any encoding, so it is not Descent's JSON model file: export the model as JSON/);
		expect(random.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
	}, 120_000);
});
