/**
 * The scikit-learn peer, Node's side: makes sure Debian's python3-sklearn is there (installing it
 * with apt-get when this runs as root), writes a job for bench/sklearn_peer.py, runs it on
 * /usr/bin/python3 single-threaded and reads its answer. The data travels as the binary files of
 * dataset-files.ts; the texts as one UTF-8 document per line.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchConfig, VectorizeSettings } from './adapter';
import type { DatasetMeta } from './dataset-files';

const PYTHON = '/usr/bin/python3';
const SCRIPT = new URL('./sklearn_peer.py', import.meta.url).pathname;

export type SklearnStatus = { available: true; version: string } | { available: false; reason: string };

export interface SklearnVectorize {
	ms: number;
	rows: number;
	nnz: number;
	indices_sum: number;
	values_sum: number;
	weighted_sum: number;
}

export interface SklearnFit {
	ms_total: number;
	/** 1 when every configuration ran; less when the cap stopped it (then no accuracies). */
	fraction_done: number;
	/** One per configuration trained. */
	ms_per_config: number[];
	/** Epochs stacked into one partial_fit call (see sklearn_peer.py). */
	epochs_per_call: number;
	/** Bytes of the stacked epoch-ordered copy (part of peak_rss_bytes). */
	stacked_bytes: number;
	accuracies: number[];
	/** The same configurations through fit(X, y) with scikit-learn's own shuffle (rows read at random places). */
	own_shuffle: { ms_total: number; fraction_done: number; accuracies: number[] };
}

export interface SklearnAnswer {
	sklearn: string;
	vectorize?: SklearnVectorize;
	fit?: SklearnFit;
	peak_rss_bytes: number;
}

function sklearnVersion(): string | null {
	const probe = spawnSync(PYTHON, ['-c', 'import sklearn, scipy; print(sklearn.__version__)'], { encoding: 'utf8' });
	return probe.status === 0 ? probe.stdout.trim() : null;
}

/**
 * scikit-learn's version, installing `python3-sklearn` first when it is missing, this process
 * is root and `mayInstall` is set (an offline GPU server passes --no-install rather than wait on
 * apt); otherwise why the column cannot run (the table then says "not installed").
 */
export function ensureSklearn(log: (line: string) => void, mayInstall = true): SklearnStatus {
	const found = sklearnVersion();
	if (found) return { available: true, version: found };
	if (!mayInstall) return { available: false, reason: `scikit-learn is not installed for ${PYTHON} (--no-install: not installing it)` };
	if (process.getuid?.() !== 0) {
		return { available: false, reason: `scikit-learn is not installed for ${PYTHON}; run \`sudo apt-get install -y python3-sklearn\` for the scikit-learn column` };
	}
	log('scikit-learn missing: apt-get install -y python3-sklearn');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	let install = spawnSync('apt-get', ['install', '-y', 'python3-sklearn'], { stdio: 'inherit', env });
	if (install.status !== 0) {
		spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
		install = spawnSync('apt-get', ['install', '-y', 'python3-sklearn'], { stdio: 'inherit', env });
	}
	const installed = sklearnVersion();
	return installed ? { available: true, version: installed } : { available: false, reason: `apt-get install python3-sklearn failed (exit ${install.status ?? install.error?.message})` };
}

/** SGDClassifier's arguments for one configuration (loss, shuffle and tol are the script's). */
export function sklearnArguments(config: BenchConfig): Record<string, unknown> {
	if (config.batchSize !== 1) throw new Error(`scikit-learn trains one row per step; batch size ${config.batchSize} has no peer`);
	if ((config.positiveWeight ?? 1) !== 1 || (config.negativeWeight ?? 1) !== 1) throw new Error('class weights are not passed to the scikit-learn peer');
	return { alpha: config.alpha, learning_rate: config.schedule, eta0: config.eta0, power_t: config.powerT, fit_intercept: config.fitIntercept, average: config.average };
}

export interface SklearnJob {
	vectorize?: { texts: string; settings: VectorizeSettings };
	/** limitMs: no configuration is started once the timed fits passed it (then fewer come back). */
	fit?: { dataset: DatasetMeta; epochs: number; configs: BenchConfig[]; limitMs: number };
}

/** Runs one job in a fresh Python process (so its peak RSS is this job's); throws with its stderr. */
export function runSklearn(workDir: string, name: string, job: SklearnJob): SklearnAnswer {
	const jobPath = join(workDir, `${name}.job.json`);
	const out = join(workDir, `${name}.answer.json`);
	const fit = job.fit ? { dataset: job.fit.dataset, epochs: job.fit.epochs, configs: job.fit.configs.map(sklearnArguments), limit_seconds: Number.isFinite(job.fit.limitMs) ? job.fit.limitMs / 1000 : null } : undefined;
	writeFileSync(jobPath, JSON.stringify({ vectorize: job.vectorize, fit, out }));
	const threads = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
	const run = spawnSync(PYTHON, [SCRIPT, jobPath], { encoding: 'utf8', env: { ...process.env, ...threads }, maxBuffer: 16 << 20 });
	if (run.status !== 0) throw new Error(`sklearn_peer.py ${name} failed (exit ${run.status}): ${(run.stderr || run.error?.message || '').trim().split('\n').slice(-3).join(' ')}`);
	return JSON.parse(readFileSync(out, 'utf8')) as SklearnAnswer;
}
