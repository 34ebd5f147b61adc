/**
 * One row of the tables: the same K configurations over the same rows in every column —
 * Descent's CPU on one thread and on all, the GPU (page or Dawn), TF.js (mini-batch grids) and
 * scikit-learn (plain SGD) — each with its time or cap, accuracies, updates/s and peak memory.
 */
import { epochOrders, gpuCannotTrain, type BenchConfig, type BenchData } from './adapter';
import { sharedData, type CpuColumn, type ThreadPool } from './cpu-node';
import { writeDataset, type DatasetMeta } from './dataset-files';
import type { GpuRunner } from './gpu-measure';
import { peakBytes, resetPeak } from './memory';
import { column, gridLabel, settle, type Caps, type Column, type RawColumn, type TrainRow } from './results';
import { runSklearn, type SklearnStatus } from './sklearn-peer';
import { accuracy, benchConfigs, benchData, type GridWorkload } from './workloads';

/** What every row needs: the threads, the GPU, the peer, the caps, where files go. */
export interface BenchContext {
	pool: ThreadPool;
	runner: GpuRunner | null;
	sklearn: SklearnStatus;
	caps: Caps;
	dataRoot: string;
	log: (line: string) => void;
}

/** A workload's rows (on SharedArrayBuffers, for the CPU threads) and their files. */
export interface Entry {
	meta: DatasetMeta;
	data: BenchData;
}

/** Writes `data` (made shared) and the epoch orders of `configs[0]` for the page and the peer. */
export function datasetEntry(context: BenchContext, id: string, data: BenchData, config: BenchConfig): Entry {
	const shared = sharedData(data);
	const orders = epochOrders(data.y.length, config.seed, config.shuffle, config.epochs);
	return { meta: writeDataset(context.dataRoot, id, shared, { epochs: config.epochs, values: orders }), data: shared };
}

/** The Gaussian rows of rows × features (benchData), written once per shape. */
export function denseEntry(context: BenchContext, cache: Map<string, Entry>, rows: number, features: number, epochs: number): Entry {
	const id = `dense-${rows}x${features}`;
	let entry = cache.get(id);
	if (!entry) cache.set(id, (entry = datasetEntry(context, id, benchData(rows, features), benchConfigs(1, epochs)[0]!)));
	return entry;
}

function withAccuracies(raw: CpuColumn, data: BenchData): RawColumn {
	return 'models' in raw ? { ms: raw.ms, accuracies: raw.models.map((model) => accuracy(data, model)) } : raw;
}

async function gpuColumn(context: BenchContext, entry: Entry, configs: BenchConfig[], updates: number): Promise<Column> {
	if (!context.runner) return column({ skipped: 'GPU unavailable' }, updates, 1);
	const unsupported = gpuCannotTrain(entry.data);
	if (unsupported) return column({ unsupported }, updates, 1);
	return column(await context.runner.grid(entry.meta, entry.data, configs, context.caps.gpu), updates, 1);
}

/** Descent's CPU columns: one thread, then every thread, each with the peak RSS of its step. */
async function cpuColumns(context: BenchContext, entry: Entry, configs: BenchConfig[], updates: number): Promise<{ cpu: Column; workers: Column }> {
	const { pool, caps } = context;
	resetPeak();
	const single = withAccuracies(await pool.time(entry.data, configs, caps.cpu, 1), entry.data);
	const cpu = column(single, updates, 1, { peakRssBytes: peakBytes() });
	resetPeak();
	const parallel = withAccuracies(await pool.time(entry.data, configs, caps.cpu), entry.data);
	const workers = column(parallel, updates, pool.size, { peakRssBytes: peakBytes() });
	return { cpu, workers };
}

