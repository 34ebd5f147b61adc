/**
 * A fast loss surface for display, over a plane of many weights. On the plane
 * w(a, b) = c + a·u + b·v every decision value is affine in (a, b):
 *   w·x_i + bias = (c·x_i + bias) + a (u·x_i) + b (v·x_i),
 * so three dot products per row, once, make each grid point cost O(n) instead of O(n·d). The
 * penalty expands the same way. Float64 throughout: it agrees with the float32 reference
 * (lossSurfaceCpu, which the GPU kernel matches bit for bit) to rounding, not bit for bit.
 */
import { gridCoordinate, type SurfacePlane } from './loss-surface';

export function lossSurfaceProjected(
	x: Float32Array,
	y: Int8Array,
	featureCount: number,
	alpha: number,
	plane: SurfacePlane
): Float32Array {
	const n = y.length;
	const d = featureCount;
	const at = (vector: Float32Array, j: number) => vector[j] ?? 0;
	const base = new Float64Array(n);
	const alongU = new Float64Array(n);
	const alongV = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let c = plane.bias;
		let u = 0;
		let v = 0;
		for (let j = 0; j < d; j++) {
			const value = x[i * d + j]!;
			if (value === 0) continue;
			c += at(plane.center, j) * value;
			u += at(plane.u, j) * value;
			v += at(plane.v, j) * value;
		}
		base[i] = y[i]! * c;
		alongU[i] = y[i]! * u;
		alongV[i] = y[i]! * v;
	}
	// ‖c + a u + b v‖² = cc + a² uu + b² vv + 2a cu + 2b cv + 2ab uv
	let cc = 0, uu = 0, vv = 0, cu = 0, cv = 0, uv = 0;
	for (let j = 0; j < d; j++) {
		const c = at(plane.center, j), u = at(plane.u, j), v = at(plane.v, j);
		cc += c * c; uu += u * u; vv += v * v; cu += c * u; cv += c * v; uv += u * v;
	}
	const { resolution } = plane;
	const out = new Float32Array(resolution * resolution);
	for (let row = 0; row < resolution; row++) {
		const b = gridCoordinate(row, plane.bRange, resolution);
		for (let column = 0; column < resolution; column++) {
			const a = gridCoordinate(column, plane.aRange, resolution);
			let loss = 0;
			for (let i = 0; i < n; i++) {
				const margin = base[i]! + a * alongU[i]! + b * alongV[i]!;
				if (margin < 1) loss += 1 - margin;
			}
			const squares = cc + a * a * uu + b * b * vv + 2 * a * cu + 2 * b * cv + 2 * a * b * uv;
			out[row * resolution + column] = (n > 0 ? loss / n : 0) + 0.5 * alpha * squares;
		}
	}
	return out;
}
