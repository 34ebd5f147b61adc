/**
 * The two operations SGD and the objective apply to one row: its dot product with the weights
 * and adding a multiple of it to the weights. One version for a dense row, one for a CSR row.
 *
 * Dot products run in float64 with the adds in ascending feature order, one at a time, so a
 * dense row and its CSR form give the same bits: a zero of the dense row adds an exact ±0 (only
 * the sign of a zero sum can differ, which no later step can see). The loops are unrolled by
 * four, keeping that order: in V8 this cuts the per-entry bounds checks and loop overhead that
 * otherwise make a CSR dot product twice as slow as C's.
 */

/** Σ_j v_j · x[offset + j] for j = 0 … d−1. */
export function denseDot(v: Float32Array, x: Float32Array, offset: number, d: number): number {
	let sum = 0;
	let j = 0;
	for (; j + 3 < d; j += 4) {
		const o = offset + j;
		sum = sum + v[j]! * x[o]! + v[j + 1]! * x[o + 1]! + v[j + 2]! * x[o + 2]! + v[j + 3]! * x[o + 3]!;
	}
	for (; j < d; j++) sum += v[j]! * x[offset + j]!;
	return sum;
}

/** Σ v[indices[e]] · values[e] for e = start … end−1. */
export function csrDot(v: Float32Array, indices: Uint32Array, values: Float32Array, start: number, end: number): number {
	let sum = 0;
	let e = start;
	for (; e + 3 < end; e += 4) {
		sum = sum + v[indices[e]!]! * values[e]! + v[indices[e + 1]!]! * values[e + 1]! + v[indices[e + 2]!]! * values[e + 2]! + v[indices[e + 3]!]! * values[e + 3]!;
	}
	for (; e < end; e++) sum += v[indices[e]!]! * values[e]!;
	return sum;
}

/**
 * v_j = f32(v_j + x_j · c) for the row's non-zeros (a dense row skips its zeros, so a weight
 * keeps even the sign of its zero, as under CSR).
 */
export function denseAddScaled(v: Float32Array, x: Float32Array, offset: number, d: number, c: number): void {
	for (let j = 0; j < d; j++) {
		const value = x[offset + j]!;
		if (value !== 0) v[j] = v[j]! + value * c;
	}
}

/** v[indices[e]] = f32(v[indices[e]] + values[e] · c); the indices of a row are distinct. */
export function csrAddScaled(v: Float32Array, indices: Uint32Array, values: Float32Array, start: number, end: number, c: number): void {
	let e = start;
	for (; e + 3 < end; e += 4) {
		const j0 = indices[e]!;
		const j1 = indices[e + 1]!;
		const j2 = indices[e + 2]!;
		const j3 = indices[e + 3]!;
		v[j0] = v[j0]! + values[e]! * c;
		v[j1] = v[j1]! + values[e + 1]! * c;
		v[j2] = v[j2]! + values[e + 2]! * c;
		v[j3] = v[j3]! + values[e + 3]! * c;
	}
	for (; e < end; e++) {
		const j = indices[e]!;
		v[j] = v[j]! + values[e]! * c;
	}
}

/** denseAddScaled, and the averaged SGD's compensation aw_j = f32(aw_j − a · x_j · c) (sklearn's add_average). */
export function denseAddScaledAveraged(v: Float32Array, aw: Float32Array, x: Float32Array, offset: number, d: number, c: number, a: number): void {
	for (let j = 0; j < d; j++) {
		const value = x[offset + j]!;
		if (value === 0) continue;
		const delta = value * c;
		v[j] = v[j]! + delta;
		aw[j] = aw[j]! - a * delta;
	}
}

/** csrAddScaled with the averaged SGD's compensation. */
export function csrAddScaledAveraged(v: Float32Array, aw: Float32Array, indices: Uint32Array, values: Float32Array, start: number, end: number, c: number, a: number): void {
	for (let e = start; e < end; e++) {
		const j = indices[e]!;
		const delta = values[e]! * c;
		v[j] = v[j]! + delta;
		aw[j] = aw[j]! - a * delta;
	}
}
