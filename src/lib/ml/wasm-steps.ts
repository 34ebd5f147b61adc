/**
 * The parts of the SGD WebAssembly modules that do not depend on how a row is stored: the
 * weight-vector functions (materialise, materialiseAveraged, sumSquares, the folds of
 * resetWscale, over v at byte 0 and aw laid out as WeightLayout says) and plainSteps, sgd-steps.ts's plain SGD loop (batch size 1, with or without
 * averaging), written once and given the few instructions that read a row (RowCode): CSR rows
 * (csr-wasm.ts) and dense rows (dense-wasm.ts). Both modules put their functions at the same
 * indices, so plainSteps's calls are the same:
 *   0 dot (→ f64)   1 add   2 addAveraged   3 dotAt   4 materialise   5 materialiseAveraged
 *   6 plainSteps    7 sumSquares   8 prefetch (wasm-prefetch.ts)   9 fold   10 foldAveraged
 * Arithmetic is sgd-steps.ts's, operation for operation: float32 loads promoted to float64,
 * float64 arithmetic, one rounding to float32 per stored value (f32.demote_f64 rounds to nearest
 * even, as a Float32Array store and Math.fround do), so wasm and JS give the same bits.
 */
import { at, at8, body, F64, f64const, get, I32, listLoop, op, set, advance, VOID, wordLoop } from './wasm-encode';

/** Function indices shared by the CSR and dense modules (see above; 8 is wasm-prefetch.ts's prefetch). */
export const FN = { dot: 0, add: 1, addAveraged: 2, dotAt: 3, materialise: 4, materialiseAveraged: 5, plainSteps: 6, sumSquares: 7, fold: 9, foldAveraged: 10 } as const;

/**
 * Where a module's weight functions find v_j and aw_j: 'contiguous', v[j] at byte 4j and aw[j]
 * at aw + 4j (aw = 4d); or 'interleaved', v[j] at byte 8j and aw[j] right after it at 8j + 4
 * (aw = 4), so that an averaged step, which changes both, touches one cache line per feature
 * instead of two (csr-kernel.ts keeps averaged CSR weights this way). The model (`out`, `w`) is
 * contiguous either way. Only the addresses differ: the arithmetic is the same.
 */
export type WeightLayout = 'contiguous' | 'interleaved';

/** The byte address of v_j from local i = 4j. */
const vAt = (layout: WeightLayout, i: number) => (layout === 'interleaved' ? [...get(i), op.i32Const, 1, op.i32Shl] : get(i));

/**
 * Stores the float32 value (f64 on the stack, already rounded to float32) at the address below
 * it, and adds its square to the sum in local `sum` (through local `value`): the pass that forms
 * the model also gives sumSquares's Σ out[j]², same order, same bits.
 */
const storeAndSquare = (value: number, sum: number) => [op.tee, value, op.f32Demote, op.f32Store, ...at(0), ...get(sum), ...get(value), ...get(value), op.f64Mul, op.f64Add, ...set(sum)];

/** f32(v_j · wscale) as f64, v_j at vAt(i), wscale in local `wscale`. */
const scaled = (layout: WeightLayout, i: number, wscale: number) => [...vAt(layout, i), op.f32Load, ...at(0), op.f64Promote, ...get(wscale), op.f64Mul, op.f32Demote, op.f64Promote];
/** f32((aw_j + a · v_j) / b) as f64, aw_j at vAt(i) + aw. */
const averaged = (layout: WeightLayout, i: number, aw: number, a: number, b: number) => [
	...vAt(layout, i), ...get(aw), op.i32Add, op.f32Load, ...at(0), op.f64Promote,
	...get(a), ...vAt(layout, i), op.f32Load, ...at(0), op.f64Promote, op.f64Mul, op.f64Add,
	...get(b), op.f64Div, op.f32Demote, op.f64Promote
];

// materialise(end 0, out 1, wscale 2) → f64: out[j] = f32(v[j] · wscale) for j < end / 4, and
// returns Σ out[j]² (as sumSquares); local 3 = i (4j), 4 = the sum, 5 = out[j]
export const materialiseBody = (layout: WeightLayout) => body([[1, I32], [2, F64]], [
	...wordLoop(3, 0, [...get(3), ...get(1), op.i32Add, ...scaled(layout, 3, 2), ...storeAndSquare(5, 4)]),
	...get(4)
]);

