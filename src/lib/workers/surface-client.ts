/**
 * The page's handle on the loss-surface worker: one worker, started on first use. The training
 * rows go over once per change of data (compared by identity: keep the same SurfaceData object
 * while the rows are the same), as copies whose buffers are transferred, so the caller keeps its
 * own (a hashed column's CSR is shared with its table) and the page pays one memcpy, not a
 * structured clone per request; a model's weights and path go once too (by identity), however
 * many scenes show it. A request made while another is in flight supersedes it: the
 * older result is dropped (by version), so dragging a slider never shows a surface of a setting
 * already left behind. Before a scene, the worker replays the paths of the best configurations
 * of its grids that kept none (path-replays.ts), once per model object for the page's lifetime.
 */
import type * as Comlink from 'comlink';
import { transfer } from 'comlink';
import type { FeatureMatrix } from '../data/feature-matrix';
import type { LinearModel } from '../ml/model';
import type { SceneFit, SurfaceData } from '../ml/surface-scene';
import { LazyWorker } from './lazy-worker';
import { PathReplays } from './path-replays';
import type { SceneRequest, SceneResult, SceneWireRequest, SurfaceRequest, SurfaceResult, SurfaceWorkerApi } from './surface-protocol';

/** The paths replayed, by model object: shared by every client, so a panel opened again replays nothing. */
const replays = new PathReplays();

/** A scene request of the notebook's models: their grids' replays are chosen from what they are. */
export type ModelSceneRequest = Omit<SceneRequest, 'models'> & { models: { title: string; model: LinearModel }[] };

export class SurfaceClient {
	#worker = new LazyWorker<SurfaceWorkerApi>(() => new Worker(new URL('./surface.worker.ts', import.meta.url), { type: 'module' }));
	#version = 0;
	#busy: Promise<void> | null = null;
	/** The rows the worker holds, as the caller passed them. */
	#loaded: SurfaceData | null = null;
	/** An id per model object the page showed, and the ids the worker holds (those of the last scene). */
	#ids = new WeakMap<SceneFit, number>();
	#nextId = 1;
	#workerHas = new Set<number>();

	/** The surface over `data` on the caller's plane; null when a newer request replaced this one. */
	compute(data: SurfaceData, request: SurfaceRequest): Promise<SurfaceResult | null> {
		return this.#run(data, (api) => api.compute(request));
	}

	/**
	 * How many paths a scene of `request` replays first (the panel says so while it waits), over
	 * rows that are the models' training rows in their order (surfaceData of the split they trained on).
	 */
	replaysBefore(request: ModelSceneRequest): number {
		return replays.pending(modelsOf(request), request.models[request.chosen]!.model).length;
	}

	/** A scene of models trained on `data` and its surface, after the paths it replays; null when superseded. */
	scene(data: SurfaceData, request: ModelSceneRequest): Promise<SceneResult | null> {
		return this.#run(data, async (api) => {
			const models = modelsOf(request);
			const pending = replays.pending(models, request.models[request.chosen]!.model);
			if (pending.length > 0) {
				const results = await api.replayPaths(pending.map(({ coef, intercept, hyperparameters }) => ({ coef, intercept, hyperparameters })));
				replays.record(models, pending, results);
			}
			const wire = this.#wire(request);
			try {
				const result = await api.scene(transfer(wire, buffersOf(wire)));
				// The worker keeps exactly the models of its latest request.
				this.#workerHas = new Set(wire.models.map((model) => model.id));
				return result;
			} catch (error) {
				// Unknown what the worker kept: send every model again next time.
				this.#workerHas = new Set();
				throw error;
			}
		});
	}

	/** Each model by id, with its fit (weights, bias, α, path: not its metrics) only when new to the worker. */
	#wire({ models, chosen, options }: ModelSceneRequest): SceneWireRequest {
		const wire = models.map(({ title, model }) => {
			let id = this.#ids.get(model);
			if (id === undefined) this.#ids.set(model, (id = this.#nextId++));
			if (this.#workerHas.has(id)) return { title, id };
			// Copies, handed over: a grid's weights and paths (up to 8 MiB) cost one memcpy, not a structured clone.
			const { coef, intercept, features, hyperparameters } = model;
			// A replayed path (or the note saying whose were) once its grid's replay is done.
			const { path, pathNote } = replays.shown(model);
			const fit: SceneFit = { coef: coef.slice(), intercept, features, hyperparameters: { alpha: hyperparameters.alpha }, ...(path ? { path: path.slice() } : {}), ...(pathNote ? { pathNote } : {}) };
			return { title, id, fit };
		});
		return { models: wire, chosen, options };
	}

	/** Requests are not queued: while one computes, only the newest waiting one runs next. */
	async #run<T>(data: SurfaceData, call: (api: Comlink.Remote<SurfaceWorkerApi>) => Promise<T>): Promise<T | null> {
		const version = ++this.#version;
		while (this.#busy) {
			await this.#busy;
			if (version !== this.#version) return null;
		}
		const api = this.#worker.api;
		const run = (async () => {
			if (this.#loaded !== data) {
				this.#loaded = null;
				const copy = copyOf(data);
				await api.load(transfer(copy.data, copy.buffers));
				this.#loaded = data;
			}
			return call(api);
		})();
		const busy = run.then(
			() => undefined,
			() => undefined
		);
		this.#busy = busy;
		try {
			const result = await run;
			return version === this.#version ? result : null;
		} finally {
			if (this.#busy === busy) this.#busy = null;
		}
	}

	terminate(): void {
		this.#worker.terminate();
		this.#loaded = null;
		this.#workerHas = new Set();
	}
}

function modelsOf(request: ModelSceneRequest): LinearModel[] {
	return request.models.map((entry) => entry.model);
}

/** The buffers of the weights and paths copied into a wire request, to hand over. */
function buffersOf(wire: SceneWireRequest): ArrayBuffer[] {
	return wire.models.flatMap(({ fit }) => (fit ? [fit.coef.buffer as ArrayBuffer, ...(fit.path ? [fit.path.buffer as ArrayBuffer] : [])] : []));
}

/** Fresh buffers of the rows, to hand over: never the caller's, which its table may share. */
function copyOf({ matrix, y }: SurfaceData): { data: SurfaceData; buffers: ArrayBuffer[] } {
	const copied: FeatureMatrix =
		matrix.format === 'dense'
			? { ...matrix, values: matrix.values.slice() }
			: { ...matrix, indptr: matrix.indptr.slice(), indices: matrix.indices.slice(), values: matrix.values.slice() };
	const labels = y.slice();
	const arrays = copied.format === 'dense' ? [copied.values, labels] : [copied.indptr, copied.indices, copied.values, labels];
	return { data: { matrix: copied, y: labels }, buffers: arrays.map((array) => array.buffer as ArrayBuffer) };
}
