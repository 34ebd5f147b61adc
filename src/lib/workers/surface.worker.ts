/// <reference lib="webworker" />
/**
 * Computes loss surfaces off the main thread. Few weights (the teaching picture): on the GPU
 * when `navigator.gpu` gives a hardware adapter (lossSurfaceGpu, shaders/loss_surface.wgsl).
 * Otherwise, or if the GPU fails, on the CPU in the plane-projected form (lossSurfaceProjected:
 * three dot products per row, then O(n) a grid point), which for many weights also beats the
 * GPU kernel's O(n·d) a grid point, and agrees with the float32 reference to rounding.
 */
import * as Comlink from 'comlink';
import { acquireGpu, type GpuContext } from '../gpu/device';
import { lossSurfaceGpu } from '../gpu/loss-surface';
import { lossSurfaceProjected } from '../ml/loss-surface-projected';
import type { SurfaceRequest, SurfaceResult, SurfaceWorkerApi } from './surface-protocol';

/** Above this many weights the projected CPU form is the faster one. */
const GPU_MAX_FEATURES = 16;

let gpu: Promise<GpuContext | null> | null = null;

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

const api: SurfaceWorkerApi = {
	async compute(request: SurfaceRequest): Promise<SurfaceResult> {
		const started = performance.now();
		const context = request.featureCount <= GPU_MAX_FEATURES ? await hardwareGpu() : null;
		if (context) {
			try {
				const values = await lossSurfaceGpu(context, request.x, request.y, request.featureCount, request.alpha, request.plane);
				return Comlink.transfer({ values, device: 'gpu' as const, ms: performance.now() - started }, [values.buffer]);
			} catch {
				// A GPU failure (lost device, validation) falls back to the CPU: the picture still comes.
			}
		}
		const values = lossSurfaceProjected(request.x, request.y, request.featureCount, request.alpha, request.plane);
		return Comlink.transfer({ values, device: 'cpu' as const, ms: performance.now() - started }, [values.buffer]);
	}
};

Comlink.expose(api);