// materialiseAveraged(end 0, out 1, aw 2, a 3, b 4) → f64: out[j] = f32((aw[j] + a · v[j]) / b),
// and returns Σ out[j]²; local 5 = i, 6 = the sum, 7 = out[j]
export const materialiseAveragedBody = (layout: WeightLayout) => body([[1, I32], [2, F64]], [
	...wordLoop(5, 0, [...get(5), ...get(1), op.i32Add, ...averaged(layout, 5, 2, 3, 4), ...storeAndSquare(7, 6)]),
	...get(6)
]);

// weight-vector.ts's resetWscale in place, in its two parts:
// fold(end 0, wscale 1): v[j] = f32(v[j] · wscale); local 2 = i
export const foldBody = (layout: WeightLayout) => body([[1, I32]], [
	...wordLoop(2, 0, [...vAt(layout, 2), ...scaled(layout, 2, 1), op.f32Demote, op.f32Store, ...at(0)])
]);
// foldAveraged(end 0, aw 1, a 2, b 3): aw[j] = f32((aw[j] + a · v[j]) / b); local 4 = i
export const foldAveragedBody = (layout: WeightLayout) => body([[1, I32]], [
	...wordLoop(4, 0, [...vAt(layout, 4), ...get(1), op.i32Add, ...averaged(layout, 4, 1, 2, 3), op.f32Demote, op.f32Store, ...at(0)])
]);

// sumSquares(end 0, w 1) → f64: Σ f64(w[j])² over the bytes [0, end) at w, ascending (hinge.ts's
// l2Penalty sum; non-finite exactly when a weight is); local 2 = i, 3 = sum, 4 = w[j]
export const sumSquaresBody = body([[1, I32], [2, F64]], [
	...wordLoop(2, 0, [
		...get(3), ...get(2), ...get(1), op.i32Add, op.f32Load, ...at(0), op.f64Promote, op.tee, 4, ...get(4), op.f64Mul, op.f64Add, ...set(3)
	]),
	...get(3)
]);

/*
 * The same three over a list of features only (uint32 indices, ascending, at bytes [list, end)):
 * where a matrix has few distinct columns (a few hundred documents over 2^18 buckets), the
 * features no row has keep v_j = aw_j = 0 from a zero start, so their model weight is 0 and adds
 * nothing to Σ out[j]²; forming the model each epoch then costs O(columns), not O(d). The list's
 * entries are formed exactly as above and the sum adds the same squares in the same order, less
 * exact zeros, so the bits are the same.
 */
// materialiseColumns(list 0, end 1, out 2, wscale 3) → f64; locals 4 = i, 5 = the sum, 6 = out[j]
export const materialiseColumnsBody = (layout: WeightLayout) => body([[1, I32], [2, F64]], [
	...listLoop(0, 1, 4, [...get(4), ...get(2), op.i32Add, ...scaled(layout, 4, 3), ...storeAndSquare(6, 5)]),
	...get(5)
]);

// materialiseAveragedColumns(list 0, end 1, out 2, aw 3, a 4, b 5) → f64; locals 6 = i, 7 = the sum, 8 = out[j]
export const materialiseAveragedColumnsBody = (layout: WeightLayout) => body([[1, I32], [2, F64]], [
	...listLoop(0, 1, 6, [...get(6), ...get(2), op.i32Add, ...averaged(layout, 6, 3, 4, 5), ...storeAndSquare(8, 7)]),
	...get(7)
]);

// sumSquaresColumns(list 0, end 1, w 2) → f64; locals 3 = i, 4 = the sum, 5 = w[j]
export const sumSquaresColumnsBody = body([[1, I32], [2, F64]], [
	...listLoop(0, 1, 3, [
		...get(4), ...get(3), ...get(2), op.i32Add, op.f32Load, ...at(0), op.f64Promote, op.tee, 5, ...get(5), op.f64Mul, op.f64Add, ...set(4)
	]),
	...get(4)
]);

/**
 * The byte offsets of plainSteps's state block (float64 each); csr-kernel.ts reads and writes it.
 */
