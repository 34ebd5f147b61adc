/**
 * The CSR row operations of SGD (row-ops.ts's csrDot, csrAddScaled, csrAddScaledAveraged) run
 * in WebAssembly (csr-wasm.ts), for the same bits in about half the time per non-zero.
 *
 * A kernel owns one WebAssembly memory: v (d float32), aw (d float32, with averaging), the
 * model (d float32: the weights as returned, which the objective scores), then a copy of the
 * matrix's indices and values. Its `v`, `aw` and `model` are Float32Array views of that memory;
 * a WeightVector uses v and aw as its own arrays, so resetWscale and materialise keep working on
 * them unchanged. The memory never grows, so the views never detach.
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
import { csrModuleBytes, STATE, STATE_BYTES } from './csr-wasm';
import type { WeightVector } from './weight-vector';

const PAGE = 65536;
/** The most bytes a wasm32 memory may hold (65536 pages); engines may grant less. */
const MAX_BYTES = 65536 * PAGE;

interface CsrExports {
	dot(ind: number, val: number, end: number): number;
	add(ind: number, val: number, end: number, c: number): void;
	addAveraged(ind: number, val: number, end: number, c: number, a: number, aw: number): void;
	dotAt(ind: number, val: number, end: number, w: number): number;
	materialise(end: number, out: number, wscale: number): void;
	materialiseAveraged(end: number, out: number, aw: number, a: number, b: number): void;
	plainSteps(from: number, to: number, mode: number, fitIntercept: number, order: number, y: number, indptr: number,
		indices: number, values: number, etas: number, vBytes: number, state: number): number;
	sumSquares(end: number, w: number): number;
}

/**
 * The state of plain SGD (batch size 1) that plainSteps reads and writes: the fields of
 * sgd-steps.ts's StepRun and WeightVector it needs, float64 as JS numbers are.
 */
export interface PlainStepState {
	wscale: number;
	bias: number;
	t: number;
	eta: number;
	alpha: number;
	positiveWeight: number;
	negativeWeight: number;
	interceptDecay: number;
	fitIntercept: boolean;
	/** wscale folds into v below this (weight-vector.ts's WSCALE_THRESHOLD). */
	threshold: number;
	/** How η moves: 'fixed' (constant, adaptive: the eta given), 'optimal' (1 / (α (t0 + t − 1))), or a function of t (invscaling). */
	rate: 'fixed' | { optimalInit: number } | ((t: number) => number);
	positiveLoss: number;
	negativeLoss: number;
	badMargin: number;
	/** Averaged SGD (the kernel's aw, which it must have): the lazy average's a, b and intercept (WeightVector's averageA, averageB, averageBias). */
	averaged: boolean;
	averageA: number;
	averageB: number;
	averageBias: number;
}

export interface CsrKernel {
	/** The unscaled weights, d float32, living in the kernel's memory; zeros when handed out. */
	readonly v: Float32Array;
	/** The averaged part (d float32, zeros) when asked for, else null. */
	readonly aw: Float32Array | null;
	/** d float32 for the model as returned (materialise's output), scored by modelDot. */
	readonly model: Float32Array;
	/** weight-vector.ts's materialise(weights, model) for weights over this kernel's v and aw, same bits. */
	materialise(weights: WeightVector): number;
	/** Σ model[j]² in ascending j, float64: hinge.ts's l2Penalty sum, non-finite exactly when a model weight is. */
	modelSquares(): number;
	/** Σ model[indices[e]] · values[e] over e = start … end−1, float64 (as csrDot with the model). */
	modelDot(start: number, end: number): number;
	/** Σ v[indices[e]] · values[e] over e = start … end−1, float64 (as csrDot). */
	dot(start: number, end: number): number;
	/** v[indices[e]] = f32(v[indices[e]] + values[e] · c) (as csrAddScaled). */
	addScaled(start: number, end: number, c: number): void;
	/** addScaled and aw[j] = f32(aw[j] − a · values[e] · c) (as csrAddScaledAveraged). */
	addScaledAveraged(start: number, end: number, c: number, a: number): void;
	/**
	 * sgd-steps.ts's csrSteps (with averaging when state.averaged), the whole loop in WebAssembly: the steps over
	 * rows order[from..to) with labels y (±1 per row), updating `state`, v and aw in place, same bits.
	 * Returns −1, or the position k in order whose margin overflowed (its margin in
	 * state.badMargin; the steps before it are taken, as in csrSteps).
	 */
	plainSteps(state: PlainStepState, y: Int8Array, order: Uint32Array, from: number, to: number): number;
	/** Hands the kernel back for the next fit on the same matrix. */
	release(): void;
}

