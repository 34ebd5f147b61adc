/** The wire between the page and the loss-surface worker. */
import type { SurfacePlane } from '../ml/loss-surface';

export interface SurfaceRequest {
	/** Row-major n × featureCount training rows, and ±1 labels. */
	x: Float32Array;
	y: Int8Array;
	featureCount: number;
	alpha: number;
	plane: SurfacePlane;
}

export interface SurfaceResult {
	values: Float32Array;
	/** Where it was computed, to say so under the picture. */
	device: 'cpu' | 'gpu';
	ms: number;
}

export interface SurfaceWorkerApi {
	compute(request: SurfaceRequest): Promise<SurfaceResult>;
}
