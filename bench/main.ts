/**
 * `npm run bench` (run.ts loads this after registering the `?raw` hooks). Flags:
 *   --node          the GPU part in Node on Dawn instead of headless Chromium (no TF.js column)
 *   --full          the whole workload set (long on a software GPU)
 *   --targets       only the GPU targets: a K=1024 grid on 10⁵ × 32, K=256 on the
 *                   10⁵-document corpus (for a GPU server's short lease)
 *   --caps=cpu:S,gpu:S,tfjs:S,sklearn:S   time caps per column and workload, in seconds
 *   --no-install    do not apt-get install python3-sklearn when it is missing
 *   --documents=N   the generated corpus's size (default 2·10⁴; with --full 10⁵)
 *   --only=a,b      only these sections: grids, plain, text, surfaces, teach (the /teach frame
 *                   rate in Chromium, after a build of the app; not with --node or --targets)
 *   --dawn=OPTION   passed to Dawn's create() with --node (e.g. backend=vulkan)
 * Descent's CPU columns (one thread; worker threads) and the vectorizer run in this Node
 * process, scikit-learn in /usr/bin/python3, the GPU part in the page or on Dawn. Writes
 * bench/results.json and prints the Markdown tables (report.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { surfaceCpu } from './adapter';
import { ThreadPool } from './cpu-node';
import { SURFACE_ALPHA, SURFACE_STRIDE, type GpuRunner, type SurfaceGpu } from './gpu-measure';
import { peakIsPerStep } from './memory';
import { markdown } from './report';
import { denseLabel, type Caps, type Results, type SurfaceRow } from './results';
import { denseEntry, gridRow, plainRow, type BenchContext, type Entry } from './rows';
import { ensureSklearn } from './sklearn-peer';
import { teachFrameRates } from './teach-fps';
import { textWorkload } from './text-workload';
import { benchConfigs, benchData, denseValues, fullWorkloads, PLAIN_GRID, quickWorkloads, targetWorkloads, type SurfaceWorkload } from './workloads';
import { weightPlane2d } from '../src/lib/ml/loss-surface';

const args = process.argv.slice(2);
const option = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const full = args.includes('--full');
const nodeMode = args.includes('--node');
const documents = Number(option('documents') ?? (full ? 100_000 : 20_000));
const only = option('only')?.split(',');
const wants = (section: string) => !only || only.includes(section);
const targets = args.includes('--targets');
const caps: Caps = { ...(full ? { cpu: 600_000, gpu: 600_000, tfjs: 120_000, sklearn: 600_000 } : { cpu: 10_000, gpu: 20_000, tfjs: 5_000, sklearn: 60_000 }), ...parseCaps(option('caps')) };
const set = targets ? targetWorkloads() : full ? fullWorkloads() : quickWorkloads(documents);

/** `--caps=cpu:30,sklearn:120` (seconds) over the set's defaults. */
function parseCaps(text: string | undefined): Partial<Caps> {
	const parsed: Partial<Caps> = {};
	for (const item of text ? text.split(',') : []) {
		const [name, seconds] = item.split(':');
		if (!['cpu', 'gpu', 'tfjs', 'sklearn'].includes(name ?? '') || !(Number(seconds) > 0)) throw new Error(`--caps: '${item}' is not column:seconds (columns cpu, gpu, tfjs, sklearn)`);
		parsed[name as keyof Caps] = Number(seconds) * 1000;
	}
	return parsed;
}
const log = (line: string) => console.error(line);
const dataRoot = mkdtempSync(join(tmpdir(), 'descent-bench-data-'));

