/**
 * Plain SGD (batch size 1, averaged or not) over dense rows in WebAssembly (dense-wasm.ts): the
 * same bits as sgd-steps.ts's denseSteps in about half its time, the same way csr-kernel.ts runs
 * CSR rows. A kernel owns one memory laid out as step-kernel.ts says, with the row-major rows
 * (n · d float32) last.
 *
 * The rows must be in the kernel's memory. Copying them in doubles the matrix while the kernel
 * lives (a 10⁶ × 32 matrix is 128 MB), so there are two ways in:
 *   - denseRowsInKernel(n, d) hands out the row-major array inside a fresh kernel memory: a
 *     matrix built there (the train cell builds its row-major copy this way) trains with no copy;
 *   - any other dense matrix is copied in once, and the kernel is kept for the next fit on the same
 *     values array (a grid fits K configurations on one matrix), in a WeakMap freed with it.
 * Like every matrix in data/, a dense matrix's values are never changed once built. A kernel in
 * use is never handed out twice. Where WebAssembly is missing or the memory cannot be had
 * (wasm32 addresses 4 GiB), there is no kernel and the trainer runs the JS loops: same results.
 */
import type { DenseMatrix } from '../data/feature-matrix';
import { denseModuleBytes } from './dense-wasm';
import { kernelMemory, lazyModule, stepKernel, type KernelLayout, type StepExports, type StepKernel } from './step-kernel';
import { CHUNK_BYTES, CHUNK_ROWS } from './wasm-prefetch';
import { STATE_BYTES } from './wasm-steps';

let enabled = true;

/**
 * Turns the dense kernel off (dense fits then run the JS loops; denseRowsInKernel hands out plain
 * arrays) or back on. The results are the same bits either way: for tests and measuring.
 */
export function setDenseKernelEnabled(on: boolean): void {
	enabled = on;
}

const denseModule = lazyModule(denseModuleBytes);

export interface DenseKernel extends StepKernel {
	/** Dense kernels keep v and aw contiguous: v is always an array. */
	readonly v: Float32Array;
	/** Σ_j model[j] · x[row, j] in ascending j, float64 (as denseDot with the model: the exact objective's dot). */
	modelDot(row: number): number;
}

interface DenseExports extends StepExports {
	dotAt(row: number, vBytes: number, w: number): number;
	prefetch(order: number, from: number, to: number, rows: number, vBytes: number, maxRows: number): number;
}

interface Slot extends KernelLayout {
	/** The rows, a view of the memory. */
	rows: Float32Array;
	busy: boolean;
}

/** Kernels by the values array they train on (for rows handed out in place, that array is `rows`). */
const cache = new WeakMap<Float32Array, Slot>();

/** A kernel memory for n rows of d features (aw's room when `average`), or null when it cannot be had. */
function createSlot(n: number, d: number, average: boolean): Slot | null {
	if (!enabled || n * d === 0) return null;
	const module = denseModule();
	if (!module) return null;
	const awAt = 4 * d;
	const modelAt = awAt + (average ? 4 * d : 0);
	const etasAt = Math.ceil((modelAt + 4 * d) / 8) * 8;
	const stateAt = etasAt + 8 * n;
	const orderAt = stateAt + STATE_BYTES;
	const yAt = orderAt + 4 * n;
	const vBytes = 4 * d;
	const valuesAt = Math.ceil((yAt + n) / 4) * 4;
	const bytes = valuesAt + 4 * n * d;
	const memory = kernelMemory(bytes);
	if (!memory) return null;
	const instance = new WebAssembly.Instance(module, { env: { memory } });
	const exports = instance.exports as unknown as DenseExports;
	const rows = new Float32Array(memory.buffer, valuesAt, n * d);
	// a chunk: ~CHUNK_BYTES of rows, at least one (wasm-prefetch.ts)
	const chunkRows = Math.max(1, Math.min(CHUNK_ROWS, Math.floor(CHUNK_BYTES / vBytes)));
	const prefetch = (from: number, to: number) => exports.prefetch(orderAt, from, to, valuesAt, vBytes, chunkRows);
	return { memory, exports, n, d, averaged: average, layout: 'contiguous', awAt, modelAt, etasAt, stateAt, orderAt, yAt, indptrAt: 0, indicesAt: 0, valuesAt, prefetch, columns: null, rows, busy: false };
}

/**
 * A zeroed Float32Array of n · d values (row-major rows of a dense matrix to be trained) living in
 * a kernel's memory, so that SGD on a matrix with exactly this array as its values copies nothing.
 * Where no kernel can be had it is a plain Float32Array (and SGD runs the JS loops). Fill it, then
 * never change it (a kernel may already have trained on it).
 */
export function denseRowsInKernel(n: number, d: number): Float32Array {
	// aw's room (4d bytes) is always kept: the fits to come may average
	const slot = createSlot(n, d, true);
	if (!slot) return new Float32Array(n * d);
	cache.set(slot.rows, slot);
	return slot.rows;
}

/**
 * A kernel for plain SGD over `matrix` (with room for the averaged weights when `average`), its
 * v and aw zeroed; or null when WebAssembly cannot serve (see above): the caller then runs the JS
 * loops. Call release() when the fit ends, also when it throws.
 */
export function acquireDenseKernel(matrix: DenseMatrix, average: boolean): DenseKernel | null {
	if (!enabled) return null;
	const n = matrix.rowCount;
	const d = matrix.featureCount;
	let slot = cache.get(matrix.values);
	if (!slot || slot.busy || slot.n !== n || slot.d !== d || (average && !slot.averaged)) {
		const fresh = createSlot(n, d, average);
		if (!fresh) return null;
		fresh.rows.set(matrix.values.subarray(0, n * d));
		// keep the newest slot for the next fit unless the cached one is merely in use
		if (!slot || !slot.busy) cache.set(matrix.values, fresh);
		slot = fresh;
	}
	const s = slot;
	s.busy = true;
	const dotAt = (s.exports as DenseExports).dotAt;
	const { valuesAt, modelAt } = s;
	const kernel = stepKernel(s, average, () => {
		s.busy = false;
	});
	return { ...kernel, v: kernel.v!, modelDot: (row) => dotAt(valuesAt + 4 * d * row, 4 * d, modelAt) };
}
