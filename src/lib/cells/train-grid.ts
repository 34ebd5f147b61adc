/**
 * "Train grid": one cell, many configurations (learning rates × alphas × schedules × epochs ×
 * seeds), trained at once on the GPU (WebGPU, inside the worker; dense or CSR rows) or, where
 * there is none or the device is lost, one after another on the CPU with the reference SGD —
 * saying so in the log.
 * The GPU modules are imported only when a GPU is used, so Node runs never load WGSL.
 */
import { formatCount } from '../data/format-count';
import { storedCount } from '../data/feature-matrix';
import { assertNoMissing } from '../data/missing';
import { tableToMatrix, type TableMatrix } from '../data/table-matrix';
import { denseRowsInKernel } from '../ml/dense-kernel';
import { modelMetrics } from '../ml/metrics';
import type { LinearModel } from '../ml/model';
import { gridPathFloats } from '../ml/path';
import { markReplayable } from '../ml/path-replay';
import { fitLinearModel, type LinearFit } from '../ml/train';
import { gridConfigurations, type GridConfiguration, type GridParams } from './grid-configurations';
import type { CellDefinition, ExecutionContext } from './types';
import type { CellValue, ModelGrid, Splits } from './values';

export const NO_WEBGPU_NOTICE = 'WebGPU is not available here: training on the CPU';

type Fitted = { title: string; fit: LinearFit } | { title: string; error: string };

export const trainGridCell: CellDefinition<GridParams, ModelGrid> = {
	kind: 'train-grid',
	label: 'Train grid',
	description: 'Many linear SVMs at once, one per combination of the listed hyperparameters, on your GPU (WebGPU) or else on the CPU.',
	fields: [
		{ key: 'learningRates', label: 'Learning rates η0', type: 'text-list', default: ['0.001', '0.01', '0.1'], help: 'Comma-separated; not used by the optimal schedule.' },
		{ key: 'alphas', help: 'L2 penalties to try, comma-separated; every combination with the other lists is one model.', label: 'α values (L2 penalty)', type: 'text-list', default: ['0.0001', '0.001'] },
		{ key: 'schedules', label: 'Schedules', type: 'text-list', default: ['constant', 'optimal'], help: 'constant, optimal, invscaling, adaptive' },
		{ key: 'epochs', help: 'Passes over the training rows for every configuration.', label: 'Epochs', type: 'text-list', default: ['10'] },
		{ key: 'seeds', help: 'Row-order seeds to try, comma-separated.', label: 'Shuffle seeds', type: 'text-list', default: ['0'] },
		{ key: 'powerT', help: 'The exponent of the invscaling schedule, for configurations that use it.', label: 'power_t (invscaling)', type: 'number', default: 0.5 },
		{ key: 'batchSize', label: 'Batch size', type: 'integer', default: 1, min: 1, help: '1 = plain SGD; larger batches average the gradient.' },
		{ key: 'average', help: 'Average the weights over the steps in every configuration (scikit-learn\'s average=True).', label: 'Averaged SGD', type: 'boolean', default: false },
		{ key: 'fitIntercept', help: 'Learn a bias term in every configuration.', label: 'Fit intercept', type: 'boolean', default: true },
		{
			key: 'device',
			help: 'Where the grid trains: the GPU when WebGPU has a hardware one (auto: a software renderer such as SwiftShader is slower than the CPU), always the GPU, or the CPU.',
			label: 'Device',
			type: 'choice',
			default: 'auto',
			options: [
				{ value: 'auto', label: 'auto (a hardware GPU when there is one)' },
				{ value: 'gpu', label: 'GPU (WebGPU)' },
				{ value: 'cpu', label: 'CPU' }
			]
		}
	],
	inputs: [{ name: 'data', label: 'Splits', accepts: ['splits'], multiple: false, partial: false, required: true }],
	output: 'model-grid',

	run(params, inputs, context) {
		return trainConfigurations(params, gridConfigurations(params), inputs, context);
	},

	summarize(grid) {
		const objectives = grid.models.map((model) => model.finalObjective);
		const accuracies = grid.models.map((model) => model.validationMetrics?.accuracy ?? model.trainMetrics.accuracy);
		return {
			configurations: grid.models.length,
			bestObjective: Math.min(...objectives),
			bestAccuracy: Math.max(...accuracies),
			device: grid.adapter ? `${grid.device.toUpperCase()} (${grid.adapter})` : grid.device.toUpperCase()
		};
	}
};

