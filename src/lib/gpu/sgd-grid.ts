/**
 * K binary linear SVMs trained at once on the GPU over the same rows, dense or CSR, each exactly
 * as ml/sgd.ts's trainBinarySgd trains it (its head comment states the step), to 1e-4 relative,
 * and bit-identical from one run to the next on the same device.
 *
 * The kernels: sgd_dense.wgsl (weights in registers, rows staged in workgroup memory) for dense
 * rows of ≤ 512 features that fit one storage binding; sgd_csr.wgsl (weights in global memory,
 * a row's non-zeros split across 32 lanes) for everything else. A grid whose weights would not fit
 * one buffer (K × d × 4 bytes, e.g. many configurations over 2^20 buckets) runs in slices of
 * configurations, one after the other.
 */
import type { FeatureMatrix } from '../data/feature-matrix';
import type { SgdHyperparameters } from '../ml/model';
import { validateScheduleParams } from '../ml/schedules';
import { validateSgdOptions } from '../ml/sgd-checks';
import type { GpuContext } from './device';
import { CSR_MAX_GROUP } from './sgd-csr';
import { denseShape, MAX_DENSE_FEATURES } from './sgd-dense';
import type { GridOutcome } from './sgd-outcome';
import { runGridOnGpu } from './sgd-run';
import { dataRowPlace } from '../data/row-place';

export type { GridFit, GridOutcome } from './sgd-outcome';

export type GridConfig = Omit<SgdHyperparameters, 'classWeight'> & { positiveWeight?: number; negativeWeight?: number };

/** The rows and their ±1 labels; `{ x, featureCount }` is shorthand for a dense row-major matrix. */
export type GridData = { matrix: FeatureMatrix; y: Int8Array } | { x: Float32Array; y: Int8Array; featureCount: number };

export interface GridOptions {
	/** Rows per storage binding of the data; fewer than n forces chunking and gathered windows (tests do). */
	chunkRows?: number;
	/** Bytes of the largest weight buffer (default: the device's limit); less forces slices of configurations (tests do). */
	weightBytes?: number;
	/** Positions of the epoch one dispatch walks (keeps each dispatch short for the OS watchdog). */
	windowRows?: number;
	/** After each epoch's work is done on the GPU. */
	onEpoch?: (epoch: number, epochs: number) => void;
	/** The start point of every configuration, d weights (default zeros; the bias starts at 0), as SgdOptions.initialWeights. */
	initialWeights?: Float32Array;
	/**
	 * Record each configuration's path in GridOutcome.path: the start, every `pathEvery`-th step
	 * and the last, as SgdOptions.onStep with onStepEvery = pathEvery (sgd-path.ts). Needs dense
	 * rows in the register kernel (≤ 512 features, one binding), one batch size and no averaging;
	 * throws otherwise.
	 */
	pathEvery?: number;
}

export async function trainSgdGrid(gpu: GpuContext, data: GridData, configs: readonly GridConfig[], options: GridOptions = {}): Promise<GridOutcome[]> {
	const matrix: FeatureMatrix = 'matrix' in data ? data.matrix : { format: 'dense', rowCount: data.y.length, featureCount: data.featureCount, values: data.x };
	const { y } = data;
	validateGrid(matrix, y, configs);
	if (options.initialWeights && options.initialWeights.length !== matrix.featureCount) {
		throw new Error(`initialWeights has ${options.initialWeights.length} weights, expected ${matrix.featureCount}`);
	}
	const { device } = gpu;
	const d = matrix.featureCount;
	const n = y.length;
	const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize, options.weightBytes ?? Infinity);
	const maxColumns = Math.floor(limit / (4 * d));
	if (maxColumns < 1) throw new Error(`${d} features: one model's weights are more than the GPU's largest buffer holds`);
	const registers = matrix.format === 'dense' && d <= MAX_DENSE_FEATURES && n <= (options.chunkRows ?? n);
	let maxGroup = 1;
	while (maxGroup * 2 <= Math.min(CSR_MAX_GROUP, maxColumns)) maxGroup *= 2;
	const slices = configSlices(configs, registers ? denseShape(d, configs.length).group : maxGroup, maxColumns);
	const outcomes = new Array<GridOutcome>(configs.length);
	const maxEpochs = configs.reduce((most, config) => Math.max(most, config.epochs), 1);
	for (const [index, slice] of slices.entries()) {
		const part = await runGridOnGpu(gpu, matrix, y, slice.map((k) => configs[k]!), maxGroup, {
			...options,
			onEpoch: options.onEpoch && ((epoch) => options.onEpoch!(index * maxEpochs + epoch, slices.length * maxEpochs))
		});
		slice.forEach((k, at) => (outcomes[k] = part[at]!));
	}
	return outcomes;
}

/**
 * Consecutive runs of configurations whose columns (each (seed, shuffle, batch) set padded to
 * whole groups) fit `maxColumns`.
 */
function configSlices(configs: readonly GridConfig[], group: number, maxColumns: number): number[][] {
	const slices: number[][] = [];
	let current: number[] = [];
	let sets = new Map<string, number>();
	let columns = 0;
	configs.forEach((config, k) => {
		const key = `${config.seed}/${config.shuffle}/${config.batchSize}`;
		// A configuration opens a new group of columns when its set's groups are full.
		if ((sets.get(key) ?? 0) % group === 0 && columns + group > maxColumns && current.length > 0) {
			slices.push(current);
			current = [];
			sets = new Map();
			columns = 0;
		}
		const count = sets.get(key) ?? 0;
		if (count % group === 0) columns += group;
		sets.set(key, count + 1);
		current.push(k);
	});
	slices.push(current);
	return slices;
}

function validateGrid(matrix: FeatureMatrix, y: Int8Array, configs: readonly GridConfig[]): void {
	const n = y.length;
	if (configs.length === 0) throw new Error('no configuration to train');
	if (n === 0) throw new Error('no training rows');
	if (n >= 0x80000000) throw new Error(`${n} rows: at most 2^31 − 1 rows fit the GPU index`);
	if (matrix.rowCount !== n) throw new Error(`${matrix.rowCount} rows of features for ${n} labels`);
	if (matrix.featureCount < 1) throw new Error('no features to train on');
	if (matrix.format === 'dense' && matrix.values.length !== n * matrix.featureCount) {
		throw new Error(`x has ${matrix.values.length} values, expected ${n} rows × ${matrix.featureCount} features`);
	}
	for (let i = 0; i < n; i++) {
		if (y[i] !== 1 && y[i] !== -1) throw new Error(`the label of training ${dataRowPlace(i + 1)} is ${y[i]}, expected +1 or −1`);
	}
	configs.forEach((config, k) => {
		try {
			validateSgdOptions(config);
			validateScheduleParams(config);
		} catch (error) {
			throw new Error(`configuration ${k + 1}: ${(error as Error).message}`);
		}
	});
}
