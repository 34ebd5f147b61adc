/**
 * Two directions for a loss-surface plane through a model with more than two weights:
 * the first two principal directions of its SGD path (where the path actually moved), or two
 * random directions (seeded) — orthonormal either way, so the plane's coordinates are distances.
 */
import { createRandom } from './rng';

export interface PlaneDirections {
	u: Float32Array;
	v: Float32Array;
	/** Share of the path's variance along u and along v (0 for random directions). */
	explained: [number, number];
}

/**
 * `points` is row-major, count × d (the weights only). Centred on their mean; the top two
 * eigenvectors of the d × d covariance are found in the count-dimensional Gram space (power
 * iteration with deflation), which is cheap when count ≪ d as it is for a path: O(count² · d)
 * time and O(count · d) memory, never a d × d matrix (d = 2^18 hashed buckets is fine).
 */
export function principalDirections(points: Float32Array, d: number, seed = 1): PlaneDirections {
	const count = points.length / d;
	if (!Number.isInteger(count) || count < 2) throw new Error(`principal directions: need at least 2 points of ${d} weights`);
	const mean = new Float64Array(d);
	for (let p = 0; p < count; p++) for (let j = 0; j < d; j++) mean[j]! += points[p * d + j]! / count;
	const centred = new Float64Array(count * d);
	for (let p = 0; p < count; p++) for (let j = 0; j < d; j++) centred[p * d + j] = points[p * d + j]! - mean[j]!;
	const gram = new Float64Array(count * count);
	for (let p = 0; p < count; p++) {
		for (let q = p; q < count; q++) {
			let sum = 0;
			for (let j = 0; j < d; j++) sum += centred[p * d + j]! * centred[q * d + j]!;
			gram[p * count + q] = sum;
			gram[q * count + p] = sum;
		}
	}
	let total = 0;
	for (let p = 0; p < count; p++) total += gram[p * count + p]!;
	const random = createRandom(seed);
	const found: Float64Array[] = [];
	const values: number[] = [];
	for (let k = 0; k < 2; k++) {
		const { vector, value } = topEigen(gram, count, found, random);
		found.push(vector);
		values.push(value);
	}
	// Back to weight space: u = Cᵀa / ‖Cᵀa‖.
	const [u, v] = found.map((a) => {
		const direction = new Float64Array(d);
		for (let p = 0; p < count; p++) for (let j = 0; j < d; j++) direction[j]! += a[p]! * centred[p * d + j]!;
		return direction;
	}) as [Float64Array, Float64Array];
	const unitU = normalise(u);
	// A path along a line has no second direction: take any direction orthogonal to u.
	const unitV = orthonormalise(v, unitU) ?? orthonormalise(randomVector(d, random), unitU)!;
	return {
		u: Float32Array.from(unitU),
		v: Float32Array.from(unitV),
		explained: [total > 0 ? values[0]! / total : 0, total > 0 ? values[1]! / total : 0]
	};
}

/** Two seeded random orthonormal directions of d weights. */
export function randomDirections(d: number, seed: number): PlaneDirections {
	if (d < 2) throw new Error(`random directions: need at least 2 weights, got ${d}`);
	const random = createRandom(seed);
	const u = normalise(randomVector(d, random));
	const v = orthonormalise(randomVector(d, random), u) ?? orthonormalise(Float64Array.from({ length: d }, (_, j) => (j === 0 ? 0 : 1)), u)!;
	return { u: Float32Array.from(u), v: Float32Array.from(v), explained: [0, 0] };
}

/** Coordinates (a, b) of a point p on the plane centre + a·u + b·v (u, v orthonormal). */
export function projectOnPlane(point: ArrayLike<number>, center: ArrayLike<number>, u: Float32Array, v: Float32Array): [number, number] {
	let a = 0;
	let b = 0;
	for (let j = 0; j < u.length; j++) {
		const offset = point[j]! - center[j]!;
		a += offset * u[j]!;
		b += offset * v[j]!;
	}
	return [a, b];
}

function topEigen(
	matrix: Float64Array,
	n: number,
	deflate: Float64Array[],
	random: { normal(): number }
): { vector: Float64Array; value: number } {
	let vector = normalise(Float64Array.from({ length: n }, () => random.normal()));
	let value = 0;
	for (let iteration = 0; iteration < 300; iteration++) {
		for (const previous of deflate) subtractProjection(vector, previous);
		const next = new Float64Array(n);
		for (let p = 0; p < n; p++) {
			let sum = 0;
			for (let q = 0; q < n; q++) sum += matrix[p * n + q]! * vector[q]!;
			next[p] = sum;
		}
		for (const previous of deflate) subtractProjection(next, previous);
		let squares = 0;
		for (let p = 0; p < n; p++) squares += next[p]! * next[p]!;
		const norm = Math.sqrt(squares);
		if (norm === 0) return { vector, value: 0 };
		let change = 0;
		for (let p = 0; p < n; p++) {
			next[p]! /= norm;
			change += Math.abs(next[p]! - vector[p]!);
		}
		vector = next;
		value = norm;
		if (change < 1e-10) break;
	}
	return { vector, value };
}

function subtractProjection(vector: Float64Array, unit: Float64Array): void {
	let dot = 0;
	for (let i = 0; i < vector.length; i++) dot += vector[i]! * unit[i]!;
	for (let i = 0; i < vector.length; i++) vector[i]! -= dot * unit[i]!;
}

function normalise(vector: Float64Array): Float64Array {
	let norm = 0;
	for (const item of vector) norm += item * item;
	norm = Math.sqrt(norm);
	return norm > 0 ? vector.map((item) => item / norm) : vector;
}

function orthonormalise(vector: Float64Array, unit: Float64Array): Float64Array | null {
	const copy = Float64Array.from(vector);
	subtractProjection(copy, unit);
	let norm = 0;
	for (const item of copy) norm += item * item;
	return norm > 1e-20 ? normalise(copy) : null;
}

function randomVector(d: number, random: { normal(): number }): Float64Array {
	return Float64Array.from({ length: d }, () => random.normal());
}
