/**
 * `npm run bench` (run.ts loads this after registering the `?raw` hooks). Flags:
 *   --node          the GPU part in Node on Dawn instead of headless Chromium (no TF.js column)
 *   --full          the issue's whole workload set (long on a software GPU)
 *   --documents=N   the generated corpus's size (default 2·10⁴; with --full 10⁵)
 *   --only=a,b      only these sections: grids, plain, text, surfaces
 *   --dawn=OPTION   passed to Dawn's create() with --node (e.g. backend=vulkan)
 * Descent's CPU columns (one thread; worker threads) and the vectorizer run in this Node
 * process, scikit-learn in /usr/bin/python3, the GPU part in the page or on Dawn. Writes
 * bench/results.json and prints the Markdown tables (report.ts).
 */
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { epochOrders, gpuCannotTrain, surfaceCpu, vectorizeSettings, vectorizeTexts, type BenchConfig, type BenchData } from './adapter';
import { sharedData, ThreadPool, type CpuColumn } from './cpu-node';
import { writeDataset, type DatasetMeta } from './dataset-files';
import { SURFACE_ALPHA, SURFACE_STRIDE, type GpuRunner } from './gpu-measure';
import { peakBytes, peakIsPerStep, resetPeak, residentBytes } from './memory';
import { markdown } from './report';
import { column, denseLabel, gridLabel, settle, type Column, type RawColumn, type Results, type SurfaceRow, type TrainRow, type VectorizeRow } from './results';
import { ensureSklearn, runSklearn } from './sklearn-peer';
import { DEFAULT_CORPUS, generateCorpus } from './text-corpus';
import { accuracy, benchConfigs, benchData, denseValues, fullWorkloads, quickWorkloads, type TextWorkload } from './workloads';
import { weightPlane2d } from '../src/lib/ml/loss-surface';

const args = process.argv.slice(2);
const option = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const full = args.includes('--full');
const nodeMode = args.includes('--node');
const documents = Number(option('documents') ?? (full ? 100_000 : 20_000));
const only = option('only')?.split(',');
const wants = (section: string) => !only || only.includes(section);
const caps = full ? { cpu: 600_000, gpu: 600_000, tfjs: 120_000 } : { cpu: 10_000, gpu: 20_000, tfjs: 5_000 };
const set = full ? fullWorkloads() : quickWorkloads(documents);
const log = (line: string) => console.error(line);
const benchDir = new URL('.', import.meta.url).pathname;
const dataRoot = mkdtempSync(join(tmpdir(), 'descent-bench-data-'));

const sklearn = ensureSklearn(log);
const pool = new ThreadPool(availableParallelism());
let runner: GpuRunner | null = null;
let gpuInfo: Results['gpu'];
try {
	runner = nodeMode ? await (await import('./gpu-node')).startNodeGpu(args.filter((arg) => arg.startsWith('--dawn=')).map((arg) => arg.slice(7)), log) : await (await import('./browser')).startBrowserGpu(dataRoot);
	gpuInfo = { where: runner.where, adapter: runner.adapter, software: runner.software };
	log(`GPU: ${runner.adapter}${runner.software ? ' (software)' : ''} in ${runner.where}`);
} catch (error) {
	gpuInfo = { error: error instanceof Error ? error.message : String(error) };
	log(`GPU unavailable: ${gpuInfo.error}`);
}
log(sklearn.available ? `scikit-learn ${sklearn.version}` : sklearn.reason);

/** A workload's rows (on SharedArrayBuffers, for the CPU threads) and their files. */
interface Entry {
	meta: DatasetMeta;
	data: BenchData;
}

const datasets = new Map<string, Entry>();
function denseDataset(rows: number, features: number, epochs: number) {
	const id = `dense-${rows}x${features}`;
	let entry = datasets.get(id);
	if (!entry) {
		const data = sharedData(benchData(rows, features));
		const config = benchConfigs(1, epochs)[0]!;
		entry = { meta: writeDataset(dataRoot, id, data, { epochs, values: epochOrders(rows, config.seed, config.shuffle, epochs) }), data };
		datasets.set(id, entry);
	}
	return entry;
}

