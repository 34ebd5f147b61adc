/**
 * The CPU reference of the loss surface: the hinge objective over a plane of weight vectors,
 *   w(a, b) = center + a·u + b·v,  a ∈ [aMin, aMax], b ∈ [bMin, bMax], on a resolution² grid,
 * with the bias fixed. For two features, center = 0, u = e1, v = e2 gives the surface over
 * (w1, w2); for more, the plane passes through a trained w along two chosen directions.
 * The WGSL kernel (shaders/loss_surface.wgsl) is compared with this at sampled points.
 */
import { denseMatrix } from '../data/feature-matrix';
import { hingeObjective } from './hinge';

export interface SurfacePlane {
	center: Float32Array;
	u: Float32Array;
	v: Float32Array;
	bias: number;
	aRange: [number, number];
	bRange: [number, number];
	/** Points per side; the result has resolution² values. */
	resolution: number;
}

/** Grid coordinate of index i on [min, max] with `resolution` points, ends included. */
export function gridCoordinate(i: number, [min, max]: [number, number], resolution: number): number {
	return resolution === 1 ? min : min + ((max - min) * i) / (resolution - 1);
}

/** Row-major: value at (column i along u, row j along v) is result[j * resolution + i]. */
export function lossSurfaceCpu(
	x: Float32Array,
	y: Int8Array,
	featureCount: number,
	alpha: number,
	plane: SurfacePlane
): Float32Array {
	const { resolution } = plane;
	const out = new Float32Array(resolution * resolution);
	const weights = new Float32Array(featureCount);
	const matrix = denseMatrix(x, featureCount);
	for (let j = 0; j < resolution; j++) {
		const b = gridCoordinate(j, plane.bRange, resolution);
		for (let i = 0; i < resolution; i++) {
			const a = gridCoordinate(i, plane.aRange, resolution);
			for (let k = 0; k < featureCount; k++) {
				weights[k] = (plane.center[k] ?? 0) + a * (plane.u[k] ?? 0) + b * (plane.v[k] ?? 0);
			}
			out[j * resolution + i] = hingeObjective({ matrix, y, weights, bias: plane.bias, alpha });
		}
	}
	return out;
}

/** The plane of the (w1, w2) picture for a two-feature problem. */
export function weightPlane2d(range: [number, number], resolution: number, bias = 0): SurfacePlane {
	return {
		center: new Float32Array(2),
		u: Float32Array.of(1, 0),
		v: Float32Array.of(0, 1),
		bias,
		aRange: range,
		bRange: range,
		resolution
	};
}