/**
 * Trains `configurations` (the whole grid, or one shard's slice of it: orchestrate/shard.ts) on
 * the GPU or the CPU as the cell's device param says; the models keep the configurations' order.
 */
export async function trainConfigurations(
	params: GridParams,
	configurations: GridConfiguration[],
	inputs: Record<string, CellValue[]>,
	context: ExecutionContext
): Promise<ModelGrid> {
	const splits = splitsInput(inputs);
	// Never train (or rank on validation) on a NaN: name the columns and point at the impute cell.
	assertNoMissing(splits.train, 'the train split');
	if (splits.validation) assertNoMissing(splits.validation, 'the validation split');
	const started = context.now();
	// Plain SGD on two classes trains dense rows in WebAssembly: build them in its memory, not copied there
	const inKernel = splits.train.classes.length === 2 && configurations.some((item) => item.hyperparameters.batchSize === 1);
	const trainMatrix = tableToMatrix(splits.train, undefined, inKernel ? denseRowsInKernel : undefined);
	const { matrix } = trainMatrix;
	requireTwoClasses(splits.train.labels, splits.train.classes);
	const stored = matrix.format === 'csr' ? ` (CSR, ${storedCount(matrix)} non-zeros)` : '';
	context.log(`${formatCount(configurations.length, 'configuration')} on ${formatCount(matrix.rowCount, 'row')} × ${formatCount(matrix.featureCount, 'feature')}${stored}, classes ${splits.train.classes.join(', ')}`);

	let grid: ModelGrid | null = null;
	// The paths share the room of the whole grid, also when this is one shard of it.
	const gridSize = Math.max(configurations.length, gridConfigurations(params).length);
	if (params.device !== 'cpu') grid = await runOnGpu(params.device, configurations, splits, trainMatrix, context, started, gridSize);
	grid ??= runOnCpu(configurations, splits, trainMatrix, context, started, gridSize);
	if (grid.models.length === 0) throw new Error('every configuration failed: see the log');
	const best = grid.models.reduce((a, b) => (b.finalObjective < a.finalObjective ? b : a));
	context.log(`best final objective ${best.finalObjective.toPrecision(6)}: ${best.origin.cellTitle}`);
	return grid;
}

async function runOnGpu(
	choice: 'auto' | 'gpu',
	configurations: GridConfiguration[],
	splits: Splits,
	matrix: TableMatrix,
	context: ExecutionContext,
	started: number,
	gridSize: number
): Promise<ModelGrid | null> {
	const { acquireGpu } = await import('../gpu/device');
	const gpu = await acquireGpu(context.gpu).catch(() => null);
	if (!gpu) {
		if (choice === 'gpu') throw new Error("WebGPU is not available here: set the cell's device to 'auto' or 'CPU'");
		context.log(NO_WEBGPU_NOTICE);
		return null;
	}
	if (choice === 'auto' && gpu.adapter.software) {
		// SwiftShader and the like run WebGPU on the CPU, many times slower than the CPU path itself.
		gpu.device.destroy();
		context.log(`WebGPU adapter: ${gpu.adapter.label}, a software renderer on the CPU: 'auto' trains on the CPU, which is faster here (choose 'GPU' to train on it anyway)`);
		return null;
	}
	context.log(`WebGPU adapter: ${gpu.adapter.label}${gpu.adapter.software ? ' (a software renderer on the CPU: expect slower than the CPU path)' : ''}`);
	try {
		const { fitGridOnGpu } = await import('../gpu/fit-grid');
		const { gridMetricsOnGpu } = await import('../gpu/grid-metrics');
		const outcomes = await fitGridOnGpu(
			gpu,
			matrix,
			splits.train.labels,
			splits.train.classes,
			configurations.map((item) => item.hyperparameters),
			(fraction, label) => context.progress(fraction, label),
			{ floats: gridPathFloats(gridSize), configurations: gridSize }
		);
		const fitted: Fitted[] = outcomes.map((outcome, k) => ({ title: configurations[k]!.title, ...(outcome.ok ? { fit: outcome.fit } : { error: outcome.error }) }));
		const trained = fitted.filter((item): item is { title: string; fit: LinearFit } => 'fit' in item);
		const fits = trained.map((item) => ({ ...item.fit, preprocessing: [...splits.preprocessing] }));
		const train = await gridMetricsOnGpu(gpu, fits, splits.train);
		const validation = splits.validation ? await gridMetricsOnGpu(gpu, fits, splits.validation) : null;
		const elapsed = context.now() - started;
		context.log(`trained ${configurations.length} configurations on the GPU in ${elapsed.toFixed(0)} ms`);
		logFailures(fitted, context);
		const models = trained.map((item, index): LinearModel => ({
			kind: 'model',
			...fits[index]!,
			trainMetrics: train[index]!,
			validationMetrics: validation?.[index] ?? null,
			origin: { cellId: context.cell.id, cellTitle: item.title, device: 'gpu' },
			trainingMs: elapsed / configurations.length
		}));
		return { kind: 'model-grid', models: markReplayablePaths(models, splits.train.rowCount), device: 'gpu', adapter: gpu.adapter.label };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		if (!gpu.isLost() && !/device lost/i.test(message)) throw error;
		context.log(`the GPU device was lost (${message}): training on the CPU`);
		return null;
	} finally {
		gpu.device.destroy();
	}
}

