/**
 * The page's handle on the loss-surface worker: one worker, started on first use. A request
 * made while another is in flight supersedes it: the older result is dropped (by version), so
 * dragging a slider never shows a surface of a setting already left behind.
 */
import { LazyWorker } from './lazy-worker';
import type { SurfaceRequest, SurfaceResult, SurfaceWorkerApi } from './surface-protocol';

export class SurfaceClient {
	#worker = new LazyWorker<SurfaceWorkerApi>(() => new Worker(new URL('./surface.worker.ts', import.meta.url), { type: 'module' }));
	#version = 0;
	#busy: Promise<void> | null = null;

	/**
	 * Resolves with the surface, or with null when a newer request replaced this one. Requests
	 * are not queued: while one computes, only the newest waiting one runs next.
	 */
	async compute(request: SurfaceRequest): Promise<SurfaceResult | null> {
		const version = ++this.#version;
		while (this.#busy) {
			await this.#busy;
			if (version !== this.#version) return null;
		}
		// The typed arrays are copied (not transferred): the caller keeps its data.
		const run = this.#worker.api.compute(request);
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
	}
}
