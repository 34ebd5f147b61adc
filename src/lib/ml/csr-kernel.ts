/**
 * The CSR row operations of SGD (row-ops.ts's csrDot, csrAddScaled, csrAddScaledAveraged) run
 * in WebAssembly (csr-wasm.ts), for the same bits in about half the time per non-zero.
 *
 * A kernel owns one WebAssembly memory: v (d float32), aw (d float32, with averaging), the
 * model (d float32: the weights as returned, which the objective scores), then a copy of the
 * matrix's entries as (index, value) pairs (csr-wasm.ts's ENTRY_BYTES: an entry is one read, a
 * row one run of cache lines, which wasm-prefetch.ts touches before the row's chunk of steps
 * runs), and, when the matrix has few distinct columns, their list (the model is then formed over them only, step-kernel.ts). Its `v`, `aw` and `model` are
 * Float32Array views of that memory; a WeightVector uses v and aw as its own arrays, so
 * resetWscale and materialise keep working on them unchanged. The memory never grows, so the
 * views never detach.
 *
 * Copying the matrix costs 8 bytes and a few ns per non-zero, a sizeable part of one epoch, and
 * doubles the matrix's memory while a kernel lives. So a kernel is kept per matrix (in a WeakMap
 * on its indices array, freed with the matrix) and reused by the next fit on the same indices and
 * values arrays (a grid fits K configurations on one matrix): like every matrix in data/, a CSR
 * matrix's arrays are never changed once built (steps make new arrays). A kernel in use is never
 * handed out twice.
 *
 * Where WebAssembly is missing, or the memory cannot be had (wasm32 addresses 4 GiB), there is
 * no kernel and the trainer runs the JS loops: same results, slower.
 */
import type { CsrMatrix } from '../data/feature-matrix';
import { csrModuleBytes, ENTRY_BYTES, STATE_BYTES } from './csr-wasm';
import { kernelMemory, lazyModule, stepKernel, type KernelLayout, type StepExports, type StepKernel } from './step-kernel';
import type { WeightLayout } from './wasm-steps';
import { CHUNK_BYTES, CHUNK_ROWS } from './wasm-prefetch';

export type { PlainStepState } from './step-kernel';

interface CsrExports extends StepExports {
	dot(ind: number, val: number, end: number): number;
	add(ind: number, val: number, end: number, c: number): void;
	addAveraged(ind: number, val: number, end: number, c: number, a: number, aw: number): void;
	dotAt(ind: number, val: number, end: number, w: number): number;
	prefetch(order: number, from: number, to: number, indptr: number, pairs: number, maxRows: number, maxBytes: number): number;
}

export interface CsrKernel extends StepKernel {
	/** Σ model[indices[e]] · values[e] over e = start … end−1, float64 (as csrDot with the model). */
	modelDot(start: number, end: number): number;
	/** Σ v[indices[e]] · values[e] over e = start … end−1, float64 (as csrDot). */
	dot(start: number, end: number): number;
	/** v[indices[e]] = f32(v[indices[e]] + values[e] · c) (as csrAddScaled). */
	addScaled(start: number, end: number, c: number): void;
	/** addScaled and aw[j] = f32(aw[j] − a · values[e] · c) (as csrAddScaledAveraged). */
	addScaledAveraged(start: number, end: number, c: number, a: number): void;
}

let enabled = true;

/**
 * Turns the WebAssembly kernel off (every CSR fit then runs the JS loops) or back on. The results
 * are the same bits either way; this is for tests that compare the two paths, and for measuring.
 */
export function setCsrKernelEnabled(on: boolean): void {
	enabled = on;
}

const modules = { contiguous: lazyModule(() => csrModuleBytes('contiguous')), interleaved: lazyModule(() => csrModuleBytes('interleaved')) };

interface Slot extends KernelLayout {
	exports: CsrExports;
	/** The values array copied in (the cache's key is the indices array). */
	values: Float32Array;
	indptr: Uint32Array;
	busy: boolean;
}

const cache = new WeakMap<Uint32Array, Slot>();

/**
 * A kernel for SGD over `matrix` with `featureCount` weights (and as many averaged weights when
 * `average`), its v and aw zeroed; or null when WebAssembly cannot serve (see above) — the
 * caller then runs the JS loops. Call release() when the fit ends, also when it throws.
 * `interleave`: the caller runs plainSteps only, so an averaged kernel may keep v and aw
 * interleaved (wasm-steps.ts's WeightLayout: one cache line per feature for an averaged step);
 * its `v` and `aw` are then null, and the weights are read through the model. The mini-batch
 * loop, which folds wscale in JS over v and aw, asks for arrays (false).
 */
