/**
 * The shape of bench/results.json and the rules that turn raw timings into its cells: a time
 * counts only when that column's train accuracies are within 0.5 point of the reference
 * (Descent's single-threaded CPU trainer, or scikit-learn where that trainer hit its cap), per
 * configuration; a capped column gives a bound instead of a time.
 */
import type { SklearnStatus } from './sklearn-peer';
import { maxGap, type DenseWorkload, type GridWorkload, type SurfaceWorkload } from './workloads';

export const AGREEMENT_POINTS = 0.5;

/** Per column and workload, in ms: Descent's CPU columns, the GPU, TF.js, scikit-learn. */
export interface Caps {
	cpu: number;
	gpu: number;
	tfjs: number;
	sklearn: number;
}

export interface Column {
	status: 'ok' | 'capped' | 'unsupported' | 'error' | 'not run';
	/** ok: the time; capped: the time when it stopped (the true time is more). */
	ms?: number;
	/** capped: the share of the work done by then (so ms / fractionDone projects the whole). */
	fractionDone?: number;
	/** unsupported / error / not run: why. */
	note?: string;
	bestAccuracy?: number;
	/** Largest per-configuration accuracy difference to the reference (points). */
	gapPoints?: number;
	/** ok and within AGREEMENT_POINTS of the reference (or the reference itself). */
	counts: boolean;
	/** Sample updates (K · N · epochs) per second per core used; GPU: per second. */
	updatesPerSecondPerCore?: number;
	/** Peak resident bytes of the process that ran it (Node for Descent, Python for sklearn). */
	peakRssBytes?: number;
	/** Peak live GPU storage-buffer bytes. */
	bufferBytes?: number;
	/** scikit-learn: bytes of its epoch-ordered copy of the rows, part of its peak RSS. */
	stackedBytes?: number;
	/** Only while building: the accuracies, dropped from results.json. */
	accuracies?: number[];
}

/** One row of training: K configurations over the same rows. */
export interface TrainRow {
	label: string;
	configurations: number;
	rows: number;
	features: number;
	/** Mean stored values per row (features for dense rows). */
	storedPerRow: number;
	epochs: number;
	batchSize: number;
	reference: 'descent-cpu' | 'sklearn' | null;
	/**
	 * sklearn: SGDClassifier replaying Descent's epoch orders over its rows stacked in visit order;
	 * sklearnFit: fit(X, y) with its own shuffle, as users call it (plain rows only).
	 */
	columns: Record<'cpu' | 'workers' | 'gpu' | 'tfjs' | 'sklearn' | 'sklearnFit', Column>;
}

export interface VectorizeRow {
	corpus: string;
	documents: number;
	tokens: number;
	buckets: number;
	nnz: number;
	descent: Column;
	sklearn: Column;
	/** Same nnz and the same sums of indices, values and values × indices as scikit-learn's. */
	sameBuckets: boolean | null;
}

export interface SurfaceRow extends SurfaceWorkload {
	gpuMs: number;
	cpuMs: number;
	maxRelativeError: number;
	equal: boolean;
	bufferBytes: number;
}

export interface Results {
	date: string;
	workloadSet: 'quick' | 'full' | 'targets';
	mode: 'browser' | 'node';
	machine: { cpu: string; cores: number; node: string; memoryBytes: number };
	gpu: { where: string; adapter: string; software: boolean } | { error: string };
	tfjs: string;
	sklearn: SklearnStatus;
	cpuWorkers: number;
	capsMs: Caps;
	/** False where peaks could not be reset per step (then each is the process's peak so far). */
	peakRssPerStep: boolean;
	grids: TrainRow[];
	plain: TrainRow[];
	vectorize: VectorizeRow[];
	/** Peak Node RSS of each text pipeline end to end (generate or read, vectorize, fits). */
	textPeakRssBytes: { corpus: string; documents: number; bytes: number }[];
	surfaces: SurfaceRow[];
	/** /teach's frame rate while paths play (bench/teach-fps.ts), by case; absent with --node or when not run. */
	teach?: Record<string, { fps: number; medianFrameMs: number; p95FrameMs: number; frames: number; longTasks: number; longestTaskMs: number }>;
}

/** What a column's runner answered (CPU models already turned into accuracies). */
export type RawColumn =
	| { ms: number; accuracies?: number[]; bufferBytes?: number }
	| { cappedAtMs: number; fractionDone: number; bufferBytes?: number }
	| { unsupported: string }
	| { error: string }
	| { skipped: string };

/** A Column from a raw result; `updates` = K · N · epochs, `cores` the cores it used. */
export function column(raw: RawColumn, updates: number, cores: number, extra: Partial<Column> = {}): Column {
	if ('skipped' in raw) return { status: 'not run', note: raw.skipped, counts: false, ...extra };
	if ('unsupported' in raw) return { status: 'unsupported', note: raw.unsupported, counts: false };
	if ('error' in raw) return { status: 'error', note: raw.error, counts: false, ...extra };
	const bufferBytes = 'bufferBytes' in raw ? raw.bufferBytes : undefined;
	if ('cappedAtMs' in raw) {
		return { status: 'capped', ms: raw.cappedAtMs, fractionDone: raw.fractionDone, counts: false, ...(bufferBytes !== undefined ? { bufferBytes } : {}), ...extra };
	}
	return { status: 'ok', ms: raw.ms, counts: false, accuracies: raw.accuracies, bestAccuracy: (raw.accuracies ?? []).reduce((best, value) => Math.max(best, value), -Infinity), updatesPerSecondPerCore: updates / (raw.ms / 1000) / cores, ...(bufferBytes !== undefined ? { bufferBytes } : {}), ...extra };
}

/**
 * Picks the reference (Descent's CPU, else scikit-learn), sets every column's gap and whether
 * its time counts, and drops the per-configuration accuracies.
 */
export function settle(row: Omit<TrainRow, 'reference'>): TrainRow {
	const { cpu, sklearn } = row.columns;
	const reference = cpu.status === 'ok' ? 'descent-cpu' : sklearn.status === 'ok' ? 'sklearn' : null;
	const referenceColumn = reference === 'descent-cpu' ? cpu : reference === 'sklearn' ? sklearn : null;
	for (const value of Object.values(row.columns)) {
		if (value === referenceColumn) value.counts = true;
		else if (value.status === 'ok' && value.accuracies && referenceColumn?.accuracies) {
			value.gapPoints = maxGap(value.accuracies, referenceColumn.accuracies);
			value.counts = value.gapPoints <= AGREEMENT_POINTS;
		}
	}
	for (const value of Object.values(row.columns)) delete value.accuracies;
	return { ...row, reference };
}

export function gridLabel(workload: GridWorkload): string {
	return `Gaussian ${workload.rows}×${workload.features}`;
}

export function denseLabel(workload: DenseWorkload): string {
	return `Gaussian ${workload.rows}×${workload.features}`;
}
