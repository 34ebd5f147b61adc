/**
 * K binary linear SVMs trained at once on the GPU over the same data: the host side of
 * sgd_hinge.wgsl and hinge_objective.wgsl.
 *
 * Shuffles: the epoch orders come from `createEpochOrder` of sgd.ts on the CPU (one stream per
 * distinct (seed, shuffle) pair, shared by every configuration with that seed) and are uploaded
 * each epoch, N u32 per seed, the label packed in the top bit — so the GPU visits the rows in
 * exactly the CPU's order without porting the RNG to WGSL.
 * Schedules: constant, optimal and invscaling are computed per step in the kernel; the adaptive
 * one needs the objective after each epoch, so the host reads the K objectives back after each
 * epoch (only then) and runs sgd.ts's own `createLearningRate` state machine on them.
 * Chunking: data over `chunkRows` rows (by default what fits one storage binding) is bound in
 * chunks; the SGD pass then gathers each window of the epoch's order (plus the rows a batch
 * may reach past it) into one chunk per seed, and the objective pass walks the static chunks.
 */
import type { SgdHyperparameters } from '../ml/model';
import { createEpochOrder } from '../ml/sgd';
import { createLearningRate, validateScheduleParams, type LearningRate } from '../ml/schedules';
import { readBuffer, throwValidationError, uploadBuffer, type GpuContext } from './device';
import { blockRows, encodeObjectiveFinish, encodeObjectivePartial, type ObjectiveChunk } from './hinge-objective';
import { ALL_SLOTS, encodeSgdWindow, type SgdBuffers } from './sgd-hinge';
import { configBytes, initialStates, STATE_WORDS, type KernelConfig } from './sgd-layout';

export type GridConfig = Omit<SgdHyperparameters, 'classWeight'> & { positiveWeight?: number; negativeWeight?: number };

export interface GridData {
	/** Row-major n × featureCount. */
	x: Float32Array;
	/** ±1 per row. */
	y: Int8Array;
	featureCount: number;
}

export interface GridOptions {
	/** Rows per storage binding of x; smaller than n forces chunking (tests do). */
	chunkRows?: number;
	/** Rows of the epoch one dispatch walks (keeps each dispatch short for the OS watchdog). */
	windowRows?: number;
	/** After each epoch's work is done on the GPU. */
	onEpoch?: (epoch: number, epochs: number) => void;
}

export interface GridFit {
	weights: Float32Array;
	bias: number;
	objectives: number[];
}

/** One per configuration: the fit, or why it failed (a diverging rate fails alone). */
export type GridOutcome = { ok: true; fit: GridFit } | { ok: false; error: string };