let compiled: WebAssembly.Module | null | undefined;
let enabled = true;

/**
 * Turns the WebAssembly kernel off (every CSR fit then runs the JS loops) or back on. The results
 * are the same bits either way; this is for tests that compare the two paths, and for measuring.
 */
export function setCsrKernelEnabled(on: boolean): void {
	enabled = on;
}

/** The compiled module, or null where WebAssembly is missing or refuses it (e.g. a CSP without wasm-unsafe-eval). */
function csrModule(): WebAssembly.Module | null {
	if (compiled === undefined) {
		try {
			compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(csrModuleBytes()) : null;
		} catch {
			compiled = null;
		}
	}
	return compiled;
}

interface Slot {
	memory: WebAssembly.Memory;
	exports: CsrExports;
	/** Byte addresses of aw, the model, the indices and the values. */
	awAt: number;
	modelAt: number;
	indicesAt: number;
	valuesAt: number;
	/** Byte addresses of the copies of indptr (n + 1 uint32), the epoch's order (n uint32), labels (n int8), η per step (n float64) and plainSteps's state block. */
	indptrAt: number;
	orderAt: number;
	yAt: number;
	etasAt: number;
	stateAt: number;
	/** The values array copied in (the cache's key is the indices array). */
	values: Float32Array;
	indptr: Uint32Array;
	d: number;
	averaged: boolean;
	busy: boolean;
}

const cache = new WeakMap<Uint32Array, Slot>();

/**
 * A kernel for SGD over `matrix` with `featureCount` weights (and as many averaged weights when
 * `average`), its v and aw zeroed; or null when WebAssembly cannot serve (see above) — the
 * caller then runs the JS loops. Call release() when the fit ends, also when it throws.
 */
