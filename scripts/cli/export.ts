/**
 * `descent export airflow|dask FILE`: the notebook as an Airflow 3 DAG file or a Dask script,
 * written to standard output (src/lib/orchestrate/airflow.ts, dask.ts).
 */
import { basename, join, resolve } from 'node:path';
import { cellRegistry } from '../../src/lib/cells/registry';
import { parseCron } from '../../src/lib/dag/triggers';
import { exportAirflow } from '../../src/lib/orchestrate/airflow';
import { exportDask } from '../../src/lib/orchestrate/dask';
import { parseShardCount } from '../../src/lib/orchestrate/shard';
import { fail, nonEmpty, parseFlags } from './args';
import { loadNotebook } from './bindings';

export const exportUsage = `usage: descent export airflow FILE.descent.json [--schedule CRON] [--artifacts PATH] [--image IMAGE] [--shards S] > dags/NAME.py
       descent export dask FILE.descent.json [--artifacts PATH] [--shards S] > run.py

Writes the notebook as an Airflow 3 DAG file or a Dask script: one task per cell, each running
descent run-cell against the artifact directory, with the cell's links and retries.
  --artifacts PATH   the artifact directory every worker mounts (default: ./descent-artifacts,
                     made absolute); Airflow runs write under PATH/<run_id>
  --schedule CRON    (airflow) a cron expression or preset such as @daily; default: run when triggered
  --image IMAGE      (airflow) run each task in a Kubernetes pod of this image (KubernetesPodOperator)
  --shards S         train-grid cells run as S shard tasks (slices of their configurations) and a merge
The notebook file travels by its absolute path, as the workers must see it (with --image: PATH/FILE,
so copy the notebook onto the artifact volume); the data files are bound when the DAG is triggered
(Airflow params) or the script runs (--data NAME=FILE), and so are the JSON model files of the
predict cells (Airflow params model_NAME; the script's --model NAME=FILE).`;

/** The presets Airflow 3 reads as a schedule (besides cron expressions). */
const AIRFLOW_PRESETS = ['@once', '@continuous', '@hourly', '@daily', '@weekly', '@monthly', '@quarterly', '@yearly'];

/**
 * A schedule Airflow will take: one of its presets, or a cron expression of 5 fields whose every
 * field parses (croner, as the workbench's triggers): refused here (exit 2), naming the field,
 * rather than in Airflow's DAG import errors once the file is deployed.
 */
function checkAirflowSchedule(schedule: string): void {
	const text = schedule.trim();
	if (text.startsWith('@')) {
		if (!AIRFLOW_PRESETS.includes(text)) fail(`--schedule: '${text}' is not a preset Airflow knows (${AIRFLOW_PRESETS.join(', ')})`);
		return;
	}
	const fields = text.split(/\s+/).length;
	if (fields !== 5) fail(`--schedule expects a cron expression of 5 fields or a preset such as @daily, got '${schedule}'${fields > 1 ? ` (${fields} fields)` : ''}`);
	const parsed = parseCron(text);
	if (!parsed.ok) fail(`--schedule: ${parsed.message}`);
}

export async function exportCommand(args: readonly string[]): Promise<number> {
	const [target, ...rest] = args;
	if (target !== 'airflow' && target !== 'dask') fail(target ? `unknown export target '${target}': expected airflow or dask` : 'expected the target, airflow or dask, then the notebook file');
	const flags = parseFlags(rest, { values: ['--schedule', '--artifacts', '--image', '--shards'] });
	const [file, ...extra] = flags.positional;
	if (!file) fail(`expected the notebook file (FILE.descent.json) after '${target}'`);
	if (extra.length > 0) fail(`unexpected argument '${extra[0]}'`);
	if (target === 'dask') {
		for (const flag of ['--schedule', '--image']) if (flags.values.has(flag)) fail(`${flag} applies to airflow exports only (Dask runs when the script runs, on its workers)`);
	}
	const schedule = nonEmpty('--schedule', flags.values.get('--schedule'), 'a cron expression such as "0 3 * * *" or a preset such as @daily');
	if (schedule !== undefined) checkAirflowSchedule(schedule);
	const image = nonEmpty('--image', flags.values.get('--image'), 'a container image with descent in it');
	const artifacts = resolve(nonEmpty('--artifacts', flags.values.get('--artifacts'), 'a folder') ?? 'descent-artifacts');
	const shardsText = flags.values.get('--shards');
	let shards = 1;
	if (shardsText !== undefined) {
		try {
			shards = parseShardCount(shardsText);
		} catch (error) {
			fail(`--shards: ${(error as Error).message}`);
		}
	}
	const notebook = loadNotebook(file);
	// A pod sees only its image and the artifact volume: there the notebook is expected on the volume.
	const notebookPath = image ? join(artifacts, basename(file)) : resolve(file);
	let text: string;
	try {
		text = target === 'airflow' ? exportAirflow(notebook, cellRegistry, { notebookPath, artifacts, schedule, image, shards }) : exportDask(notebook, cellRegistry, { notebookPath, artifacts, shards });
	} catch (error) {
		console.error(`descent export ${target}: ${(error as Error).message}`);
		return 1;
	}
	process.stdout.write(text);
	return 0;
}
