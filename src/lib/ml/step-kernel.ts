/**
 * What the CSR and the dense WebAssembly kernels (csr-kernel.ts, dense-kernel.ts) share: one
 * memory per matrix holding v (d float32 at byte 0), aw (d float32, with averaging; after v, or
 * interleaved with it: wasm-steps.ts's WeightLayout), the model (d float32: the weights as
 * returned, which the objective scores), the table of η per step, plainSteps's state block, the
 * epoch's order and labels, the matrix's own arrays and, for a CSR matrix with few distinct
 * columns, their list; and the JS side of plainSteps (wasm-steps.ts), which moves sgd-steps.ts's
 * state in and out of that block and runs the steps chunk by chunk, each chunk's rows prefetched
 * first (wasm-prefetch.ts). A contiguous kernel's v and aw are Float32Array views of the memory,
 * which a WeightVector uses as its own arrays (the mini-batch loop's resetWscale and materialise
 * keep working on them unchanged). The memory never grows, so the views never detach.
 */
import { STATE, type WeightLayout } from './wasm-steps';
import type { WeightVector } from './weight-vector';

export const PAGE = 65536;
/** The most bytes a wasm32 memory may hold (65536 pages); engines may grant less. */
export const MAX_BYTES = 65536 * PAGE;

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


/** The kernel of one fit: what sgd.ts and sgd-steps.ts call, whatever the rows' form. */
export interface StepKernel {
	/**
	 * The unscaled weights, d float32, living in the kernel's memory; zeros when handed out. Null
	 * when the kernel keeps v and aw interleaved (csr-kernel.ts): they are then no arrays, and
	 * only plainSteps and the model read them.
	 */
	readonly v: Float32Array | null;
	/** The averaged part (d float32, zeros) when asked for and contiguous, else null. */
	readonly aw: Float32Array | null;
	/** d float32 for the model as returned (materialise's output). */
	readonly model: Float32Array;
	/**
	 * Writes the start point into v (zeros when absent); call once, before the steps. From zeros
	 * the model is formed over the matrix's columns only where the kernel has their list (a
	 * feature no row has keeps v_j = aw_j = 0, so its weight stays 0); a non-zero start forms it
	 * over every feature, since the shrink scales a start weight that no row moves.
	 */
	startFrom(initialWeights: Float32Array | undefined): void;
	/** weight-vector.ts's materialise(weights, model) for weights over this kernel's v and aw, same bits. */
	materialise(weights: WeightVector): number;
	/** materialise, and modelSquares of the model it formed, from the same pass. */
	materialiseSquares(weights: WeightVector): { bias: number; squares: number };
	/** Σ model[j]² in ascending j, float64: hinge.ts's l2Penalty sum, non-finite exactly when a model weight is. */
	modelSquares(): number;
	/**
	 * sgd-steps.ts's csrSteps or denseSteps (with averaging when state.averaged), the whole loop in
	 * WebAssembly: the steps over rows order[from..to) with labels y (±1 per row), updating
	 * `state`, v and aw in place, same bits. Returns −1, or the position k in order whose margin
	 * overflowed (its margin in state.badMargin; the steps before it are taken, as in the JS loops).
	 */
	plainSteps(state: PlainStepState, y: Int8Array, order: Uint32Array, from: number, to: number): number;
	/** Hands the kernel back for the next fit on the same matrix. */
	release(): void;
}

/** The exports both modules have (wasm-steps.ts's function table). */
export interface StepExports {
	/** Both return Σ out[j]² (as sumSquares). */
	materialise(end: number, out: number, wscale: number): number;
	materialiseAveraged(end: number, out: number, aw: number, a: number, b: number): number;
	plainSteps(from: number, to: number, mode: number, fitIntercept: number, order: number, y: number, indptr: number,
		indices: number, values: number, etas: number, vBytes: number, state: number): number;
	sumSquares(end: number, w: number): number;
	/** The same three over a list of features (uint32, ascending, at bytes [list, end)): the CSR module's. */
	materialiseColumns?(list: number, end: number, out: number, wscale: number): number;
	materialiseAveragedColumns?(list: number, end: number, out: number, aw: number, a: number, b: number): number;
	sumSquaresColumns?(list: number, end: number, w: number): number;
}

/** Where a kernel's memory holds what (byte addresses); indptr and indices are 0 for dense rows. */
export interface KernelLayout {
	memory: WebAssembly.Memory;
	exports: StepExports;
	/** Rows and features of the matrix. */
	n: number;
	d: number;
	/** Whether aw has room (a kernel for averaged SGD). */
	averaged: boolean;
	/** How v and aw lie (wasm-steps.ts's WeightLayout): v from byte 0, aw after it or interleaved. */
	layout: WeightLayout;
	/** aw[j]'s byte offset from v[j]: 4d (aw at byte 4d) or 4 (interleaved). */
	awAt: number;
	modelAt: number;
	etasAt: number;
	stateAt: number;
	orderAt: number;
	yAt: number;
	indptrAt: number;
	indicesAt: number;
	/** The CSR values, or the dense rows. */
	valuesAt: number;
	/**
	 * The byte range [at, end) of the matrix's columns (the features some row has, uint32,
	 * ascending) when the kernel keeps their list (few columns against d), else null.
	 */
	columns: { at: number; end: number } | null;
	/**
	 * Touches rows order[from], order[from + 1], … (the order at orderAt) in cache, as many as a
	 * chunk holds (at least one, at most to − from: wasm-prefetch.ts), and returns how many.
	 */
	prefetch(from: number, to: number): number;
}