function withAccuracies(raw: CpuColumn, data: BenchData): RawColumn {
	return 'models' in raw ? { ms: raw.ms, accuracies: raw.models.map((model) => accuracy(data, model)) } : raw;
}

async function gpuColumn(meta: DatasetMeta, data: BenchData, configs: BenchConfig[], updates: number): Promise<Column> {
	if (!runner) return column({ skipped: 'GPU unavailable' }, updates, 1);
	const unsupported = gpuCannotTrain(data);
	if (unsupported) return column({ unsupported }, updates, 1);
	return column(await runner.grid(meta, data, configs, caps.gpu), updates, 1);
}

/** Descent's CPU columns: one thread, then every thread, each with the peak RSS of its step. */
async function cpuColumns(entry: Entry, configs: BenchConfig[], updates: number): Promise<{ cpu: Column; workers: Column }> {
	resetPeak();
	const single = withAccuracies(await pool.time(entry.data, configs, caps.cpu, 1), entry.data);
	const cpu = column(single, updates, 1, { peakRssBytes: peakBytes() });
	resetPeak();
	const parallel = withAccuracies(await pool.time(entry.data, configs, caps.cpu), entry.data);
	const workers = column(parallel, updates, pool.size, { peakRssBytes: peakBytes() });
	return { cpu, workers };
}

function sklearnFit(name: string, meta: DatasetMeta, configs: BenchConfig[], updates: number): Column {
	if (!sklearn.available) return column({ skipped: 'not installed' }, updates, 1);
	try {
		const answer = runSklearn(dataRoot, name, { fit: { dataset: meta, epochs: configs[0]!.epochs, configs } });
		const fit = answer.fit!;
		const ms = fit.ms_per_config.reduce((sum, value) => sum + value, 0);
		return column({ ms, accuracies: fit.accuracies }, updates, 1, { peakRssBytes: answer.peak_rss_bytes });
	} catch (error) {
		return column({ error: error instanceof Error ? error.message : String(error) }, updates, 1);
	}
}

/** One plain-SGD row (batch 1): Descent's CPU, workers and GPU against scikit-learn. */
async function plainRow(label: string, entry: Entry, configs: BenchConfig[]): Promise<TrainRow> {
	const { meta } = entry;
	const updates = configs.length * meta.rows * configs[0]!.epochs;
	const gpu = await gpuColumn(meta, entry.data, configs, updates);
	const { cpu, workers } = await cpuColumns(entry, configs, updates);
	const sk = sklearnFit(`${meta.id}-k${configs.length}`, meta, configs, updates);
	const row = settle({ label, configurations: configs.length, rows: meta.rows, features: meta.features, storedPerRow: meta.stored / meta.rows, epochs: configs[0]!.epochs, batchSize: 1, columns: { cpu, workers, gpu, tfjs: column({ skipped: 'batch 1' }, updates, 1), sklearn: sk } });
	log(`${label} K=${row.configurations}: CPU ${cpu.ms?.toFixed(0)} ms (${cpu.status}), workers ${workers.ms?.toFixed(0)} ms, GPU ${gpu.status === 'ok' || gpu.status === 'capped' ? `${gpu.ms!.toFixed(0)} ms (${gpu.status})` : `(${gpu.note})`}, sklearn ${sk.ms?.toFixed(0)} ms (${sk.status})`);
	return row;
}

function writeTexts(name: string, texts: readonly string[]): string {
	const path = join(dataRoot, `${name}.txt`);
	const fd = openSync(path, 'w');
	// Batches of documents, so no string of the whole corpus is ever built. One per line.
	for (let first = 0; first < texts.length; first += 1000) {
		writeSync(fd, `${first > 0 ? '\n' : ''}${texts.slice(first, first + 1000).join('\n')}`);
	}
	closeSync(fd);
	return path;
}

