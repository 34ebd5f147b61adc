/**
 * fitLinearModel (ml/train.ts) for a whole grid at once on the GPU, over dense or CSR (hashed
 * text) features: two classes → one binary problem, more → one-vs-rest, each problem one
 * `trainSgdGrid` pass over all configurations (K × classes binary problems in all). Class
 * weights are 1 (the grid has no class weights).
 */
import type { TableMatrix } from '../data/table-matrix';
import type { SgdHyperparameters } from '../ml/model';
import type { LinearFit } from '../ml/train';
import type { GpuContext } from './device';
import { trainSgdGrid } from './sgd-grid';

export type GridFitOutcome = { ok: true; fit: LinearFit } | { ok: false; error: string };

export async function fitGridOnGpu(
	gpu: GpuContext,
	{ matrix, features }: TableMatrix,
	labels: Int8Array,
	classes: string[],
	configurations: readonly SgdHyperparameters[],
	onProgress?: (fraction: number, label: string) => void
): Promise<GridFitOutcome[]> {
	const d = matrix.featureCount;
	const problems = classes.length === 2 ? [1] : classes.map((_, k) => k);
	const K = configurations.length;
	const coefs = configurations.map(() => new Float32Array(problems.length * d));
	const intercepts = configurations.map(() => new Float32Array(problems.length));
	const curves: number[][][] = configurations.map(() => []);
	const errors: (string | null)[] = configurations.map(() => null);
	for (const [row, positive] of problems.entries()) {
		const y = new Int8Array(labels.length);
		for (let i = 0; i < labels.length; i++) y[i] = labels[i] === positive ? 1 : -1;
		const against = problems.length > 1 ? ` (class ${row + 1}/${problems.length})` : '';
		const outcomes = await trainSgdGrid(gpu, { matrix, y }, configurations, {
			onEpoch: (epoch, epochs) => onProgress?.((row * epochs + epoch) / (problems.length * epochs), `epoch ${epoch}/${epochs} × ${K} configurations${against}`)
		});
		outcomes.forEach((outcome, k) => {
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
				hyperparameters: { ...hyperparameters }
			}
		};
	});
}