export const STATE = {
	wscale: 0,
	bias: 8,
	t: 16,
	eta: 24,
	alpha: 32,
	positiveWeight: 40,
	negativeWeight: 48,
	interceptDecay: 56,
	optimalInit: 64,
	positiveLoss: 72,
	negativeLoss: 80,
	badMargin: 88,
	threshold: 96,
	averageA: 104,
	averageB: 112,
	averageBias: 120
} as const;
export const STATE_BYTES = 128;

/** The largest finite float32 (sgd-steps.ts's F32_MAX). */
export const F32_MAX = 3.4028234663852886e38;


// plainSteps(from 0, to 1, mode 2, fitIntercept 3, order 4, y 5, indptr 6, indices 7, values 8,
//   etas 9, vBytes 10, state 11) → i32: sgd-steps.ts's csrSteps or denseSteps, one call per
//   range of the epoch's order. mode & 3: 0 η fixed (constant, adaptive), 1 optimal, 2 η read from
//   the table at `etas` (8 bytes per k, invscaling: wasm has no pow); mode & 4: averaged SGD, with
//   aw at RowCode.awOffset from v (vBytes = 4d when contiguous) and the average's a, b and intercept in the state
//   block (csrSteps's steps 2–4 with aw: the averaged fold, addAveraged, the lazy mean). Returns
//   −1, or the k whose margin overflowed (its margin in state.badMargin). Locals: 12 k, 13 i,
//   14 start, 15 end, 16 positive, 17 wscale, 18 b, 19 t, 20 eta, 21 shrink, 22 alpha, 23 margin,
//   24 update, 25 positiveLoss, 26 negativeLoss, 27 result, 28 averageA, 29 averageB,
//   30 averageBias, 31 averaged. (A dense module ignores indptr and indices; values is its rows,
//   and 14 the byte address of row i.)
const S = (field: keyof typeof STATE) => [...get(11), op.f64Load, ...at8(STATE[field])];
const storeS = (field: keyof typeof STATE, local: number) => [...get(11), ...get(local), op.f64Store, ...at8(STATE[field])];
const one = f64const(1);
/**
 * How plainSteps reads row i (local 13): `row` sets locals 14 (and 15) from it; `dot` pushes
 * Σ v_j x_ij (f64); `add(c)` and `addAveraged(c)` call functions 1 and 2 with the step's c (code
 * pushing it) — addAveraged also with a (local 28) and aw's offset (awOffset).
 */
export interface RowCode {
	row: number[];
	dot: number[];
	add: (c: number[]) => number[];
	addAveraged: (c: number[]) => number[];
	/** Pushes aw's offset from v (i32): vBytes (local 10) when contiguous, 4 when interleaved. */
	awOffset: number[];
}

