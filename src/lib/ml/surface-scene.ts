/**
 * What the notebook's loss-surface picture shows, from trained models and their training data:
 * the plane (w1, w2) ∈ [-6, 6]² for two features (wider when a path goes further), or for more a plane through the chosen model
 * along two directions (principal directions of its path, or random), and every model's path in
 * that plane's coordinates. Pure: the surface worker builds the scene and computes the surface
 * (ml/loss-surface-projected.ts), viz draws it. The training rows stay dense or CSR as they are.
 */
import type { FeatureMatrix } from '../data/feature-matrix';
import { featureCount } from '../data/features';
import type { Table } from '../data/table';
import { tableToMatrix } from '../data/table-matrix';
import { weightPlane2d, type SurfacePlane } from './loss-surface';
import type { LinearModel, SgdHyperparameters } from './model';
import { pathLength } from './path';
import { principalDirections, projectOnPlane, randomDirections } from './plane-directions';
import { labelsForModel } from './predict';

/** The rows a surface is computed over. */
export interface SurfaceData {
	/** The training rows as the model reads them: dense, or CSR for hashed text (never densified). */
	matrix: FeatureMatrix;
	/** ±1 per row: +1 for the model's classes[1]. */
	y: Int8Array;
}

/** What a scene reads of a trained binary model; a LinearModel is one. */
export type SceneFit = Pick<LinearModel, 'coef' | 'intercept' | 'features' | 'path' | 'pathNote'> & {
	hyperparameters: Pick<SgdHyperparameters, 'alpha'>;
};

export interface SceneModel {
	title: string;
	model: SceneFit;
}

export interface SurfaceLabelsText {
	title: string;
	a: string;
	b: string;
	note: string;
}

export interface SurfaceScene {
	data: SurfaceData;
	alpha: number;
	plane: SurfacePlane;
	/** Each path as (a, b) pairs in the plane's coordinates, oldest first. */
	paths: { label: string; points: Float32Array }[];
	/** The index in `paths` of the chosen model's path, or -1 when it has none. */
	chosenPath: number;
	labels: SurfaceLabelsText;
	/** The directions the plane actually runs along (random when the chosen model has no path to take them from); null for two features. */
	directions: 'principal' | 'random' | null;
	/** Whether the chosen model's path can give principal directions (the menu offers them only then). */
	principalAvailable: boolean;
	/** What the picture lacks and why, in words shown next to it ("No SGD path was recorded for …"), or null. */
	note: string | null;
}

export interface SceneOptions {
	resolution: number;
	directions: 'principal' | 'random';
	seed?: number;
}

/**
 * The training split as `model` reads it: its feature columns in weight order (CSR as soon as
 * one is hashed text; a single hashed column is shared, not copied) and ±1 labels. Throws when
 * the split lacks a column the model reads or holds a class it never saw.
 */
export function surfaceData(model: Pick<LinearModel, 'features' | 'classes'>, train: Table): SurfaceData {
	const { matrix } = tableToMatrix(train, model.features);
	const labels = labelsForModel(model, train);
	return { matrix, y: Int8Array.from(labels, (label) => (label === 1 ? 1 : -1)) };
}

/** The largest |coordinate| of any finite point of the paths, at least `least`. */
function pathExtent(paths: readonly { points: Float32Array }[], least: number): number {
	let extent = least;
	for (const path of paths) for (const value of path.points) if (Number.isFinite(value)) extent = Math.max(extent, Math.abs(value));
	return extent;
}

/**
 * The scene of `models` (which must share `data`: the same split) around `models[chosen]`.
 * Principal directions cost O(points² · d) over the chosen path (points ≤ its recorded length),
 * projecting the paths O(points · d): never O(d²), never a pass over the rows.
 */