function runOnCpu(configurations: GridConfiguration[], splits: Splits, matrix: TableMatrix, context: ExecutionContext, started: number, gridSize: number): ModelGrid {
	const total = configurations.length;
	const pathRoom = { floats: gridPathFloats(gridSize), configurations: gridSize };
	const fitted: Fitted[] = [];
	const models: LinearModel[] = [];
	configurations.forEach(({ title, hyperparameters }, k) => {
		const configurationStarted = context.now();
		try {
			// Each binary configuration records its path for the loss-surface panel, within its share of
			// the grid's room (ml/path.ts): the same few hundred O(d) copies a train cell makes.
			const fit = fitLinearModel(
				matrix,
				splits.train.labels,
				splits.train.classes,
				hyperparameters,
				(report) => {
					context.progress((k + report.fraction) / total, `configuration ${k + 1}/${total}, epoch ${report.epoch}/${hyperparameters.epochs}`);
				},
				pathRoom
			);
			fitted.push({ title, fit });
			const partial = { ...fit, preprocessing: [...splits.preprocessing] };
			models.push({
				kind: 'model',
				...partial,
				trainMetrics: modelMetrics(partial, splits.train),
				validationMetrics: splits.validation ? modelMetrics(partial, splits.validation) : null,
				origin: { cellId: context.cell.id, cellTitle: title, device: 'cpu' },
				trainingMs: context.now() - configurationStarted
			});
		} catch (error) {
			fitted.push({ title, error: error instanceof Error ? error.message : String(error) });
		}
	});
	context.log(`trained ${total} configurations on the CPU in ${(context.now() - started).toFixed(0)} ms`);
	logFailures(fitted, context);
	return { kind: 'model-grid', models: markReplayablePaths(models, splits.train.rowCount), device: 'cpu', adapter: null };
}

/**
 * A grid may keep no paths: the GPU records them only for dense rows in its register kernel
 * (gpu/fit-grid.ts), and a wide grid's share of room holds fewer than three points each. The
 * configurations are not trained again here (that would cost a CPU fit each on every run, headless
 * ones too): each binary one that a train cell's room holds a path for is marked replayable, and
 * the loss-surface panel replays the best ones' paths when it shows them (ml/path-replay.ts); a
 * model too wide for any path says so instead.
 */
function markReplayablePaths(models: LinearModel[], rowCount: number): LinearModel[] {
	return models.map((model) => markReplayable(model, rowCount));
}

function logFailures(fitted: Fitted[], context: ExecutionContext): void {
	for (const item of fitted) if ('error' in item) context.log(`${item.title} failed: ${item.error}`);
}

function requireTwoClasses(labels: Int8Array, classes: string[]): void {
	const present = [...new Set(labels)].sort((a, b) => a - b).map((index) => classes[index] ?? String(index));
	if (present.length < 2) throw new Error(`the training rows hold only class '${present[0] ?? '(none)'}': need at least two classes`);
}

function splitsInput(inputs: Record<string, CellValue[]>): Splits {
	const value = inputs.data?.[0];
	if (!value) throw new Error("input 'data' is missing: connect a split cell");
	if (value.kind !== 'splits') throw new Error(`input 'data' is a ${value.kind}, expected splits`);
	return value;
}