function readReviews(): { texts: string[]; labels: Int8Array } {
	const parsed = Papa.parse<{ review: string; sentiment: string }>(readFileSync(new URL('../static/examples/reviews.csv', import.meta.url), 'utf8'), { header: true, skipEmptyLines: true });
	const rows = parsed.data;
	// Line breaks are not word characters: a space tokenizes the same, and keeps one document a line.
	return { texts: rows.map((row) => row.review.replace(/[\r\n]+/g, ' ')), labels: Int8Array.from(rows, (row) => (row.sentiment === 'positive' ? 1 : -1)) };
}

/** Vectorize on both sides, then every K of the workload; the peak RSS of the whole pipeline. */
async function textWorkload(workload: TextWorkload, vectorizeRows: VectorizeRow[], plainRows: TrainRow[], peaks: Results['textPeakRssBytes']): Promise<void> {
	const baselineBytes = residentBytes();
	let pipelinePeak = 0;
	const step = <T>(work: () => T): T => {
		resetPeak();
		const value = work();
		pipelinePeak = Math.max(pipelinePeak, peakBytes());
		return value;
	};
	const name = workload.corpus === 'generated' ? `corpus-${workload.documents}` : 'reviews';
	const source = step(() => (workload.corpus === 'generated' ? generateCorpus({ ...DEFAULT_CORPUS, documents: workload.documents }) : readReviews()));
	const { texts } = source;
	const textsPath = writeTexts(name, texts);
	const settings = vectorizeSettings(workload.buckets);
	let vectorizeMs = 0;
	const matrix = step(() => {
		const started = performance.now();
		const csr = vectorizeTexts(texts, settings);
		vectorizeMs = performance.now() - started;
		return csr;
	});
	const descentPeak = pipelinePeak;
	const nnz = matrix.indptr[matrix.rowCount]!;
	const sums = { indices: 0, values: 0, weighted: 0 };
	for (let k = 0; k < nnz; k++) {
		sums.indices += matrix.indices[k]!;
		sums.values += matrix.values[k]!;
		sums.weighted += matrix.values[k]! * matrix.indices[k]!;
	}
	let sk: Column = column({ skipped: 'not installed' }, 0, 1);
	let sameBuckets: boolean | null = null;
	if (sklearn.available) {
		try {
			const answer = runSklearn(dataRoot, `${name}-vectorize`, { vectorize: { texts: textsPath, settings } });
			const v = answer.vectorize!;
			sk = column({ ms: v.ms }, 0, 1, { peakRssBytes: answer.peak_rss_bytes });
			sameBuckets = v.rows === matrix.rowCount && v.nnz === nnz && v.indices_sum === sums.indices && v.values_sum === sums.values && v.weighted_sum === sums.weighted;
		} catch (error) {
			sk = column({ error: error instanceof Error ? error.message : String(error) }, 0, 1);
		}
	}
	const descent: Column = { status: 'ok', ms: vectorizeMs, counts: true, peakRssBytes: descentPeak };
	sk.counts = sk.status === 'ok' && sameBuckets === true;
	vectorizeRows.push({ corpus: name, documents: matrix.rowCount, tokens: sums.values, buckets: workload.buckets, nnz, descent, sklearn: sk, sameBuckets });
	log(`vectorize ${name}: Descent ${vectorizeMs.toFixed(0)} ms, HashingVectorizer ${sk.ms?.toFixed(0) ?? sk.note} ms, ${nnz} non-zeros, same buckets: ${sameBuckets}`);

	const data = sharedData({ matrix, y: source.labels });
	const first = benchConfigs(1, workload.epochs, 1)[0]!;
	const entry: Entry = { meta: writeDataset(dataRoot, name, data, { epochs: workload.epochs, values: epochOrders(matrix.rowCount, first.seed, first.shuffle, workload.epochs) }), data };
	for (const K of workload.fits) {
		const row = await plainRow(workload.corpus === 'generated' ? `text, ${workload.documents} docs` : 'reviews', entry, benchConfigs(K, workload.epochs, 1));
		pipelinePeak = Math.max(pipelinePeak, row.columns.cpu.peakRssBytes ?? 0, row.columns.workers.peakRssBytes ?? 0);
		plainRows.push(row);
	}
	peaks.push({ corpus: name, documents: matrix.rowCount, bytes: pipelinePeak, baselineBytes });
}

