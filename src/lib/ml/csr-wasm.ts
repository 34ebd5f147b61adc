/**
 * The bytes of a tiny WebAssembly module with the CSR row operations of row-ops.ts, written here
 * by hand (wasm-encode.ts) so that no build step and no dependency is needed: the module is about
 * 2 KB, compiled synchronously (browsers allow that below 4 KB even on the main thread). The
 * weight-vector functions and the plain SGD loop are shared with the dense module (wasm-steps.ts).
 *
 * Why WebAssembly: in V8 (Node 20, Chrome) a JS loop over `v[indices[e]] * values[e]` re-checks
 * the typed arrays' maps, reloads their data pointers and bounds-checks every access, which
 * makes a CSR dot product about 2–3 ns per non-zero against C's 1.65; the same loop in wasm
 * reads memory directly (out-of-range reads trap on guard pages, at no cost per access).
 *
 * The module imports one memory (`env.memory`) laid out by csr-kernel.ts: v (float32, feature j
 * at byte 4j, so v starts at byte 0) then aw, or for averaged kernels the two interleaved (v[j]
 * at byte 8j, aw[j] at 8j + 4: wasm-steps.ts's WeightLayout, one module for each), …, the CSR entries as (index uint32, value
 * float32) pairs, ENTRY_BYTES apart. Pointers are byte addresses; a row's entries run from `ind`
 * (its first index) to `end` (one past its last pair), with its values from `val` = ind + 4.
 * Arithmetic is row-ops.ts's, operation for operation: float32 loads promoted to float64,
 * float64 multiplies and adds in ascending entry order, one rounding to float32 per store
 * (f32.demote_f64 rounds to nearest even, as a Float32Array store does), so both give the same bits.
 *
 *   dot(ind, val, end) → f64            Σ v[idx[e]] · val[e]
 *   dotAt(ind, val, end, w) → f64       the same with the weights at byte w (the model, for the objective)
 *   add(ind, val, end, c)               v[j] = f32(v[j] + val[e] · c)
 *   addAveraged(ind, val, end, c, a, aw)  δ = val[e] · c; v[j] = f32(v[j] + δ); aw[j] = f32(aw[j] − a · δ)
 *     (aw = aw[j]'s offset from v[j]: 4d contiguous, 4 interleaved)
 *   materialise(end, out, wscale) → f64 out[j] = f32(v[j] · wscale) over v's bytes [0, end) (weight-vector.ts); Σ out[j]²
 *   materialiseAveraged(end, out, aw, a, b) → f64  out[j] = f32((aw[j] + a · v[j]) / b); Σ out[j]²
 *   plainSteps(…) → i32                 sgd-steps.ts's csrSteps (batch size 1, with or without averaging), whole (wasm-steps.ts)
 *   sumSquares(end, w) → f64            Σ w[j]² over w's bytes [0, end) (hinge.ts's l2Penalty sum)
 *   prefetch(…) → i32                   touches a chunk of the epoch's rows in visit order (wasm-prefetch.ts)
 *   fold(end, wscale), foldAveraged(end, aw, a, b)   resetWscale's two folds in place (wasm-steps.ts)
 *   materialiseColumns(list, end, out, wscale) → f64, materialiseAveragedColumns(list, end, out, aw, a, b) → f64,
 *   sumSquaresColumns(list, end, w) → f64   the same three over the matrix's columns only (wasm-steps.ts)
 */

import { advance, at, body, F64, funcType, get, I32, op, set, VOID, wasmModule } from './wasm-encode';
import { csrPrefetchBody } from './wasm-prefetch';
import {
	FN, foldAveragedBody, foldBody, materialiseAveragedBody, materialiseAveragedColumnsBody, materialiseBody, materialiseColumnsBody, plainStepsBody,
	sumSquaresBody, sumSquaresColumnsBody, type RowCode, type WeightLayout
} from './wasm-steps';

export { STATE, STATE_BYTES } from './wasm-steps';

/**
 * Bytes from one entry to the next: the kernel keeps a row's entries as (index, value) pairs,
 * index at byte 8e and value at 8e + 4, so an entry is one read and a row one run of cache lines.
 */
export const ENTRY_BYTES = 8;

/** The byte address of v[idx[e + k]] (idx read at local `ind`), or of model[idx[e + k]] from the model's start (always contiguous). */
const weightAddress = (layout: WeightLayout, ind: number, k: number) => [...get(ind), op.i32Load, ...at(ENTRY_BYTES * k), op.i32Const, layout === 'interleaved' ? 3 : 2, op.i32Shl];
/** f64(val[e + k]) (val read at local `val`). */
const loadValue = (val: number, k: number) => [...get(val), op.f32Load, ...at(ENTRY_BYTES * k), op.f64Promote];

/**
 * `for (; ind < end; ind += 8, val += 8) step(0)`, unrolled by four (step(k) handles entry
 * e + k; the entries still run in ascending order, one after another) to cut the loop's
 * overhead per entry, then one entry at a time for the rest.
 */
function rowLoop(ind: number, val: number, end: number, step: (k: number) => number[]): number[] {
	return [
		op.block, VOID,
		op.loop, VOID,
		...get(ind), op.i32Const, 4 * ENTRY_BYTES, op.i32Add, ...get(end), op.i32GtU, op.brIf, 1,
		...step(0), ...step(1), ...step(2), ...step(3),
		...advance(ind, 4 * ENTRY_BYTES),
		...advance(val, 4 * ENTRY_BYTES),
		op.br, 0,
		op.end,
		op.end,
		op.block, VOID,
		...get(ind), ...get(end), op.i32GeU, op.brIf, 0,
		op.loop, VOID,
		...step(0),
		...advance(val, ENTRY_BYTES),
		...get(ind), op.i32Const, ENTRY_BYTES, op.i32Add, op.tee, ind,
		...get(end), op.i32LtU, op.brIf, 0,
		op.end,
		op.end
	];
}

