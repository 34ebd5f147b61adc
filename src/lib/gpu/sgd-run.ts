/**
 * One GPU run of a set of configurations over the same rows (sgd-grid.ts splits a grid into such
 * runs when its weights would not fit one buffer). Per epoch: the configurations' records, the
 * training steps (sgd-feed.ts), then the objective pass (exact after a configuration's last
 * epoch, the running estimate before, as ml/sgd.ts reports it); the host reads back only what
 * the adaptive schedule needs (the epoch's sumloss) and, at the end, the models.
 *
 * Shuffles: the epoch orders come from `createEpochOrder` of ml/sgd.ts on the CPU (one stream per
 * distinct (seed, shuffle), shared by the configurations with that seed), so the GPU visits the
 * rows in exactly the CPU's order without porting the RNG to WGSL.
 */
import type { FeatureMatrix } from '../data/feature-matrix';
import { createEpochOrder } from '../ml/sgd';
import { SPARSE_INTERCEPT_DECAY } from '../ml/sgd-checks';
import { createLearningRate, invscalingRate, optimalRate, type LearningRate } from '../ml/schedules';
import { readBuffer, throwValidationError, uploadBuffer, type GpuContext } from './device';
import { encodeObjective, uploadObjectiveData } from './hinge-objective';
import { CSR_LANES, csrGroup } from './sgd-csr';
import { denseShape, MAX_DENSE_FEATURES, type SgdBuffers } from './sgd-dense';
import { denseFeed, streamFeed } from './sgd-feed';
import type { GridConfig, GridOptions } from './sgd-grid';
import { configBytes, initialStates, planColumns, STATE, STATE_WORDS, type KernelConfig } from './sgd-layout';
import { gridOutcome, type GridOutcome } from './sgd-outcome';
import { columnPath, planCuts, snapshotWords, startSnapshot } from './sgd-path';

/** Rows per dispatch unless told otherwise: short enough for an OS watchdog on a small GPU. */
const WINDOW_ROWS = 16384;

