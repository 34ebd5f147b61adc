/**
 * A fast loss surface for display, over a plane of many weights. On the plane
 * w(a, b) = c + a·u + b·v every decision value is affine in (a, b):
 *   w·x_i + bias = (c·x_i + bias) + a (u·x_i) + b (v·x_i),
 * so three dot products per row, once, make each grid point cost O(n) instead of O(n·d). The
 * dot products run over a row's non-zeros, so hashed text (CSR) costs O(nnz) once and is never
 * densified. The penalty expands the same way. Float64 throughout: it agrees with the float32
 * reference (lossSurfaceCpu, which the GPU kernel matches bit for bit) to rounding, not bit for bit.
 */
import type { FeatureMatrix } from '../data/feature-matrix';
import { gridCoordinate, type SurfacePlane } from './loss-surface';

/** Each row's y_i·(c·x_i + bias), y_i·(u·x_i) and y_i·(v·x_i): its margin is base + a·u + b·v. */
interface ProjectedRows {
	base: Float64Array;
	alongU: Float64Array;
	alongV: Float64Array;
}

/**
 * The three dot products per row, over the stored entries only (a dense zero is skipped).
 * Throws when y or the plane's vectors do not match the matrix's rows and features.
 */
function projectRows(matrix: FeatureMatrix, y: Int8Array, plane: SurfacePlane): ProjectedRows {
	const n = matrix.rowCount;
	const d = matrix.featureCount;
	if (y.length !== n) throw new Error(`loss surface: ${y.length} labels for ${n} rows`);
	for (const [name, vector] of [['centre', plane.center], ['u', plane.u], ['v', plane.v]] as const) {
		if (vector.length !== d) throw new Error(`loss surface: the plane's ${name} has ${vector.length} weights, the data ${d} features`);
	}
	const { center, u, v, bias } = plane;
	const base = new Float64Array(n);
	const alongU = new Float64Array(n);
	const alongV = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let c = bias;
		let a = 0;
		let b = 0;
		if (matrix.format === 'csr') {
			const { indptr, indices, values } = matrix;
			for (let k = indptr[i]!, end = indptr[i + 1]!; k < end; k++) {
				const j = indices[k]!;
				const value = values[k]!;
				c += center[j]! * value;
				a += u[j]! * value;
				b += v[j]! * value;
			}
		} else {
			const { values } = matrix;
			for (let j = 0, offset = i * d; j < d; j++) {
				const value = values[offset + j]!;
				if (value === 0) continue;
				c += center[j]! * value;
				a += u[j]! * value;
				b += v[j]! * value;
			}
		}
		const sign = y[i]!;
		base[i] = sign * c;
		alongU[i] = sign * a;
		alongV[i] = sign * b;
	}
	return { base, alongU, alongV };
}

/**
 * The objective (1/n) Σ max(0, 1 − margin_i) + (α/2)‖w(a, b)‖² on a resolution² grid over the
 * plane (bias fixed), row-major like lossSurfaceCpu: the value at (column i along u, row j
 * along v) is result[j · resolution + i]. `matrix` is dense or CSR; `y` holds ±1 per row.
 * Cost: O(nnz) once, then O(n) per grid point.
 */
export function lossSurfaceProjected(matrix: FeatureMatrix, y: Int8Array, alpha: number, plane: SurfacePlane): Float32Array {
	const { base, alongU, alongV } = projectRows(matrix, y, plane);
	const n = y.length;
	// ‖c + a u + b v‖² = cc + a² uu + b² vv + 2a cu + 2b cv + 2ab uv
	let cc = 0, uu = 0, vv = 0, cu = 0, cv = 0, uv = 0;
	for (let j = 0; j < matrix.featureCount; j++) {
		const c = plane.center[j]!, u = plane.u[j]!, v = plane.v[j]!;
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