const sklearn = ensureSklearn(log, !args.includes('--no-install'));
log(sklearn.available ? `scikit-learn ${sklearn.version}` : sklearn.reason);
const pool = new ThreadPool(availableParallelism());
let runner: GpuRunner | null = null;
let gpuInfo: Results['gpu'];
try {
	const dawnOptions = args.filter((arg) => arg.startsWith('--dawn=')).map((arg) => arg.slice('--dawn='.length));
	runner = nodeMode ? await (await import('./gpu-node')).startNodeGpu(dawnOptions, log) : await (await import('./browser')).startBrowserGpu(dataRoot);
	gpuInfo = { where: runner.where, adapter: runner.adapter, software: runner.software };
	log(`GPU: ${runner.adapter}${runner.software ? ' (software)' : ''} in ${runner.where}`);
} catch (error) {
	gpuInfo = { error: error instanceof Error ? error.message : String(error) };
	log(`GPU unavailable: ${gpuInfo.error}`);
}
const context: BenchContext = { pool, runner, sklearn, caps, dataRoot, log };

/** The GPU surface against the CPU's on the same plane, compared at every SURFACE_STRIDE-th point. */
function surfaceRow(workload: SurfaceWorkload, onGpu: SurfaceGpu): SurfaceRow {
	const data = benchData(workload.rows, 2);
	const started = performance.now();
	const onCpu = surfaceCpu(denseValues(data), data.y, 2, SURFACE_ALPHA, weightPlane2d([-6, 6], workload.resolution));
	const cpuMs = performance.now() - started;
	let worst = 0;
	onGpu.sampled.forEach((value, index) => {
		const expected = onCpu[index * SURFACE_STRIDE]!;
		worst = Math.max(worst, Math.abs(value - expected) / Math.max(1, Math.abs(expected)));
	});
	log(`surface ${workload.resolution}² N=${workload.rows}: GPU ${onGpu.ms.toFixed(0)} ms, CPU ${cpuMs.toFixed(0)} ms`);
	return { ...workload, gpuMs: onGpu.ms, cpuMs, maxRelativeError: worst, equal: worst <= 1e-4, bufferBytes: onGpu.bufferBytes };
}

const results: Results = {
	date: new Date().toISOString(),
	workloadSet: targets ? 'targets' : full ? 'full' : 'quick',
	mode: nodeMode ? 'node' : 'browser',
	machine: { cpu: cpus()[0]?.model.trim() ?? 'unknown CPU', cores: availableParallelism(), node: process.versions.node, memoryBytes: totalmem() },
	gpu: gpuInfo,
	tfjs: runner ? (runner.tfjs.available ? runner.tfjs.version : runner.tfjs.reason) : 'TF.js: no GPU',
	sklearn,
	cpuWorkers: pool.size,
	capsMs: caps,
	peakRssPerStep: true,
	grids: [],
	plain: [],
	vectorize: [],
	textPeakRssBytes: [],
	surfaces: []
};

try {
	const dense = new Map<string, Entry>();
	if (wants('grids')) {
		for (const workload of set.grids) results.grids.push(await gridRow(context, denseEntry(context, dense, workload.rows, workload.features, workload.epochs), workload));
	}
	if (wants('plain')) {
		for (const workload of set.dense) {
			const entry = denseEntry(context, dense, workload.rows, workload.features, workload.epochs);
			results.plain.push(await plainRow(context, denseLabel(workload), entry, benchConfigs(workload.configurations, workload.epochs, 1, PLAIN_GRID)));
		}
	}
	dense.clear();
	if (wants('text')) for (const workload of set.text) await textWorkload(context, workload, results);
	if (wants('surfaces') && runner) for (const workload of set.surfaces) results.surfaces.push(surfaceRow(workload, await runner.surface(workload)));
	if (wants('teach') && !nodeMode && !targets) {
		log('teach: building the app for the frame-rate measure…');
		const build = spawnSync('npx', ['vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
		if (build.status === 0) results.teach = await teachFrameRates({ paths: 16 });
		else log('teach: the app did not build; no frame rates');
	}
	results.peakRssPerStep = peakIsPerStep();
	writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, '\t')}\n`);
	console.log(markdown(results));
} finally {
	await pool.close();
	await runner?.close();
	rmSync(dataRoot, { recursive: true, force: true });
}
