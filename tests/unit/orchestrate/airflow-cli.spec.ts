/** `descent export` and run-cell's shard flags as a user types them: --help, and exit 2 naming a bad argument. */
import { describe, expect, it } from 'vitest';
import { descent } from './descent-cli';

const notebook = 'static/examples/sentiment-grid.descent.json';

describe('descent export', () => {
	it('--help prints both targets and every option', async () => {
		const help = await descent(['export', '--help']);
		expect(help.code).toBe(0);
		for (const text of ['descent export airflow', 'descent export dask', '--schedule', '--artifacts', '--image', '--shards']) expect(help.stdout).toContain(text);
	}, 60_000);

	it('with --image, the notebook param points at the artifact volume, which the pods mount', async () => {
		const exported = await descent(['export', 'airflow', notebook, '--image', 'descent:1', '--artifacts', '/mnt/descent']);
		expect(exported.code, exported.stderr).toBe(0);
		expect(exported.stdout).toContain('"notebook": Param("/mnt/descent/sentiment-grid.descent.json"');
		expect(exported.stdout).toContain('mount_path="/mnt/descent"');
	}, 60_000);

	it('bad arguments exit 2 and name the argument', async () => {
		const cases: [string[], string][] = [
			[['export'], 'descent export: expected the target, airflow or dask, then the notebook file'],
			[['export', 'luigi', notebook], "unknown export target 'luigi'"],
			[['export', 'airflow'], "descent export: expected the notebook file (FILE.descent.json) after 'airflow'"],
			[['export', 'airflow', notebook, '--shards', '0'], "--shards: expected a whole number of shards, 1 to 4096, got '0'"],
			[['export', 'airflow', notebook, '--schedule', 'daily'], "--schedule expects a cron expression of 5 fields or a preset such as @daily, got 'daily'"],
			// Each field is checked here, not later in Airflow's import errors.
			[['export', 'airflow', notebook, '--schedule', '0 25 * * *'], "--schedule: '0 25 * * *' is not a cron schedule"],
			[['export', 'airflow', notebook, '--schedule', '* * * * * *'], "--schedule expects a cron expression of 5 fields or a preset such as @daily, got '* * * * * *' (6 fields)"],
			[['export', 'airflow', notebook, '--schedule', '@dayly'], "--schedule: '@dayly' is not a preset Airflow knows (@once, @continuous, @hourly, @daily"],
			[['export', 'dask', notebook, '--image', 'x'], '--image applies to airflow exports only'],
			[['export', 'airflow', notebook, '--colour', 'red'], "unknown argument '--colour'"],
			[['run-cell', notebook, '--cell', 'grid', '--artifacts', 'a', '--shard', '3/2'], '--shard: the shard index must be 1 to 2, got 3'],
			[['run-cell', notebook, '--cell', 'split', '--artifacts', 'a', '--merge', '2'], "--merge: cell 'split' is a split cell; only train-grid cells run as shards"],
			[['run-cell', notebook, '--cell', 'grid', '--artifacts', 'a', '--shard', '1/2', '--merge', '2'], '--shard and --merge exclude each other']
		];
		const results = await Promise.all(cases.map(([args]) => descent(args)));
		results.forEach((result, index) => {
			expect(result.code, cases[index]![0].join(' ')).toBe(2);
			expect(result.stderr).toContain(cases[index]![1]);
		});
	}, 120_000);
});