export async function trainSgdGrid(gpu: GpuContext, data: GridData, configs: readonly GridConfig[], options: GridOptions = {}): Promise<GridOutcome[]> {
	const { device } = gpu;
	const { x, y, featureCount: d } = data;
	const n = y.length;
	const K = configs.length;
	validateGrid(data, configs);

	// Seed slots: one order stream per distinct (seed, shuffle).
	const slotOf = new Map<string, number>();
	const streams: (() => Uint32Array)[] = [];
	const seedSlots = configs.map((config) => {
		const key = `${config.seed}/${config.shuffle}`;
		let slot = slotOf.get(key);
		if (slot === undefined) {
			slot = streams.length;
			slotOf.set(key, slot);
			streams.push(createEpochOrder(n, config.seed, config.shuffle));
		}
		return slot;
	});
	const rates: (LearningRate | null)[] = configs.map((config) => (config.schedule === 'adaptive' ? createLearningRate(config) : null));
	const hasAdaptive = rates.some((rate) => rate !== null);
	const epochsRun = new Array<number>(K).fill(0);
	const stopped = new Array<boolean>(K).fill(false);
	const maxEpochs = Math.max(...configs.map((config) => config.epochs));
	const maxBatch = Math.max(...configs.map((config) => config.batchSize));

	// Buffers that live for the whole run.
	const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
	const created: GPUBuffer[] = [];
	const buffer = (size: number): GPUBuffer => {
		const made = device.createBuffer({ size: Math.max(16, Math.ceil(size / 4) * 4), usage: storage });
		created.push(made);
		return made;
	};
	const upload = (view: ArrayBufferView): GPUBuffer => {
		const made = uploadBuffer(device, view, storage);
		created.push(made);
		return made;
	};
	const flagWords = Math.ceil(maxBatch / 32);
	const sgd: SgdBuffers = {
		configs: buffer(K * 64),
		states: upload(initialStates(K)),
		weights: buffer(K * d * 4),
		averageWeights: buffer(K * d * 4),
		flagWords,
		violating: buffer(K * flagWords * 4)
	};
	const objectives = buffer(maxEpochs * K * 4);
	const models = { ...sgd, configCount: K, featureCount: d };

	// Data: whole, or static chunks of chunkRows rows (for the objective) plus window buffers.
	const maxBindingRows = Math.floor(device.limits.maxStorageBufferBindingSize / (4 * Math.max(d, 1)));
	const chunkRows = Math.max(1, Math.min(options.chunkRows ?? maxBindingRows, maxBindingRows));
	const chunked = n > chunkRows;
	const labels = Float32Array.from(y);
	const maxWorkgroups = device.limits.maxComputeWorkgroupsPerDimension;
	const chunks: ObjectiveChunk[] = [];
	let blocks = 0;
	for (let first = 0; first < n; first += chunkRows) {
		const rows = Math.min(chunkRows, n - first);
		const rowsPerBlock = blockRows(Math.min(chunkRows, n), maxWorkgroups);
		chunks.push({ x: upload(x.subarray(first * d, (first + rows) * d)), y: upload(labels.subarray(first, first + rows)), rows, firstBlock: blocks });
		blocks += Math.ceil(rows / rowsPerBlock);
	}
	const objectiveLayout = { blockRows: blockRows(Math.min(chunkRows, n), maxWorkgroups), blocks, n };
	const partials = buffer(K * blocks * 4);
	// A window's batches may reach maxBatch − 1 rows past its end: they must fit the binding too.
	const windowStarts = chunked ? chunkRows - (maxBatch - 1) : Math.max(1, options.windowRows ?? n);
	if (windowStarts < 1) throw new Error(`batch size ${maxBatch} does not fit a chunk of ${chunkRows} rows`);
	const index = buffer((chunked ? chunkRows : streams.length * n) * 4);
	const windowX = chunked ? buffer(chunkRows * d * 4) : chunks[0]!.x;

	device.pushErrorScope('validation');
	try {
		for (let epoch = 1; epoch <= maxEpochs; epoch++) {
			const kernelConfigs = configs.map((config, k): KernelConfig => ({
				...config,
				positiveWeight: config.positiveWeight ?? 1,
				negativeWeight: config.negativeWeight ?? 1,
				seedSlot: seedSlots[k]!,
				active: epoch <= config.epochs && !stopped[k],
				adaptiveEta: rates[k]?.rate(0) ?? 0
			}));
			if (!kernelConfigs.some((config) => config.active)) break;
			device.queue.writeBuffer(sgd.configs, 0, configBytes(kernelConfigs));
			const orders = streams.map((next) => next());

			if (!chunked) {
				const packed = new Uint32Array(orders.length * n);
				orders.forEach((order, slot) => {
					for (let p = 0; p < n; p++) packed[slot * n + p] = withLabel(order[p]!, order[p]!, y);
				});
				device.queue.writeBuffer(index, 0, packed);
				const encoder = device.createCommandEncoder();
				for (let first = 0; first < n; first += windowStarts) {
					const end = Math.min(n, first + windowStarts);
					encodeSgdWindow(device, encoder, sgd, { configCount: K, featureCount: d, rowCount: n, first, end, x: windowX, index, base: 0, stride: n, onlySlot: ALL_SLOTS });
				}
				device.queue.submit([encoder.finish()]);
			} else {
				orders.forEach((order, slot) => {
					if (!kernelConfigs.some((config) => config.active && config.seedSlot === slot)) return;
					for (let first = 0; first < n; first += windowStarts) {
						const end = Math.min(n, first + windowStarts);
						const reach = Math.min(n, end + maxBatch - 1);
						const gathered = new Float32Array((reach - first) * d);
						const local = new Uint32Array(reach - first);
						for (let p = first; p < reach; p++) {
							const row = order[p]!;
							gathered.set(x.subarray(row * d, (row + 1) * d), (p - first) * d);
							local[p - first] = withLabel(p - first, row, y);
						}
						device.queue.writeBuffer(windowX, 0, gathered);
						device.queue.writeBuffer(index, 0, local);
						const encoder = device.createCommandEncoder();
						encodeSgdWindow(device, encoder, sgd, { configCount: K, featureCount: d, rowCount: n, first, end, x: windowX, index, base: first, stride: 0, onlySlot: slot });
						device.queue.submit([encoder.finish()]);
					}
				});
			}

			const encoder = device.createCommandEncoder();
			for (const chunk of chunks) encodeObjectivePartial(device, encoder, models, chunk, objectiveLayout, partials);
			encodeObjectiveFinish(device, encoder, models, objectiveLayout, partials, objectives, (epoch - 1) * K);
			device.queue.submit([encoder.finish()]);
			kernelConfigs.forEach((config, k) => {
				if (config.active) epochsRun[k] = epoch;
			});

			if (hasAdaptive) {
				const values = new Float32Array(await readBuffer(device, objectives, K * 4, (epoch - 1) * K * 4));
				rates.forEach((rate, k) => {
					if (!rate || !kernelConfigs[k]!.active) return;
					const objective = values[k]!;
					if (!Number.isFinite(objective) || !rate.endEpoch(objective)) stopped[k] = true;
				});
			} else if (options.onEpoch) {
				await device.queue.onSubmittedWorkDone();
			}
			if (gpu.isLost()) throw new Error(`GPU device lost: ${await gpu.lost}`);
			options.onEpoch?.(epoch, maxEpochs);
		}

		// Read back: objectives of every epoch, the weights, the biases.
		const allObjectives = new Float32Array(await readBuffer(device, objectives, maxEpochs * K * 4));
		const weights = new Float32Array(await readBuffer(device, sgd.weights, K * d * 4));
		const averageWeights = new Float32Array(await readBuffer(device, sgd.averageWeights, K * d * 4));
		const states = await readBuffer(device, sgd.states, K * STATE_WORDS * 4);
		if (gpu.isLost()) throw new Error(`GPU device lost: ${await gpu.lost}`);
		await throwValidationError(device, 'sgd_hinge');
		const stateFloats = new Float32Array(states);
		return configs.map((config, k) => outcome(config, k, K, d, epochsRun[k]!, allObjectives, config.average ? averageWeights : weights, stateFloats));
	} finally {
		// Destroy only once the queue is idle.
		await device.queue.onSubmittedWorkDone();
		for (const made of created) made.destroy();
	}
}

