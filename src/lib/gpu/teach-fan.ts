/**
 * The teaching page's fan of plain-SGD paths trained together on the GPU: one grid of the fan's
 * rates (same rows, start, seed and batch), each path recorded at the cadence sgdTrajectory
 * uses, so a GPU path is the CPU's path to the grid's 1e-4 relative rule. Momentum and Nesterov
 * (ml/momentum.ts, teaching-only steps) have no kernel: those paths stay on the CPU.
 */
import { denseMatrix } from '../data/feature-matrix';
import { pathCadence } from '../ml/path';
import { teachSgdOptions, type TeachRows, type TeachRunOptions } from '../ml/teach-runs';
import { finitePrefix, TRAJECTORY_POINTS, type Trajectory } from '../ml/trajectory';
import type { GpuContext } from './device';
import { trainSgdGrid } from './sgd-grid';

/**
 * One path per rate from `start` (d weights, bias 0), as teachRuns gives for plain SGD. Throws
 * for the momentum optimizers, and as trainSgdGrid does (device loss, validation errors): the
 * caller falls back to the CPU.
 */
export async function teachRunsOnGpu(gpu: GpuContext, rows: TeachRows, start: Float32Array, rates: number[], options: TeachRunOptions): Promise<Trajectory[]> {
	if (options.optimizer !== 'sgd') throw new Error(`${options.optimizer} paths are trained on the CPU only`);
	const stepsPerEpoch = Math.ceil(rows.y.length / options.batchSize);
	const stepsPerPoint = pathCadence(stepsPerEpoch * options.epochs, TRAJECTORY_POINTS);
	const configs = rates.map((eta) => {
		const { initialWeights: _, ...config } = teachSgdOptions(options, eta, start);
		return config;
	});
	const outcomes = await trainSgdGrid(gpu, { matrix: denseMatrix(rows.x, rows.featureCount), y: rows.y }, configs, { initialWeights: start, pathEvery: stepsPerPoint });
	return outcomes.map((outcome) => ({
		path: finitePrefix(outcome.path!, rows.featureCount + 1),
		stepsPerPoint,
		stepsPerEpoch,
		objectives: outcome.ok ? outcome.fit.objectives : (outcome.objectives ?? []),
		diverged: outcome.ok ? null : outcome.error
	}));
}
