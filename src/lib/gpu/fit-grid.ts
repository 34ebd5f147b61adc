/**
 * fitLinearModel (ml/train.ts) for a whole grid at once on the GPU, over dense or CSR (hashed
 * text) features: two classes → one binary problem, more → one-vs-rest, each problem one
 * `trainSgdGrid` pass over all configurations (K × classes binary problems in all). Class
 * weights are 1 (the grid has no class weights).
 *
 * A binary grid records each configuration's path for the loss-surface panel where the GPU can
 * (the dense register kernel, plain SGD, one batch size: gpu/sgd-path.ts), within the grid's
 * room (ml/path.ts); elsewhere each model says why it has none (LinearFit.pathNote).
 */
import type { TableMatrix } from '../data/table-matrix';
import type { SgdHyperparameters } from '../ml/model';
import type { LinearFit } from '../ml/train';
import { PATH_FLOATS, pathPlan, tooWideForPath } from '../ml/path';
import { finitePrefix } from '../ml/trajectory';
import type { GpuContext } from './device';
import { MAX_DENSE_FEATURES } from './sgd-dense';
import { trainSgdGrid, type GridOutcome } from './sgd-grid';

export type GridFitOutcome = { ok: true; fit: LinearFit } | { ok: false; error: string };

export async function fitGridOnGpu(
	gpu: GpuContext,
	{ matrix, features }: TableMatrix,
	labels: Int8Array,
	classes: string[],
	configurations: readonly SgdHyperparameters[],
	onProgress?: (fraction: number, label: string) => void,
	/** The floats each configuration's path may keep, and how many configurations the grid has. */
	pathRoom: { floats: number; configurations: number } = { floats: PATH_FLOATS, configurations: 1 }
): Promise<GridFitOutcome[]> {
	const d = matrix.featureCount;
	const problems = classes.length === 2 ? [1] : classes.map((_, k) => k);
	const paths = problems.length === 1 ? gpuPathPlan(gpu, matrix, labels.length, configurations, pathRoom) : null;
	let pathNote = paths && 'note' in paths ? paths.note : null;
	const pathOutcomes: (Float32Array | undefined)[] = configurations.map(() => undefined);
	const K = configurations.length;
	const coefs = configurations.map(() => new Float32Array(problems.length * d));
	const intercepts = configurations.map(() => new Float32Array(problems.length));
	const curves: number[][][] = configurations.map(() => []);
	const errors: (string | null)[] = configurations.map(() => null);
	for (const [row, positive] of problems.entries()) {
		const y = new Int8Array(labels.length);
		for (let i = 0; i < labels.length; i++) y[i] = labels[i] === positive ? 1 : -1;
		const against = problems.length > 1 ? ` (class ${row + 1}/${problems.length})` : '';
		const options = {
			onEpoch: (epoch: number, epochs: number) => onProgress?.((row * epochs + epoch) / (problems.length * epochs), `epoch ${epoch}/${epochs} × ${K} configurations${against}`)
		};
		let outcomes: GridOutcome[];
		if (paths && 'every' in paths) {
			try {
				outcomes = await trainSgdGrid(gpu, { matrix, y }, configurations, { ...options, pathEvery: paths.every });
			} catch (error) {
				// The snapshots of every configuration must fit one storage binding: train without them.
				const message = error instanceof Error ? error.message : String(error);
				if (!/path points/.test(message)) throw error;
				pathNote = `the GPU could not keep the paths (${message})`;
				outcomes = await trainSgdGrid(gpu, { matrix, y }, configurations, options);
			}
		} else {
			outcomes = await trainSgdGrid(gpu, { matrix, y }, configurations, options);
		}
		outcomes.forEach((outcome, k) => {
			if (outcome.path) pathOutcomes[k] = finitePrefix(outcome.path, d + 1);
			if (!outcome.ok) {
				errors[k] ??= problems.length > 1 ? `class '${classes[positive]}' vs rest: ${outcome.error}` : outcome.error;
				return;
			}
			coefs[k]!.set(outcome.fit.weights, row * d);
			intercepts[k]![row] = outcome.fit.bias;
			curves[k]!.push(outcome.fit.objectives);
		});
	}
	return configurations.map((hyperparameters, k): GridFitOutcome => {
		const error = errors[k];
		if (error) return { ok: false, error };
		const last = curves[k]!.map((curve) => curve[curve.length - 1]!);
		return {
			ok: true,
			fit: {
				classes: [...classes],
				features: [...features],
				coef: coefs[k]!,
				intercept: intercepts[k]!,
				objectiveCurves: curves[k]!,
				finalObjective: last.reduce((sum, value) => sum + value, 0) / last.length,
				hyperparameters: { ...hyperparameters },
				...(pathOutcomes[k] ? { path: pathOutcomes[k] } : pathNote && problems.length === 1 ? { pathNote } : {})
			}
		};
	});
}

/**
 * How a binary grid's paths are recorded on the GPU: every `every`-th step (the cadence of its
 * longest run, within the room of one path), or a note saying why they cannot be.
 */
export function gpuPathPlan(
	gpu: Pick<GpuContext, 'device'>,
	matrix: TableMatrix['matrix'],
	rows: number,
	configurations: readonly SgdHyperparameters[],
	room: { floats: number; configurations: number }
): { every: number } | { note: string } {
	const d = matrix.featureCount;
	const batch = configurations[0]?.batchSize ?? 1;
	const epochs = configurations.reduce((most, config) => Math.max(most, config.epochs), 1);
	// Too wide to keep a path anywhere: say that, not what the GPU lacks.
	const plan = pathPlan(d, Math.ceil(rows / batch) * epochs, room.floats);
	if (!plan) return { note: tooWideForPath(d, room.floats, room.configurations) };
	const where = 'paths are recorded on the GPU';
	if (matrix.format !== 'dense') return { note: `${where} for dense rows only, and this grid trained on sparse rows (CSR); set its device to CPU to record them` };
	if (d > MAX_DENSE_FEATURES) return { note: `${where} for at most ${MAX_DENSE_FEATURES} features, and this grid has ${d}; set its device to CPU to record them` };
	if (rows * d * 4 > gpu.device.limits.maxStorageBufferBindingSize) return { note: `${where} when the rows fit one GPU storage binding, and these do not; set the device to CPU to record them` };
	if (configurations.some((config) => config.average)) return { note: `${where} for plain SGD, and this grid averages; set its device to CPU to record them` };
	if (configurations.some((config) => config.batchSize !== batch)) return { note: `${where} for one batch size at a time, and this grid has several; set its device to CPU to record them` };
	return { every: plan.everySteps };
}