/** plainSteps's body over rows read by `rows`. */
export function plainStepsBody(rows: RowCode): number[] {
	const c = [...get(24), ...get(17), op.f64Div];
	return body([[5, I32], [10, F64], [1, I32], [3, F64], [1, I32]], [
	op.i32Const, 0x7f, ...set(27), // −1
	...get(2), op.i32Const, 4, op.i32And, ...set(31),
	...get(2), op.i32Const, 3, op.i32And, ...set(2),
	...S('averageA'), ...set(28),
	...S('averageB'), ...set(29),
	...S('averageBias'), ...set(30),
	...S('wscale'), ...set(17),
	...S('bias'), ...set(18),
	...S('t'), ...set(19),
	...S('eta'), ...set(20),
	...S('alpha'), ...set(22),
	...S('positiveLoss'), ...set(25),
	...S('negativeLoss'), ...set(26),
	...one, ...get(20), ...get(22), op.f64Mul, op.f64Sub, ...set(21),
	...get(0), ...set(12),
	op.block, VOID,
	op.loop, VOID,
	...get(12), ...get(1), op.i32GeU, op.brIf, 1,
	// i = order[k]; the row's entries [start, end) as byte offsets
	...get(4), ...get(12), op.i32Const, 2, op.i32Shl, op.i32Add, op.i32Load, ...at(0), ...set(13),
	...rows.row,
	// η and the shrink factor of step t
	...get(2), op.i32Const, 1, op.i32Eq,
	op.if, VOID,
	...one, ...get(22), ...S('optimalInit'), ...get(19), op.f64Add, ...one, op.f64Sub, op.f64Mul, op.f64Div, ...set(20),
	...one, ...get(20), ...get(22), op.f64Mul, op.f64Sub, ...set(21),
	op.end,
	...get(2), op.i32Const, 2, op.i32Eq,
	op.if, VOID,
	...get(9), ...get(12), op.i32Const, 3, op.i32Shl, op.i32Add, op.f64Load, ...at8(0), ...set(20),
	...one, ...get(20), ...get(22), op.f64Mul, op.f64Sub, ...set(21),
	op.end,
	// 1. the margin with the weights before the step
	...get(5), ...get(13), op.i32Add, op.i32Load8S, 0, 0, op.i32Const, 0, op.i32GtS, ...set(16),
	...get(17), ...rows.dot, op.f64Mul, ...get(18), op.f64Add, ...set(23),
	...get(16), op.i32Eqz, op.if, VOID, ...get(23), op.f64Neg, ...set(23), op.end,
	...get(23), ...f64const(F32_MAX), op.f64Le, ...get(23), ...f64const(-F32_MAX), op.f64Ge, op.i32And,
	op.i32Eqz, op.if, VOID,
	...storeS('badMargin', 23), ...get(12), ...set(27), op.br, 2,
	op.end,
	// 2. the L2 shrink, folding wscale into v below the threshold
	...get(22), ...f64const(0), op.f64Ne,
	op.if, VOID,
	...get(21), ...f64const(0), op.f64Gt,
	op.if, F64, ...get(17), ...get(21), op.f64Mul, op.f32Demote, op.f64Promote, op.else, ...f64const(0), op.end,
	...set(17),
	...get(17), ...S('threshold'), op.f64Lt,
	op.if, VOID,
	// weight-vector.ts's resetWscale: with averaging aw = f32((aw + a·v) / b), a = 0, b = 1 first
	...get(31), op.if, VOID,
	...get(10), ...rows.awOffset, ...get(28), ...get(29), op.call, FN.foldAveraged,
	...f64const(0), ...set(28), ...one, ...set(29),
	op.end,
	...get(10), ...get(17), op.call, FN.fold, ...one, ...set(17),
	op.end,
	op.end,
	// 3. the hinge subgradient when margin ≤ 1
	...get(23), ...one, op.f64Le,
	op.if, VOID,
	...get(16),
	op.if, VOID,
	...get(25), ...one, ...get(23), op.f64Sub, op.f64Add, ...set(25),
	...get(20), ...S('positiveWeight'), op.f64Mul, ...set(24),
	op.else,
	...get(26), ...one, ...get(23), op.f64Sub, op.f64Add, ...set(26),
	...get(20), ...S('negativeWeight'), op.f64Mul, op.f64Neg, ...set(24),
	op.end,
	...get(24), ...f64const(0), op.f64Ne,
	op.if, VOID,
	...get(31), op.if, VOID,
	...rows.addAveraged(c),
	op.else,
	...rows.add(c),
	op.end,
	...get(3), op.if, VOID, ...get(18), ...get(24), ...S('interceptDecay'), op.f64Mul, op.f64Add, op.f32Demote, op.f64Promote, ...set(18), op.end,
	op.end,
	op.end,
	// 4. the lazy running mean of the iterates (sklearn's add_average), as csrSteps computes it
	...get(31), op.if, VOID,
	...get(19), ...one, op.f64Gt, op.if, VOID,
	...get(29), ...one, ...one, ...get(19), op.f64Div, op.f64Sub, op.f64Div, op.f32Demote, op.f64Promote, ...set(29),
	op.end,
	...get(28), ...one, ...get(19), op.f64Div, ...get(29), op.f64Mul, ...get(17), op.f64Mul, op.f64Add, op.f32Demote, op.f64Promote, ...set(28),
	...get(30), ...get(18), ...get(30), op.f64Sub, ...get(19), op.f64Div, op.f64Add, op.f32Demote, op.f64Promote, ...set(30),
	op.end,
	...get(19), ...one, op.f64Add, ...set(19),
	...advance(12, 1),
	op.br, 0,
	op.end,
	op.end,
	...storeS('wscale', 17),
	...storeS('bias', 18),
	...storeS('t', 19),
	...storeS('eta', 20),
	...storeS('positiveLoss', 25),
	...storeS('negativeLoss', 26),
	...storeS('averageA', 28),
	...storeS('averageB', 29),
	...storeS('averageBias', 30),
	...get(27)
]);
}