const results: Results = {
	date: new Date().toISOString(),
	workloadSet: full ? 'full' : 'quick',
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
	if (wants('grids')) {
		for (const workload of set.grids) {
			const entry = denseDataset(workload.rows, workload.features, workload.epochs);
			const configs = benchConfigs(workload.configurations, workload.epochs, workload.batchSize);
			const updates = workload.configurations * workload.rows * workload.epochs;
			const gpu = await gpuColumn(entry.meta, entry.data, configs, updates);
			const { cpu, workers } = await cpuColumns(entry, configs, updates);
			const tfjs = !runner ? column({ skipped: 'no GPU' }, updates, 1) : runner.tfjs.available ? column(await runner.tfjsGrid(entry.meta, entry.data, configs, caps.tfjs), updates, 1) : column({ skipped: runner.tfjs.reason }, updates, 1);
			const sk = column({ skipped: `batch ${workload.batchSize}: no mini-batch SGD in scikit-learn` }, updates, 1);
			const row = settle({ label: gridLabel(workload), configurations: workload.configurations, rows: workload.rows, features: workload.features, storedPerRow: workload.features, epochs: workload.epochs, batchSize: workload.batchSize, columns: { cpu, workers, gpu, tfjs, sklearn: sk } });
			log(`grid K=${workload.configurations} N=${workload.rows} D=${workload.features}: GPU ${gpu.ms?.toFixed(0)} ms (${gpu.status}), CPU ${cpu.ms?.toFixed(0)} ms, workers ${workers.ms?.toFixed(0)} ms, TF.js ${tfjs.ms?.toFixed(0) ?? tfjs.note} (${tfjs.status})`);
			results.grids.push(row);
		}
	}
	if (wants('plain')) {
		for (const workload of set.dense) {
			results.plain.push(await plainRow(denseLabel(workload), denseDataset(workload.rows, workload.features, workload.epochs), benchConfigs(workload.configurations, workload.epochs, 1)));
		}
	}
	datasets.clear();
	if (wants('text')) {
		for (const workload of set.text) await textWorkload(workload, results.vectorize, results.plain, results.textPeakRssBytes);
	}
	if (wants('surfaces') && runner) {
		for (const workload of set.surfaces) {
			const onGpu = await runner.surface(workload);
			const data = benchData(workload.rows, 2);
			const started = performance.now();
			const onCpu = surfaceCpu(denseValues(data), data.y, 2, SURFACE_ALPHA, weightPlane2d([-6, 6], workload.resolution));
			const cpuMs = performance.now() - started;
			let worst = 0;
			onGpu.sampled.forEach((value, index) => {
				const expected = onCpu[index * SURFACE_STRIDE]!;
				worst = Math.max(worst, Math.abs(value - expected) / Math.max(1, Math.abs(expected)));
			});
			const row: SurfaceRow = { ...workload, gpuMs: onGpu.ms, cpuMs, maxRelativeError: worst, equal: worst <= 1e-4, bufferBytes: onGpu.bufferBytes };
			log(`surface ${workload.resolution}² N=${workload.rows}: GPU ${onGpu.ms.toFixed(0)} ms, CPU ${cpuMs.toFixed(0)} ms`);
			results.surfaces.push(row);
		}
	}
	results.peakRssPerStep = peakIsPerStep();
	writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify(results, null, '\t')}\n`);
	console.log(markdown(results));
} finally {
	await pool.close();
	await runner?.close();
}
