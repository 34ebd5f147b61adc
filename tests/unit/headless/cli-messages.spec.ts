/**
 * What a user sees when `descent` refuses its arguments: the message once, after one
 * `descent COMMAND:` prefix, then a single line pointing to `--help` (never the whole usage,
 * which scrolled the message away), exit 2; and a mistyped --data/--model NAME named as such
 * before any binding is reported missing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { descentCli } from './cli';

const directory = mkdtempSync(join(tmpdir(), 'descent-messages-'));

/** A notebook whose CSV dataset cell 'ds' (name 'mine') embeds no data, and a predict cell of model 'scores'. */
function unboundNotebook(): string {
	const file = join(directory, 'unbound.descent.json');
	writeFileSync(
		file,
		JSON.stringify({
			format: 'descent-notebook',
			version: 1,
			title: 'Unbound',
			description: '',
			cells: [
				{ id: 'ds', kind: 'dataset', title: 'Mine', params: { name: 'mine', source: 'csv', labelColumn: 'label' }, inputs: {} },
				{ id: 'score', kind: 'predict', title: 'Score', params: { modelName: 'scores', model: 'production' }, inputs: { data: ['ds'] } }
			]
		})
	);
	return file;
}

describe('descent refusing its arguments', () => {
	it('prints the message once under one prefix, then one line naming --help, not the usage; exit 2', async () => {
		const notebook = unboundNotebook();
		const cases: [string[], string, string][] = [
			[['run'], 'run', 'descent run: expected the notebook file'],
			[['run-cell'], 'run-cell', 'descent run-cell: expected the notebook file'],
			[['summary'], 'summary', 'descent summary: expected the notebook file'],
			[['export'], 'export', 'descent export: expected the target, airflow or dask'],
			[['export', 'airflow'], 'export', "descent export: expected the notebook file (FILE.descent.json) after 'airflow'"],
			[['run', notebook, '--colour'], 'run', "descent run: unknown argument '--colour'"],
			[['run', notebook], 'run', "descent run: dataset cell 'ds' reads a file"]
		];
		for (const [args, command, message] of cases) {
			const result = await descentCli(args);
			const what = `descent ${args.join(' ')}`;
			expect(result.code, what).toBe(2);
			expect(result.stderr, what).toContain(message);
			expect(result.stderr, what).not.toMatch(/descent [\w-]+: descent/);
			expect(result.stderr, what).not.toContain('usage:');
			expect(result.stderr.trimEnd().split('\n').at(-1), what).toBe(`Run \`descent ${command} --help\` for the options.`);
		}
		const unknown = await descentCli(['frobnicate']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr.trimEnd().split('\n')).toEqual(["descent: unknown command 'frobnicate'", 'Run `descent --help` for the commands.']);
		// --help still prints the whole usage.
		const help = await descentCli(['run', '--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('usage: descent run');
		expect(help.stdout).toContain('--concurrency N');
	}, 120_000);

	it('names a --data or --model NAME the notebook does not have before saying what is unbound', async () => {
		const notebook = unboundNotebook();
		const csv = join(directory, 'clean.csv');
		writeFileSync(csv, 'x,label\n1,a\n2,b\n');
		const data = await descentCli(['run', notebook, '--data', `nosuch=${csv}`]);
		expect(data.code).toBe(2);
		expect(data.stderr).toContain("--data nosuch=…: the notebook has no dataset cell named 'nosuch' (it has: mine)");
		expect(data.stderr).not.toContain("dataset cell 'ds' reads a file");
		const model = await descentCli(['run', notebook, '--model', `nosuch=${join(directory, 'nowhere.json')}`]);
		expect(model.code).toBe(2);
		expect(model.stderr).toContain("--model nosuch=…: the notebook has no predict cell of model 'nosuch'");
		expect(model.stderr).toContain('(it has: scores)');
		expect(model.stderr).not.toContain("dataset cell 'ds' reads a file");
		expect(model.stderr).not.toContain('cannot read');
	}, 120_000);

	it('names a --data or --model path that cannot be read before saying what is unbound', async () => {
		const notebook = unboundNotebook();
		const nowhere = join(directory, 'nope.csv');
		const cases: [string[], string, string, string][] = [
			// The predict cell's model is missing too: the path given wrong comes first.
			[['run', notebook, '--data', `mine=${nowhere}`], 'run', `--data mine=${nowhere}: cannot read the file: ENOENT`, 'the predict cells need their models'],
			[['run', notebook, '--data', `mine=${directory}`], 'run', `--data mine=${directory}: cannot read the file: '${directory}' is not a file`, 'the predict cells need their models'],
			// The dataset is unbound: the model path given wrong comes first.
			[['run', notebook, '--model', `scores=${join(directory, 'nope.json')}`], 'run', `cannot read model file '${join(directory, 'nope.json')}'`, "dataset cell 'ds' reads a file"],
			[['summary', notebook, '--artifacts', directory, '--data', `mine=${nowhere}`], 'summary', `--data mine=${nowhere}: cannot read the file: ENOENT`, 'the predict cells need their models']
		];
		for (const [args, command, message, later] of cases) {
			const result = await descentCli(args);
			const what = `descent ${args.join(' ')}`;
			expect(result.code, what).toBe(2);
			expect(result.stderr, what).toContain(`descent ${command}: ${message}`);
			expect(result.stderr, what).not.toContain(later);
			expect(result.stdout, what).toBe('');
		}
	}, 120_000);
});
