/// <reference lib="webworker" />
/**
 * Computes loss surfaces off the main thread, over the rows last loaded. Few dense weights (the
 * teaching picture): on the GPU when `navigator.gpu` gives a hardware adapter (lossSurfaceGpu,
 * shaders/loss_surface.wgsl, which reads dense rows). Otherwise — CSR (hashed text), many
 * weights, no GPU, or a GPU failure — on the CPU in the plane-projected form
 * (lossSurfaceProjected: three dot products per row over its non-zeros, then O(n) a grid
 * point), which agrees with the float32 reference to rounding. A scene's plane directions and
 * path coordinates are computed here too (O(points² · d)), and the contour lines: both too long
 * for the page's thread. So are the SGD paths a grid kept none of: replayed here on the CPU
 * (ml/path-replay.ts) when the panel first shows them.
 */
import * as Comlink from 'comlink';
import { validateCsr } from '../data/feature-matrix';
import { acquireGpu, type GpuContext } from '../gpu/device';
import { lossSurfaceGpu } from '../gpu/loss-surface';
import { lossSurfaceProjected } from '../ml/loss-surface-projected';
import { replayPath } from '../ml/path-replay';
import { surfaceScene, type SceneFit, type SurfaceData } from '../ml/surface-scene';
import { surfaceContours } from '../viz/surface-contours';
import { surfaceHeatmap } from '../viz/surface-heatmap';
import type { SceneResult, SurfaceRequest, SurfaceResult, SurfaceWorkerApi } from './surface-protocol';

/** Above this many weights the projected CPU form is the faster one. */
const GPU_MAX_FEATURES = 16;

let gpu: Promise<GpuContext | null> | null = null;
let loaded: SurfaceData | null = null;
/** The models of the latest scene request, by the page's id: each crosses the thread once. */
let fits = new Map<number, SceneFit>();

async function hardwareGpu(): Promise<GpuContext | null> {
	gpu ??= acquireGpu(typeof navigator !== 'undefined' ? navigator.gpu : null)
		.then((context) => (context && !context.adapter.software ? context : null))
		.catch(() => null);
	const context = await gpu;
	if (context?.isLost()) {
		gpu = null;
		return null;
	}
	return context;
}

function rows(): SurfaceData {
	if (!loaded) throw new Error('loss surface: no training rows loaded');
	return loaded;
}

async function surface(data: SurfaceData, { alpha, plane }: SurfaceRequest, started: number): Promise<SurfaceResult> {
	const { matrix, y } = data;
	const context = matrix.format === 'dense' && matrix.featureCount <= GPU_MAX_FEATURES ? await hardwareGpu() : null;
	if (context && matrix.format === 'dense') {
		try {
			const values = await lossSurfaceGpu(context, matrix.values, y, matrix.featureCount, alpha, plane);
			return { values, ...drawing(values, plane.resolution), device: 'gpu', ms: performance.now() - started };
		} catch {
			// A GPU failure (lost device, validation) falls back to the CPU: the picture still comes.
		}
	}
	const values = lossSurfaceProjected(matrix, y, alpha, plane);
	return { values, ...drawing(values, plane.resolution), device: 'cpu', ms: performance.now() - started };
}

/** What the page draws of a surface besides its values, made here: contour paths and heatmap pixels. */
function drawing(values: Float32Array, resolution: number): Pick<SurfaceResult, 'contours' | 'heatmap'> {
	return { contours: surfaceContours(values, resolution), heatmap: surfaceHeatmap(values, resolution) };
}

const api: SurfaceWorkerApi = {
	load(data) {
		// The page's own rows, but checked once here: a bad offset would read past a buffer later.
		const { matrix, y } = data;
		if (y.length !== matrix.rowCount) throw new Error(`loss surface: ${y.length} labels for ${matrix.rowCount} rows`);
		if (matrix.format === 'csr') validateCsr(matrix, 'loss surface rows');
		else if (matrix.values.length !== matrix.rowCount * matrix.featureCount) throw new Error('loss surface: dense rows of the wrong size');
		loaded = data;
	},
	async compute(request) {
		const result = await surface(rows(), request, performance.now());
		return Comlink.transfer(result, [result.values.buffer, result.heatmap.pixels.buffer] as ArrayBuffer[]);
	},
	async scene({ models, chosen, options }) {
		const started = performance.now();
		const kept = new Map<number, SceneFit>();
		const named = models.map(({ title, id, fit }) => {
			const model = fit ?? fits.get(id);
			if (!model) throw new Error(`loss surface: model ${id} ('${title}') was never sent`);
			kept.set(id, model);
			return { title, model };
		});
		fits = kept;
		const { data, ...scene } = surfaceScene(named, chosen, rows(), options);
		const result: SceneResult = { scene, surface: await surface(data, scene, started) };
		const buffers = [result.surface.values.buffer, result.surface.heatmap.pixels.buffer, ...scene.paths.map((path) => path.points.buffer)];
		return Comlink.transfer(result, buffers as ArrayBuffer[]);
	},
	async replayPaths(models) {
		const data = rows();
		const results = models.map((model) => {
			try {
				return replayPath(data, model);
			} catch (error) {
				return { error: error instanceof Error ? error.message : String(error) };
			}
		});
		const buffers = results.flatMap((result) => ('path' in result ? [result.path.buffer as ArrayBuffer] : []));
		return Comlink.transfer(results, buffers);
	}
};

Comlink.expose(api);