export function surfaceScene(models: SceneModel[], chosen: number, data: SurfaceData, options: SceneOptions): SurfaceScene {
	const centre = models[chosen];
	if (!centre) throw new Error(`surface: no model at index ${chosen}`);
	const { model } = centre;
	if (model.intercept.length !== 1) throw new Error('surface: only binary models have a loss surface (this one is one-vs-rest)');
	const d = data.matrix.featureCount;
	if (featureCount(model.features) !== d) throw new Error(`surface: the model reads ${featureCount(model.features)} features, its data has ${d}`);
	if (d < 2) throw new Error(`no loss surface: it is drawn over two weights, and this model has ${d === 1 ? 'one feature (w1)' : 'no feature'}; add a feature column to see one`);
	const bias = model.intercept[0]!;
	const missing = missingPath(model, d);
	const alpha = model.hyperparameters.alpha;
	const withPaths = models.filter((item) => item.model.path && featureCount(item.model.features) === d);
	// The others without a path, said after the chosen one's note (or alone): "62 of the 64 models…".
	const others = models.filter((item) => item !== centre && missingPath(item.model, d) !== null);
	// The same reason for all: said once, of them all ("for α=… or the other 8 models (…)").
	const shared = missing !== null && others.length > 0 && others.every((item) => missingPath(item.model, d) === missing);
	const subject = !shared
		? centre.title
		: others.length < models.length - 1
			? `${centre.title} or ${others.length} of the other ${models.length - 1} models`
			: `${centre.title} or the other ${others.length === 1 ? 'model' : `${others.length} models`}`;
	const othersNote = others.length === 0 || shared ? null : othersMissing(others, models.length, d);
	const alphaNote = otherAlphas(withPaths, alpha);
	const join = (first: string | null) => [first, othersNote, alphaNote].filter((part) => part !== null).join(' ') || null;
	const chosenPath = withPaths.indexOf(centre);
	// the chart's one-line note: short enough not to be cut at the chart's edge, so the model is
	// named only where the title does not name it (the (w1, w2) chart's)
	const biasNote = (named: boolean) => `bias fixed at ${bias.toPrecision(3)}${named ? '' : ` (${centre.title})`}, α = ${alpha}`;

	if (d === 2) {
		const paths = withPaths.map((item) => ({ label: item.title, points: coordinates(item.model.path!, d, (point) => [point[0]!, point[1]!]) }));
		// the (w1, w2) square [-6, 6]², widened to hold every path when one goes further
		const extent = Math.max(6, pathExtent(paths, 0) * 1.15);
		const plane = weightPlane2d([-extent, extent], options.resolution, bias);
		const note = join(missing ? `No SGD path was recorded for ${subject}: ${missing}.` : null);
		return { data, alpha, plane, paths, chosenPath, labels: { title: 'hinge objective over (w1, w2)', a: 'w1', b: 'w2', note: biasNote(false) }, directions: null, principalAvailable: false, note };
	}

	const centrePath = missing ? null : model.path!;
	const useRandom = options.directions === 'random' || !centrePath;
	const directions = useRandom || !centrePath ? randomDirections(d, options.seed ?? 1) : principalDirections(weightsOnly(centrePath, d), d, options.seed ?? 1);
	const note = join(
		missing
			? `No SGD path was recorded for ${subject}: ${missing}. The plane is along ${options.directions === 'random' ? 'the random directions chosen' : 'random directions instead of the principal directions of its path'}.`
			: null
	);
	const center = model.coef.slice(0, d);
	const paths = withPaths.map((item) => ({
		label: item.title,
		points: coordinates(item.model.path!, d, (point) => projectOnPlane(point, center, directions.u, directions.v))
	}));
	// The plane spans the paths (and the chosen model at its centre), with a margin.
	const extent = pathExtent(paths, 1);
	const range: [number, number] = [-extent * 1.15, extent * 1.15];
	const share = (k: 0 | 1) => ` (${(directions.explained[k] * 100).toFixed(0)}% of the path's variance)`;
	return {
		data,
		alpha,
		plane: { center, u: directions.u, v: directions.v, bias, aRange: range, bRange: range, resolution: options.resolution },
		paths,
		chosenPath,
		labels: {
			title: `hinge objective on a plane through ${centre.title}`,
			a: useRandom ? 'random direction 1' : `principal direction 1${share(0)}`,
			b: useRandom ? 'random direction 2' : `principal direction 2${share(1)}`,
			note: `${d.toLocaleString('en-US')} weights, the model at (0, 0); ${biasNote(true)}`
		},
		directions: useRandom ? 'random' : 'principal',
		principalAvailable: centrePath !== null,
		note
	};
}

/**
 * The sentence on the other models without a path: "η 0.1 has no recorded path: …", "7 of the 9
 * models have no recorded path: …" when they share the reason, else "…, e.g. η 0.1: …".
 */
function othersMissing(others: SceneModel[], total: number, d: number): string {
	const first = others[0]!;
	const reason = missingPath(first.model, d);
	if (others.length === 1) return `${first.title} has no recorded path: ${reason}.`;
	const same = others.every((item) => missingPath(item.model, d) === reason);
	return `${othersCount(others.length, total)}${same ? '' : `, e.g. ${first.title}`}: ${reason}.`;
}

/**
 * The surface's objective uses the chosen model's α; a path of a model trained with another α
 * descended another objective. Said when one is drawn: "Paths of models with α = 0.0001 (16 of
 * the 64 paths) are drawn over this surface, whose objective uses α = 0.00001: their own
 * objective differs.", or null.
 */
function otherAlphas(withPaths: readonly SceneModel[], alpha: number): string | null {
	const other = withPaths.filter((item) => item.model.hyperparameters.alpha !== alpha);
	if (other.length === 0) return null;
	const alphas = [...new Set(other.map((item) => item.model.hyperparameters.alpha))].sort((a, b) => a - b);
	const which = other.length === 1 ? `The path of ${other[0]!.title}, trained with α = ${alphas[0]}, is` : `Paths of models with α = ${orList(alphas.map(String))} (${other.length} of the ${withPaths.length} paths) are`;
	return `${which} drawn over this surface, whose objective uses α = ${alpha}: ${other.length === 1 ? 'its' : 'their'} own objective differs.`;
}

function orList(items: string[]): string {
	return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** "None of the other 63 models has a recorded path", "2 of the 5 models have no recorded path". */
function othersCount(missing: number, total: number): string {
	if (missing === total - 1 && missing > 1) return `None of the other ${missing} models has a recorded path`;
	return `${missing} of the ${total} models ${missing === 1 ? 'has' : 'have'} no recorded path`;
}

/**
 * Why `model` has no path that spans a plane (at least 3 finite points of d + 1 floats), in
 * words, or null when it has one. A binary model trained here carries its path or a pathNote;
 * one with neither came from a cache kept by a version that recorded no paths.
 */
export function missingPath(model: Pick<SceneFit, 'path' | 'pathNote'>, d: number): string | null {
	if (!model.path) return model.pathNote ?? 'these results were restored from a cache that kept no path; press Recompute on its cell to record one';
	const points = pathLength(model.path, d);
	if (!Number.isInteger(points)) return `its path holds ${model.path.length} numbers, not points of ${d + 1}`;
	if (points < 3) return `its path has ${points} point${points === 1 ? '' : 's'}, a plane needs 3`;
	return null;
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