export async function runGridOnGpu(gpu: GpuContext, matrix: FeatureMatrix, y: Int8Array, configs: readonly GridConfig[], maxGroup: number, options: GridOptions): Promise<GridOutcome[]> {
	const { device } = gpu;
	const n = y.length;
	const d = matrix.featureCount;

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
	const adaptiveEtas: number[][] = configs.map(() => []);
	const epochsRun = new Array<number>(configs.length).fill(0);
	const stopped = new Array<boolean>(configs.length).fill(false);
	const maxEpochs = configs.reduce((most, config) => Math.max(most, config.epochs), 1);
	const maxBatch = configs.reduce((most, config) => Math.max(most, config.batchSize), 1);

	// The kernel: registers when the dense rows fit one binding and 8 weights a lane, else the CSR one.
	const chunkRows = Math.max(1, options.chunkRows ?? n);
	const inRegisters = matrix.format === 'dense' && d <= MAX_DENSE_FEATURES && n <= chunkRows && n * d * 4 <= device.limits.maxStorageBufferBindingSize;
	const sets = new Map<string, number>();
	configs.forEach((config, k) => sets.set(`${seedSlots[k]}/${config.batchSize}`, (sets.get(`${seedSlots[k]}/${config.batchSize}`) ?? 0) + 1));
	const largestSet = [...sets.values()].reduce((most, count) => Math.max(most, count), 1);
	const shape = inRegisters ? denseShape(d, largestSet) : null;
	const group = shape ? shape.group : Math.min(maxGroup, csrGroup(largestSet));
	const plan = planColumns(configs.map((config, k) => ({ seedSlot: seedSlots[k]!, batchSize: config.batchSize })), streams.length, group);
	const columns = plan.columns;
	const lanes = shape ? shape.lanes : CSR_LANES;
	if (options.pathEvery !== undefined) {
		if (!shape) throw new Error('paths are recorded on the GPU for dense rows of ≤ 512 features in one binding only');
		if (configs.some((config) => config.average)) throw new Error('paths of averaged SGD are not recorded on the GPU');
		if (configs.some((config) => config.batchSize !== maxBatch)) throw new Error('paths are recorded on the GPU for one batch size only');
	}
	const cuts = options.pathEvery !== undefined ? planCuts(n, maxBatch, options.pathEvery, maxEpochs) : null;
	if (cuts && cuts.tags.length * snapshotWords(columns, d) * 4 > device.limits.maxStorageBufferBindingSize) {
		throw new Error(`${cuts.tags.length} path points × ${columns} columns × ${d} features: more than one GPU storage binding holds`);
	}

	const created: GPUBuffer[] = [];
	const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
	const buffer = (size: number): GPUBuffer => {
		const made = device.createBuffer({ size: Math.max(16, Math.ceil(size / 4) * 4), usage });
		created.push(made);
		return made;
	};
	const averaging = configs.some((config) => config.average);
	const flagWords = Math.ceil(maxBatch / 32);
	device.pushErrorScope('validation');
	let scopeOpen = true;
	try {
		const states = uploadBuffer(device, initialStates(columns), usage);
		created.push(states);
		// The path snapshots: the start written here, the others by the dense kernel.
		const snapshots = cuts ? buffer(cuts.tags.length * snapshotWords(columns, d) * 4) : null;
		if (snapshots) device.queue.writeBuffer(snapshots, 0, startSnapshot(columns, d, options.initialWeights));
		let taken = 0;
		const buffers: SgdBuffers = {
			configs: buffer(columns * 64),
			states,
			weights: buffer(columns * d * 4),
			averageWeights: buffer(averaging ? columns * d * 4 : 16),
			flags: buffer(maxBatch > 32 ? columns * lanes * flagWords * 4 : 16),
			flagWords,
			snapshots: snapshots ?? buffer(16),
			columns,
			featureCount: d,
			rowCount: n
		};
		const data = uploadObjectiveData(device, matrix, y, chunkRows, created);
		const outputs = {
			partials: buffer(columns * data.blocks * 4),
			squares: buffer(columns * data.featureBlocks * 4),
			objectives: buffer(maxEpochs * columns * 4),
			status: buffer(maxEpochs * columns * 4)
		};
		if (options.initialWeights) {
			// Feature-major, every column (padding too) at the start.
			const start = new Float32Array(columns * d);
			for (let j = 0; j < d; j++) start.fill(options.initialWeights[j]!, j * columns, (j + 1) * columns);
			device.queue.writeBuffer(buffers.weights, 0, start);
		}
		const windowRows = Math.max(1, options.windowRows ?? WINDOW_ROWS);
		const first = data.chunks[0]!;
		const feed =
			shape && first.format === 'dense'
				? denseFeed(device, buffers, plan, shape, first.x, y, windowRows, created)
				: streamFeed(device, buffers, plan, matrix, y, windowRows, created);
		const interceptDecay = matrix.format === 'csr' ? SPARSE_INTERCEPT_DECAY : 1;

		for (let epoch = 1; epoch <= maxEpochs; epoch++) {
			const kernelConfigs = configs.map(
				(config, k): KernelConfig => ({
					...config,
					positiveWeight: config.positiveWeight ?? 1,
					negativeWeight: config.negativeWeight ?? 1,
					interceptDecay,
					seedSlot: seedSlots[k]!,
					active: epoch <= config.epochs && !stopped[k],
					exactObjective: epoch === config.epochs,
					adaptiveEta: rates[k]?.rate(0) ?? 0
				})
			);
			if (!kernelConfigs.some((config) => config.active)) break;
			kernelConfigs.forEach((config, k) => adaptiveEtas[k]!.push(config.adaptiveEta));
			device.queue.writeBuffer(buffers.configs, 0, configBytes(plan, kernelConfigs));
			const orders = streams.map((next) => next());
			// Snapshots are in the tag order: an epoch that runs writes all of its own.
			taken = cuts ? 1 + cuts.cuts.slice(0, epoch).reduce((sum, at) => sum + at.length, 0) : 0;
			feed.run(orders, plan.slotGroups.map((_, slot) => kernelConfigs.some((config) => config.active && config.seedSlot === slot)), epoch, cuts?.windows[epoch - 1]);
			kernelConfigs.forEach((config, k) => {
				if (config.active) epochsRun[k] = epoch;
			});

			if (rates.some((rate, k) => rate && kernelConfigs[k]!.active)) {
				// The adaptive schedule is told the epoch's sumloss (sklearn's rule); a stop makes this
				// epoch the last, whose objective is the exact one.
				const stateWords = new Uint32Array(await readBuffer(device, buffers.states, columns * STATE_WORDS * 4));
				const stateFloats = new Float32Array(stateWords.buffer);
				rates.forEach((rate, k) => {
					if (!rate || !kernelConfigs[k]!.active) return;
					const at = plan.columnOf[k]! * STATE_WORDS;
					const sumloss = stateFloats[at + STATE.lossPositive]! + stateFloats[at + STATE.lossNegative]!;
					if (stateWords[at + STATE.failed] !== 0 || !rate.endEpoch(sumloss, n)) {
						stopped[k] = true;
						kernelConfigs[k]!.exactObjective = true;
					}
				});
				device.queue.writeBuffer(buffers.configs, 0, configBytes(plan, kernelConfigs));
			}
			const exact = kernelConfigs.some((config) => config.active && config.exactObjective);
			const encoder = device.createCommandEncoder();
			encodeObjective(device, encoder, buffers, data, outputs, (epoch - 1) * columns, exact, created);
			device.queue.submit([encoder.finish()]);
			if (options.onEpoch) await device.queue.onSubmittedWorkDone();
			if (gpu.isLost()) throw new Error(`GPU device lost: ${await gpu.lost}`);
			options.onEpoch?.(epoch, maxEpochs);
		}

		// Read back: objectives and status of every epoch, the WeightVector states and vectors.
		const readback = {
			columns,
			featureCount: d,
			objectives: new Float32Array(await readBuffer(device, outputs.objectives, maxEpochs * columns * 4)),
			status: new Uint32Array(await readBuffer(device, outputs.status, maxEpochs * columns * 4)),
			states: await readBuffer(device, buffers.states, columns * STATE_WORDS * 4),
			v: new Float32Array(await readBuffer(device, buffers.weights, columns * d * 4)),
			aw: averaging ? new Float32Array(await readBuffer(device, buffers.averageWeights, columns * d * 4)) : null,
			snapshots: snapshots ? new Float32Array(await readBuffer(device, snapshots, taken * snapshotWords(columns, d) * 4)) : null
		};
		if (gpu.isLost()) throw new Error(`GPU device lost: ${await gpu.lost}`);
		scopeOpen = false;
		await throwValidationError(device, 'sgd');
		const stepsPerEpoch = (config: GridConfig) => Math.ceil(n / config.batchSize);
		return configs.map((config, k) => {
			const column = plan.columnOf[k]!;
			const outcome = gridOutcome(column, config.average, epochsRun[k]!, readback, (epoch) => {
				const t = epoch * stepsPerEpoch(config);
				if (config.schedule === 'optimal') return Math.fround(optimalRate(config.alpha, t));
				if (config.schedule === 'invscaling') return Math.fround(invscalingRate(config.eta0, config.powerT, t));
				if (config.schedule === 'adaptive') return Math.fround(adaptiveEtas[k]![epoch - 1] ?? config.eta0);
				return Math.fround(config.eta0);
			});
			if (!cuts || !readback.snapshots) return outcome;
			let failedAtEnd = 0;
			for (let epoch = 1; epoch <= epochsRun[k]! && failedAtEnd === 0; epoch++) if (readback.status[(epoch - 1) * columns + column] !== 0) failedAtEnd = epoch;
			return { ...outcome, path: columnPath(readback.snapshots, cuts.tags.slice(0, taken), columns, d, { column, epochs: epochsRun[k]!, failedAtEnd }) };
		});
	} finally {
		if (scopeOpen) await device.popErrorScope();
		// Destroy only once the queue is idle.
		await device.queue.onSubmittedWorkDone();
		for (const made of created) made.destroy();
	}
}