/** Row index with the label in the top bit (set = −1). */
function withLabel(entry: number, row: number, y: Int8Array): number {
	return (y[row]! < 0 ? entry | 0x80000000 : entry) >>> 0;
}

function outcome(config: GridConfig, k: number, K: number, d: number, epochs: number, all: Float32Array, featureMajor: Float32Array, states: Float32Array): GridOutcome {
	const objectives: number[] = [];
	for (let epoch = 0; epoch < epochs; epoch++) {
		const objective = all[epoch * K + k]!;
		if (!Number.isFinite(objective)) {
			return { ok: false, error: `objective became ${objective} at epoch ${epoch + 1} (learning rate too large?)` };
		}
		objectives.push(objective);
	}
	const weights = new Float32Array(d);
	for (let j = 0; j < d; j++) weights[j] = featureMajor[j * K + k]!;
	const bias = states[k * STATE_WORDS + (config.average ? 2 : 1)]!;
	return { ok: true, fit: { weights, bias, objectives } };
}

function validateGrid(data: GridData, configs: readonly GridConfig[]): void {
	const n = data.y.length;
	if (configs.length === 0) throw new Error('no configuration to train');
	if (n === 0) throw new Error('no training rows');
	if (n >= 0x80000000) throw new Error(`${n} rows: at most 2^31 − 1 rows fit the GPU index`);
	if (data.x.length !== n * data.featureCount) throw new Error(`x has ${data.x.length} values, expected ${n} rows × ${data.featureCount} features`);
	for (let i = 0; i < n; i++) {
		if (data.y[i] !== 1 && data.y[i] !== -1) throw new Error(`label of row ${i} is ${data.y[i]}, expected +1 or −1`);
	}
	configs.forEach((config, k) => {
		const place = `configuration ${k + 1}`;
		if (!Number.isInteger(config.epochs) || config.epochs < 1) throw new Error(`${place}: epochs must be an integer ≥ 1, got ${config.epochs}`);
		if (!Number.isInteger(config.batchSize) || config.batchSize < 1) throw new Error(`${place}: batchSize must be an integer ≥ 1, got ${config.batchSize}`);
		try {
			validateScheduleParams(config);
		} catch (error) {
			throw new Error(`${place}: ${(error as Error).message}`);
		}
	});
}