// dot(ind 0, val 1, end 2) → f64; local 3 = sum
const dotBody = (layout: WeightLayout) => body([[1, F64]], [
	...rowLoop(0, 1, 2, (k) => [
		...get(3),
		...weightAddress(layout, 0, k), op.f32Load, ...at(0), op.f64Promote,
		...loadValue(1, k),
		op.f64Mul, op.f64Add, ...set(3)
	]),
	...get(3)
]);

// dotAt(ind 0, val 1, end 2, w 3) → f64, the weights at byte w; local 4 = sum
const dotAtBody = body([[1, F64]], [
	...rowLoop(0, 1, 2, (k) => [
		...get(4),
		...weightAddress('contiguous', 0, k), ...get(3), op.i32Add, op.f32Load, ...at(0), op.f64Promote,
		...loadValue(1, k),
		op.f64Mul, op.f64Add, ...set(4)
	]),
	...get(4)
]);

// add(ind 0, val 1, end 2, c 3); local 4 = byte address of v[j]
const addBody = (layout: WeightLayout) => body([[1, I32]], [
	...rowLoop(0, 1, 2, (k) => [
		...weightAddress(layout, 0, k), op.tee, 4,
		...get(4), op.f32Load, ...at(0), op.f64Promote,
		...loadValue(1, k), ...get(3), op.f64Mul,
		op.f64Add, op.f32Demote,
		op.f32Store, ...at(0)
	])
]);

// addAveraged(ind 0, val 1, end 2, c 3, a 4, aw 5); local 6 = address of v[j], 7 = δ, 8 = address of aw[j]
const addAveragedBody = (layout: WeightLayout) => body([[1, I32], [1, F64], [1, I32]], [
	...rowLoop(0, 1, 2, (k) => [
		...weightAddress(layout, 0, k), op.tee, 6,
		...loadValue(1, k), ...get(3), op.f64Mul, ...set(7),
		...get(6), op.f32Load, ...at(0), op.f64Promote, ...get(7), op.f64Add, op.f32Demote,
		op.f32Store, ...at(0),
		...get(6), ...get(5), op.i32Add, op.tee, 8,
		...get(8), op.f32Load, ...at(0), op.f64Promote, ...get(4), ...get(7), op.f64Mul, op.f64Sub, op.f32Demote,
		op.f32Store, ...at(0)
	])
]);

/** Row i of a CSR matrix: locals 14/15 = its pairs' byte offsets [start, end) from indptr (param 6); params 7 and 8 = the first index and the first value. */
const csrRows = (layout: WeightLayout): RowCode => {
	const ind = [...get(7), ...get(14), op.i32Add];
	const val = [...get(8), ...get(14), op.i32Add];
	const end = [...get(7), ...get(15), op.i32Add];
	const awOffset = layout === 'interleaved' ? [op.i32Const, 4] : get(10);
	return {
		row: [
			...get(6), ...get(13), op.i32Const, 2, op.i32Shl, op.i32Add, op.tee, 15,
			op.i32Load, ...at(0), op.i32Const, 3, op.i32Shl, ...set(14),
			...get(15), op.i32Load, ...at(4), op.i32Const, 3, op.i32Shl, ...set(15)
		],
		dot: [...ind, ...val, ...end, op.call, FN.dot],
		add: (c) => [...ind, ...val, ...end, ...c, op.call, FN.add],
		addAveraged: (c) => [...ind, ...val, ...end, ...c, ...get(28), ...awOffset, op.call, FN.addAveraged],
		awOffset
	};
};

/** The module's bytes for weights laid out as `layout` (see the head comment for its imports and exports). */
export function csrModuleBytes(layout: WeightLayout): Uint8Array<ArrayBuffer> {
	return wasmModule(
		[
			funcType([I32, I32, I32], [F64]),
			funcType([I32, I32, I32, F64], []),
			funcType([I32, I32, I32, F64, F64, I32], []),
			funcType([I32, I32, I32, I32], [F64]),
			funcType([I32, I32, F64], [F64]),
			funcType([I32, I32, I32, F64, F64], [F64]),
			funcType(Array.from({ length: 12 }, () => I32), [I32]),
			funcType([I32, I32], [F64]),
			funcType(Array.from({ length: 7 }, () => I32), [I32]),
			funcType([I32, F64], []),
			funcType([I32, I32, F64, F64], []),
			funcType([I32, I32, I32, F64], [F64]),
			funcType([I32, I32, I32, I32, F64, F64], [F64]),
			funcType([I32, I32, I32], [F64])
		],
		[dotBody(layout), addBody(layout), addAveragedBody(layout), dotAtBody, materialiseBody(layout), materialiseAveragedBody(layout), plainStepsBody(csrRows(layout)),
			sumSquaresBody, csrPrefetchBody, foldBody(layout), foldAveragedBody(layout),
			materialiseColumnsBody(layout), materialiseAveragedColumnsBody(layout), sumSquaresColumnsBody],
		['dot', 'add', 'addAveraged', 'dotAt', 'materialise', 'materialiseAveraged', 'plainSteps', 'sumSquares', 'prefetch', 'fold', 'foldAveraged',
			'materialiseColumns', 'materialiseAveragedColumns', 'sumSquaresColumns']
	);
}