/**
 * A kernel's memory of `bytes` (whole 64 KiB pages), or null where wasm32 cannot address it or
 * the engine will not grant it: the trainer then runs its JS loops.
 */
export function kernelMemory(bytes: number): WebAssembly.Memory | null {
	if (bytes > MAX_BYTES) return null;
	try {
		return new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
	} catch {
		return null;
	}
}

/** The StepKernel over a layout, its v and aw zeroed; `release` runs when the fit hands it back. */
export function stepKernel(s: KernelLayout, average: boolean, release: () => void): StepKernel {
	const { d, n, awAt, modelAt, orderAt, yAt, indptrAt, indicesAt, valuesAt, etasAt, stateAt } = s;
	const interleaved = s.layout === 'interleaved';
	const v = interleaved ? null : new Float32Array(s.memory.buffer, 0, d);
	const aw = average && !interleaved ? new Float32Array(s.memory.buffer, awAt, d) : null;
	const model = new Float32Array(s.memory.buffer, modelAt, d);
	// v and aw (the 8d bytes before the model when interleaved), and the model too: formed over
	// the columns only, its other weights must read 0
	new Float32Array(s.memory.buffer, 0, interleaved ? 2 * d : d).fill(0);
	aw?.fill(0);
	model.fill(0);
	const { materialise, materialiseAveraged, materialiseColumns, materialiseAveragedColumns, sumSquaresColumns } = s.exports;
	// the columns' list, unless this fit starts from a non-zero weight (startFrom)
	let list = materialiseColumns && materialiseAveragedColumns && sumSquaresColumns ? s.columns : null;
	const memoryF64 = new Float64Array(s.memory.buffer);
	const orderCopy = new Uint32Array(s.memory.buffer, orderAt, n);
	const yCopy = new Int8Array(s.memory.buffer, yAt, n);
	// the order and labels last copied in (by identity: the trainer never changes them in place)
	let copiedOrder: Uint32Array | null = null;
	let copiedY: Int8Array | null = null;
	const plainSteps = s.exports.plainSteps;
	const formModel = (weights: WeightVector) => {
		const { averageA: a, averageB: b } = weights;
		if (list) {
			return weights.aw
				? { bias: weights.averageBias, squares: materialiseAveragedColumns!(list.at, list.end, modelAt, awAt, a, b) }
				: { bias: weights.bias, squares: materialiseColumns!(list.at, list.end, modelAt, weights.wscale) };
		}
		return weights.aw
			? { bias: weights.averageBias, squares: materialiseAveraged(4 * d, modelAt, awAt, a, b) }
			: { bias: weights.bias, squares: materialise(4 * d, modelAt, weights.wscale) };
	};
	return {
		v,
		aw,
		model,
		startFrom: (initialWeights) => {
			if (!initialWeights) return;
			if (v) v.set(initialWeights);
			else {
				const words = new Float32Array(s.memory.buffer, 0, 2 * d);
				for (let j = 0; j < d; j++) words[2 * j] = initialWeights[j]!;
			}
			if (initialWeights.some((w) => w !== 0)) list = null;
		},
		materialise: (weights) => formModel(weights).bias,
		materialiseSquares: formModel,
		modelSquares: () => (list ? sumSquaresColumns!(list.at, list.end, modelAt) : s.exports.sumSquares(4 * d, modelAt)),
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
				if (!average) throw new Error('plainSteps: averaged steps need a kernel acquired with average = true');
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
			// the steps run chunk by chunk, each chunk's rows prefetched first; the state block carries over
			let bad = -1;
			for (let k = from; k < to; ) {
				const rows = s.prefetch(k, to);
				const at = plainSteps(0, rows, mode, state.fitIntercept ? 1 : 0, orderAt + 4 * k, yAt, indptrAt, indicesAt, valuesAt, etasAt + 8 * k, 4 * d, stateAt);
				if (at >= 0) {
					bad = k + at;
					break;
				}
				k += rows;
			}
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
		release
	};
}

/**
 * A module compiled once, on first use; null where WebAssembly is missing or refuses it (e.g. a
 * Content-Security-Policy without wasm-unsafe-eval): the trainers then run their JS loops.
 */
export function lazyModule(bytes: () => BufferSource): () => WebAssembly.Module | null {
	let compiled: WebAssembly.Module | null | undefined;
	return () => {
		if (compiled === undefined) {
			try {
				compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(bytes()) : null;
			} catch {
				compiled = null;
			}
		}
		return compiled;
	};
}