export function acquireCsrKernel(matrix: CsrMatrix, average: boolean, interleave: boolean): CsrKernel | null {
	if (!enabled) return null;
	const d = matrix.featureCount;
	let slot = cache.get(matrix.indices);
	if (
		!slot || slot.busy || slot.values !== matrix.values || slot.indptr !== matrix.indptr || slot.d !== d ||
		(average && !slot.averaged) || (slot.layout === 'interleaved' && !interleave)
	) {
		const fresh = createSlot(matrix, average, average && interleave ? 'interleaved' : 'contiguous');
		if (!fresh) return null;
		// keep the newest slot for the next fit unless the cached one is merely in use
		if (!slot || !slot.busy) cache.set(matrix.indices, fresh);
		slot = fresh;
	}
	const s = slot;
	s.busy = true;
	const { dot, add, addAveraged, dotAt } = s.exports;
	const { indicesAt, valuesAt, awAt, modelAt } = s;
	// entry e's index at indicesAt + 8e, its value at valuesAt + 8e = indicesAt + 8e + 4
	const E = ENTRY_BYTES;
	return {
		...stepKernel(s, average, () => {
			s.busy = false;
		}),
		modelDot: (start, end) => dotAt(indicesAt + E * start, valuesAt + E * start, indicesAt + E * end, modelAt),
		dot: (start, end) => dot(indicesAt + E * start, valuesAt + E * start, indicesAt + E * end),
		addScaled: (start, end, c) => add(indicesAt + E * start, valuesAt + E * start, indicesAt + E * end, c),
		addScaledAveraged: (start, end, c, a) => addAveraged(indicesAt + E * start, valuesAt + E * start, indicesAt + E * end, c, a, awAt)
	};
}

function createSlot(matrix: CsrMatrix, average: boolean, layout: WeightLayout): Slot | null {
	const module = modules[layout]();
	if (!module) return null;
	const d = matrix.featureCount;
	const nnz = matrix.indptr[matrix.rowCount]!;
	// v at byte 0, aw at 4d, or interleaved with v (aw[j] at 8j + 4); then the model
	const awAt = layout === 'interleaved' ? 4 : 4 * d;
	const modelAt = 4 * d + (average ? 4 * d : 0);
	// the entries as (index, value) pairs (csr-wasm.ts's ENTRY_BYTES)
	const indicesAt = modelAt + 4 * d;
	const valuesAt = indicesAt + 4;
	const n = matrix.rowCount;
	const etasAt = Math.ceil((indicesAt + ENTRY_BYTES * nnz) / 8) * 8;
	const stateAt = etasAt + 8 * n;
	const indptrAt = stateAt + STATE_BYTES;
	const orderAt = indptrAt + 4 * (n + 1);
	const yAt = orderAt + 4 * n;
	const present = fewColumns(matrix);
	const columnsAt = Math.ceil((yAt + n) / 4) * 4;
	const bytes = columnsAt + 4 * (present?.count ?? 0);
	const memory = kernelMemory(bytes);
	if (!memory) return null;
	let columns: Slot['columns'] = null;
	if (present) {
		const list = new Uint32Array(memory.buffer, columnsAt, present.count);
		for (let j = 0, k = 0; j < d; j++) if (present.seen[j]) list[k++] = j;
		columns = { at: columnsAt, end: columnsAt + 4 * present.count };
	}
	const pairs = new Uint32Array(memory.buffer, indicesAt, 2 * nnz);
	const { indices } = matrix;
	const valueBits = new Uint32Array(matrix.values.buffer, matrix.values.byteOffset, nnz);
	for (let e = 0; e < nnz; e++) {
		pairs[2 * e] = indices[e]!;
		pairs[2 * e + 1] = valueBits[e]!;
	}
	new Uint32Array(memory.buffer, indptrAt, n + 1).set(matrix.indptr.subarray(0, n + 1));
	const instance = new WebAssembly.Instance(module, { env: { memory } });
	const exports = instance.exports as unknown as CsrExports;
	const prefetch = (from: number, to: number) => exports.prefetch(orderAt, from, to, indptrAt, indicesAt, CHUNK_ROWS, CHUNK_BYTES);
	return { memory, exports, n, d, averaged: average, layout, awAt, modelAt, indicesAt, valuesAt, indptrAt, orderAt, yAt, etasAt, stateAt, prefetch, columns, values: matrix.values, indptr: matrix.indptr, busy: false };
}

/**
 * Which features some row of `matrix` has, when they are few: a kernel then forms the model each
 * epoch over them only (step-kernel.ts). Looked for only when the non-zeros are fewer than the
 * features (a few hundred documents over 2^18 buckets: the O(d) pass per epoch would cost more
 * than the epoch's steps), and kept when at most half the features are present. O(nnz + d).
 */
function fewColumns(matrix: CsrMatrix): { seen: Uint8Array; count: number } | null {
	const d = matrix.featureCount;
	const nnz = matrix.indptr[matrix.rowCount]!;
	if (nnz >= d) return null;
	const seen = new Uint8Array(d);
	let count = 0;
	for (let e = 0; e < nnz; e++) {
		const j = matrix.indices[e]!;
		if (!seen[j]) {
			seen[j] = 1;
			count++;
		}
	}
	return count <= d / 2 ? { seen, count } : null;
}
