/**
 * What the notebook's loss-surface picture shows, from trained models and their training data:
 * the plane (w1, w2) ∈ [-6, 6]² for two features, or for more a plane through the chosen model
 * along two directions (principal directions of its path, or random), and every model's path in
 * that plane's coordinates. Pure: the worker computes the surface, viz draws it.
 */
import type { Table } from '../data/table';
import { weightPlane2d, type SurfacePlane } from './loss-surface';
import { featureCount } from '../data/features';
import { tableToMatrix } from '../data/table-matrix';
import type { LinearModel } from './model';
import { pathLength } from './path';
import { principalDirections, projectOnPlane, randomDirections } from './plane-directions';
import { labelsForModel } from './predict';

export interface SceneModel {
	title: string;
	model: LinearModel;
}

export interface SurfaceScene {
	x: Float32Array;
	y: Int8Array;
	featureCount: number;
	alpha: number;
	plane: SurfacePlane;
	paths: { label: string; points: Float32Array }[];
	labels: { title: string; a: string; b: string; note: string };
}

export interface SceneOptions {
	resolution: number;
	directions: 'principal' | 'random';
	seed?: number;
}

/** `models` must share `train` (the same split); `chosen` indexes the model the plane goes through. */
export function surfaceScene(models: SceneModel[], chosen: number, train: Table, options: SceneOptions): SurfaceScene {
	const centre = models[chosen];
	if (!centre) throw new Error(`surface: no model at index ${chosen}`);
	const { model } = centre;
	if (model.intercept.length !== 1) throw new Error('surface: only binary models have a loss surface (this one is one-vs-rest)');
	const { matrix } = tableToMatrix(train, model.features);
	const d = matrix.featureCount;
	if (matrix.format !== 'dense') throw new Error('surface: the loss surface of hashed (sparse) features is not drawn yet');
	const labels = labelsForModel(model, train);
	const y = Int8Array.from(labels, (label) => (label === 1 ? 1 : -1));
	const bias = model.intercept[0]!;
	const alpha = model.hyperparameters.alpha;
	const withPaths = models.filter((item) => item.model.path && featureCount(item.model.features) === d);
	const biasNote = `bias fixed at ${bias.toPrecision(3)} (${centre.title}), α = ${alpha}`;

	if (d === 2) {
		const plane = weightPlane2d([-6, 6], options.resolution, bias);
		const paths = withPaths.map((item) => ({ label: item.title, points: coordinates(item.model.path!, d, (point) => [point[0]!, point[1]!]) }));
		return { x: matrix.values, y, featureCount: d, alpha, plane, paths, labels: { title: 'hinge objective over (w1, w2)', a: 'w1', b: 'w2', note: biasNote } };
	}

	const centrePath = model.path;
	const useRandom = options.directions === 'random' || !centrePath || pathLength(centrePath, d) < 3;
	const directions = useRandom ? randomDirections(d, options.seed ?? 1) : principalDirections(weightsOnly(centrePath, d), d, options.seed ?? 1);
	const center = model.coef.slice(0, d);
	const paths = withPaths.map((item) => ({
		label: item.title,
		points: coordinates(item.model.path!, d, (point) => projectOnPlane(point, center, directions.u, directions.v))
	}));
	// The plane spans the paths (and the chosen model at its centre), with a margin.
	let extent = 1;
	for (const path of paths) for (const value of path.points) if (Number.isFinite(value)) extent = Math.max(extent, Math.abs(value));
	const range: [number, number] = [-extent * 1.15, extent * 1.15];
	const share = (k: 0 | 1) => ` (${(directions.explained[k] * 100).toFixed(0)}% of the path's variance)`;
	return {
		x: matrix.values,
		y,
		featureCount: d,
		alpha,
		plane: { center, u: directions.u, v: directions.v, bias, aRange: range, bRange: range, resolution: options.resolution },
		paths,
		labels: {
			title: `hinge objective on a plane through ${centre.title}`,
			a: useRandom ? 'random direction 1' : `principal direction 1${share(0)}`,
			b: useRandom ? 'random direction 2' : `principal direction 2${share(1)}`,
			note: `${d} weights, the model at (0, 0); ${biasNote}`
		}
	};
}

function weightsOnly(path: Float32Array, d: number): Float32Array {
	const count = pathLength(path, d);
	const out = new Float32Array(count * d);
	for (let p = 0; p < count; p++) out.set(path.subarray(p * (d + 1), p * (d + 1) + d), p * d);
	return out;
}

function coordinates(path: Float32Array, d: number, project: (point: Float32Array) => [number, number]): Float32Array {
	const count = pathLength(path, d);
	const out = new Float32Array(count * 2);
	for (let p = 0; p < count; p++) out.set(project(path.subarray(p * (d + 1), p * (d + 1) + d)), 2 * p);
	return out;
}
