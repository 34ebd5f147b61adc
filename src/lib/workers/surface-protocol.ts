/**
 * The wire between the page and the loss-surface worker. The training rows travel once per
 * change of data (`load`, their buffers transferred), not with every request: a request names
 * a plane (the teaching page) or the models of a scene (the notebook's panel).
 */
import type { SurfacePlane } from '../ml/loss-surface';
import type { ReplayedPath, ReplayFit } from '../ml/path-replay';
import type { SceneFit, SceneModel, SceneOptions, SurfaceData, SurfaceScene } from '../ml/surface-scene';
import type { SurfaceContour } from '../viz/surface-contours';
import type { SurfaceHeatmap } from '../viz/surface-heatmap';

/** A surface over the loaded rows, on a plane the caller chose. */
export interface SurfaceRequest {
	alpha: number;
	plane: SurfacePlane;
}

/** The scene of `models` (which share the loaded rows) around `models[chosen]`, and its surface. */
export interface SceneRequest {
	models: SceneModel[];
	chosen: number;
	options: SceneOptions;
}

/**
 * A SceneRequest on the wire: each model by an id the page gave it, its weights and path (up to
 * 4 MiB) only the first time the worker sees it. The worker keeps the models of the latest
 * request and forgets the others.
 */
export interface SceneWireRequest {
	models: { title: string; id: number; fit?: SceneFit }[];
	chosen: number;
	options: SceneOptions;
}

export interface SurfaceResult {
	values: Float32Array;
	/** Its contour lines, computed here so the page only draws them. */
	contours: SurfaceContour[];
	/** Its colour range and heatmap pixels, computed here so the page only puts them on its canvas. */
	heatmap: SurfaceHeatmap;
	/** Where it was computed, to say so under the picture. */
	device: 'cpu' | 'gpu';
	/** Time in the worker, scene included, in milliseconds. */
	ms: number;
}

/** The scene without its rows (they stay in the worker), and the surface on its plane. */
export interface SceneResult {
	scene: Omit<SurfaceScene, 'data'>;
	surface: SurfaceResult;
}

export interface SurfaceWorkerApi {
	/** Replaces the rows later requests compute over (dense or CSR, ±1 labels). */
	load(data: SurfaceData): void;
	/** Rejects when no rows are loaded or the plane does not fit them. */
	compute(request: SurfaceRequest): Promise<SurfaceResult>;
	/** Rejects as surfaceScene does (no such model, one-vs-rest, features that differ), or for an id never sent. */
	scene(request: SceneWireRequest): Promise<SceneResult>;
	/**
	 * Trains each model again on the CPU over the loaded rows (which must be its training rows, in
	 * order) to record its path (ml/path-replay.ts); by index, a failure as its message.
	 */
	replayPaths(models: ReplayFit[]): Promise<(ReplayedPath | { error: string })[]>;
}