export function acquireCsrKernel(matrix: CsrMatrix, average: boolean): CsrKernel | null {
	if (!enabled) return null;
	const d = matrix.featureCount;
	let slot = cache.get(matrix.indices);
	if (!slot || slot.busy || slot.values !== matrix.values || slot.indptr !== matrix.indptr || slot.d !== d || (average && !slot.averaged)) {
		const fresh = createSlot(matrix, average);
		if (!fresh) return null;
		// keep the newest slot for the next fit unless the cached one is merely in use
		if (!slot || !slot.busy) cache.set(matrix.indices, fresh);
		slot = fresh;
	}
	const s = slot;
	s.busy = true;
	const v = new Float32Array(s.memory.buffer, 0, d);
	const aw = average ? new Float32Array(s.memory.buffer, s.awAt, d) : null;
	v.fill(0);
	aw?.fill(0);
	const { dot, add, addAveraged, dotAt, materialise, materialiseAveraged } = s.exports;
	const { indicesAt, valuesAt, awAt, modelAt, indptrAt, orderAt, yAt, etasAt, stateAt } = s;
	const n = matrix.rowCount;
	const memoryF64 = new Float64Array(s.memory.buffer);
	const orderCopy = new Uint32Array(s.memory.buffer, orderAt, n);
	const yCopy = new Int8Array(s.memory.buffer, yAt, n);
	// the order and labels last copied in (by identity: the trainer never changes them in place)
	let copiedOrder: Uint32Array | null = null;
	let copiedY: Int8Array | null = null;
	const plainSteps = s.exports.plainSteps;
	return {
		v,
		aw,
		model: new Float32Array(s.memory.buffer, modelAt, d),
		materialise: (weights) => {
			if (weights.aw) {
				materialiseAveraged(4 * d, modelAt, awAt, weights.averageA, weights.averageB);
				return weights.averageBias;
			}
			materialise(4 * d, modelAt, weights.wscale);
			return weights.bias;
		},
		modelSquares: () => s.exports.sumSquares(4 * d, modelAt),
		modelDot: (start, end) => dotAt(indicesAt + 4 * start, valuesAt + 4 * start, indicesAt + 4 * end, modelAt),
		dot: (start, end) => dot(indicesAt + 4 * start, valuesAt + 4 * start, indicesAt + 4 * end),
		addScaled: (start, end, c) => add(indicesAt + 4 * start, valuesAt + 4 * start, indicesAt + 4 * end, c),
		addScaledAveraged: (start, end, c, a) => addAveraged(indicesAt + 4 * start, valuesAt + 4 * start, indicesAt + 4 * end, c, a, awAt),
		plainSteps: (state, y, order, from, to) => {
			if (order !== copiedOrder) {
				orderCopy.set(order.subarray(0, n));
				copiedOrder = order;
			}
			if (y !== copiedY) {
				yCopy.set(y.subarray(0, n));
				copiedY = y;
			}
			let mode = 0;
			const { rate } = state;
			if (typeof rate === 'function') {
				mode = 2;
				for (let k = from, t = state.t; k < to; k++, t++) memoryF64[etasAt / 8 + k] = rate(t);
			} else if (rate !== 'fixed') {
				mode = 1;
				memoryF64[(stateAt + STATE.optimalInit) / 8] = rate.optimalInit;
			}
			if (state.averaged) {
				if (!s.averaged) throw new Error('plainSteps: averaged steps need a kernel acquired with average = true');
				mode |= 4;
			}
			const f = stateAt / 8;
			memoryF64[f + STATE.averageA / 8] = state.averageA;
			memoryF64[f + STATE.averageB / 8] = state.averageB;
			memoryF64[f + STATE.averageBias / 8] = state.averageBias;
			memoryF64[f + STATE.wscale / 8] = state.wscale;
			memoryF64[f + STATE.bias / 8] = state.bias;
			memoryF64[f + STATE.t / 8] = state.t;
			memoryF64[f + STATE.eta / 8] = state.eta;
			memoryF64[f + STATE.alpha / 8] = state.alpha;
			memoryF64[f + STATE.positiveWeight / 8] = state.positiveWeight;
			memoryF64[f + STATE.negativeWeight / 8] = state.negativeWeight;
			memoryF64[f + STATE.interceptDecay / 8] = state.interceptDecay;
			memoryF64[f + STATE.positiveLoss / 8] = state.positiveLoss;
			memoryF64[f + STATE.negativeLoss / 8] = state.negativeLoss;
			memoryF64[f + STATE.threshold / 8] = state.threshold;
			const bad = plainSteps(from, to, mode, state.fitIntercept ? 1 : 0, orderAt, yAt, indptrAt, indicesAt, valuesAt, etasAt, 4 * d, stateAt);
			state.wscale = memoryF64[f + STATE.wscale / 8]!;
			state.bias = memoryF64[f + STATE.bias / 8]!;
			state.t = memoryF64[f + STATE.t / 8]!;
			state.eta = memoryF64[f + STATE.eta / 8]!;
			state.positiveLoss = memoryF64[f + STATE.positiveLoss / 8]!;
			state.negativeLoss = memoryF64[f + STATE.negativeLoss / 8]!;
			state.averageA = memoryF64[f + STATE.averageA / 8]!;
			state.averageB = memoryF64[f + STATE.averageB / 8]!;
			state.averageBias = memoryF64[f + STATE.averageBias / 8]!;
			if (bad >= 0) state.badMargin = memoryF64[f + STATE.badMargin / 8]!;
			return bad;
		},
		release: () => {
			s.busy = false;
		}
	};
}

function createSlot(matrix: CsrMatrix, average: boolean): Slot | null {
	const module = csrModule();
	if (!module) return null;
	const d = matrix.featureCount;
	const nnz = matrix.indptr[matrix.rowCount]!;
	const awAt = 4 * d;
	const modelAt = awAt + (average ? 4 * d : 0);
	const indicesAt = modelAt + 4 * d;
	const valuesAt = indicesAt + 4 * nnz;
	const n = matrix.rowCount;
	const etasAt = Math.ceil((valuesAt + 4 * nnz) / 8) * 8;
	const stateAt = etasAt + 8 * n;
	const indptrAt = stateAt + STATE_BYTES;
	const orderAt = indptrAt + 4 * (n + 1);
	const yAt = orderAt + 4 * n;
	const bytes = yAt + n;
	if (bytes > MAX_BYTES) return null;
	let memory: WebAssembly.Memory;
	try {
		memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
	} catch {
		return null; // the engine would not grant that much: run the JS loops
	}
	new Uint32Array(memory.buffer, indicesAt, nnz).set(matrix.indices.subarray(0, nnz));
	new Float32Array(memory.buffer, valuesAt, nnz).set(matrix.values.subarray(0, nnz));
	new Uint32Array(memory.buffer, indptrAt, n + 1).set(matrix.indptr.subarray(0, n + 1));
	const instance = new WebAssembly.Instance(module, { env: { memory } });
	return { memory, exports: instance.exports as unknown as CsrExports, awAt, modelAt, indicesAt, valuesAt, indptrAt, orderAt, yAt, etasAt, stateAt, values: matrix.values, indptr: matrix.indptr, d, averaged: average, busy: false };
}