/** scikit-learn's two columns: the replay of Descent's orders (stacked rows) and fit() with its own shuffle. */
function sklearnColumns(context: BenchContext, entry: Entry, configs: BenchConfig[], updates: number): { sklearn: Column; sklearnFit: Column } {
	if (!context.sklearn.available) return { sklearn: column({ skipped: 'not installed' }, updates, 1), sklearnFit: column({ skipped: 'not installed' }, updates, 1) };
	try {
		const answer = runSklearn(context.dataRoot, `${entry.meta.id}-k${configs.length}`, { fit: { dataset: entry.meta, epochs: configs[0]!.epochs, configs, limitMs: context.caps.sklearn } });
		const fit = answer.fit!;
		const memory = { peakRssBytes: answer.peak_rss_bytes, stackedBytes: fit.stacked_bytes };
		const sklearn = fit.fraction_done < 1 ? column({ cappedAtMs: fit.ms_total, fractionDone: fit.fraction_done }, updates, 1, memory) : column({ ms: fit.ms_total, accuracies: fit.accuracies }, updates, 1, memory);
		const own = fit.own_shuffle;
		const sklearnFit = own.fraction_done < 1 ? column({ cappedAtMs: own.ms_total, fractionDone: own.fraction_done }, updates, 1) : column({ ms: own.ms_total, accuracies: own.accuracies }, updates, 1);
		return { sklearn, sklearnFit };
	} catch (error) {
		const failed = column({ error: error instanceof Error ? error.message : String(error) }, updates, 1);
		return { sklearn: failed, sklearnFit: { ...failed } };
	}
}

const brief = (c: Column) => (c.status === 'ok' || c.status === 'capped' ? `${c.ms!.toFixed(0)} ms${c.status === 'capped' ? ' (capped)' : ''}` : `(${c.note ?? c.status})`);

/** One plain-SGD row (batch 1): Descent's CPU, workers and GPU against scikit-learn. */
export async function plainRow(context: BenchContext, label: string, entry: Entry, configs: BenchConfig[]): Promise<TrainRow> {
	const { meta } = entry;
	const updates = configs.length * meta.rows * configs[0]!.epochs;
	const gpu = await gpuColumn(context, entry, configs, updates);
	const { cpu, workers } = await cpuColumns(context, entry, configs, updates);
	const { sklearn, sklearnFit } = sklearnColumns(context, entry, configs, updates);
	const tfjs = column({ skipped: 'batch 1' }, updates, 1);
	const row = settle({ label, configurations: configs.length, rows: meta.rows, features: meta.features, storedPerRow: meta.stored / meta.rows, epochs: configs[0]!.epochs, batchSize: 1, columns: { cpu, workers, gpu, tfjs, sklearn, sklearnFit } });
	context.log(`${label} K=${row.configurations}: CPU ${brief(cpu)}, workers ${brief(workers)}, GPU ${brief(gpu)}, sklearn ${brief(sklearn)}, sklearn fit() ${brief(sklearnFit)}`);
	return row;
}

/** One mini-batch grid row: the GPU against Descent's CPU and TF.js (scikit-learn has no mini-batches). */
export async function gridRow(context: BenchContext, entry: Entry, workload: GridWorkload): Promise<TrainRow> {
	const { runner } = context;
	const configs = benchConfigs(workload.configurations, workload.epochs, workload.batchSize);
	const updates = workload.configurations * workload.rows * workload.epochs;
	const gpu = await gpuColumn(context, entry, configs, updates);
	const { cpu, workers } = await cpuColumns(context, entry, configs, updates);
	const tfjs = !runner ? column({ skipped: 'no GPU' }, updates, 1) : runner.tfjs.available ? column(await runner.tfjsGrid(entry.meta, entry.data, configs, context.caps.tfjs), updates, 1) : column({ skipped: runner.tfjs.reason }, updates, 1);
	const sklearn = column({ skipped: `batch ${workload.batchSize}: no mini-batch SGD in scikit-learn` }, updates, 1);
	const row = settle({ label: gridLabel(workload), configurations: workload.configurations, rows: workload.rows, features: workload.features, storedPerRow: workload.features, epochs: workload.epochs, batchSize: workload.batchSize, columns: { cpu, workers, gpu, tfjs, sklearn, sklearnFit: { ...sklearn } } });
	context.log(`grid K=${workload.configurations} N=${workload.rows} D=${workload.features}: GPU ${brief(gpu)}, CPU ${brief(cpu)}, workers ${brief(workers)}, TF.js ${brief(tfjs)}`);
	return row;
}
