/**
 * The bytes of a tiny WebAssembly module with the CSR row operations of row-ops.ts, written here
 * by hand so that no build step and no dependency is needed: the module is about 2 KB,
 * compiled synchronously (browsers allow that below 4 KB even on the main thread).
 *
 * Why WebAssembly: in V8 (Node 20, Chrome) a JS loop over `v[indices[e]] * values[e]` re-checks
 * the typed arrays' maps, reloads their data pointers and bounds-checks every access, which
 * makes a CSR dot product about 2–3 ns per non-zero against C's 1.65; the same loop in wasm
 * reads memory directly (out-of-range reads trap on guard pages, at no cost per access).
 *
 * The module imports one memory (`env.memory`) laid out by csr-kernel.ts: v (float32, feature j
 * at byte 4j, so v starts at byte 0), then aw, then the CSR indices (uint32) and values (float32).
 * Pointers are byte addresses; a row is the index bytes [ind, end) with its values from `val`.
 * Arithmetic is row-ops.ts's, operation for operation: float32 loads promoted to float64,
 * float64 multiplies and adds in ascending entry order, one rounding to float32 per store
 * (f32.demote_f64 rounds to nearest even, as a Float32Array store does), so both give the same bits.
 *
 *   dot(ind, val, end) → f64            Σ v[idx[e]] · val[e]
 *   dotAt(ind, val, end, w) → f64       the same with the weights at byte w (the model, for the objective)
 *   add(ind, val, end, c)               v[j] = f32(v[j] + val[e] · c)
 *   addAveraged(ind, val, end, c, a, aw)  δ = val[e] · c; v[j] = f32(v[j] + δ); aw[j] = f32(aw[j] − a · δ)
 *     (aw = the byte address of aw[0])
 *   materialise(end, out, wscale)       out[j] = f32(v[j] · wscale) over v's bytes [0, end) (weight-vector.ts)
 *   materialiseAveraged(end, out, aw, a, b)  out[j] = f32((aw[j] + a · v[j]) / b)
 *   plainSteps(…) → i32                 sgd-steps.ts's csrSteps (batch size 1, with or without averaging), whole (see below)
 *   sumSquares(end, w) → f64            Σ w[j]² over w's bytes [0, end) (hinge.ts's l2Penalty sum)
 */

const I32 = 0x7f;
const F64 = 0x7c;

// The opcodes used below (WebAssembly core spec 1.0, §5.4).
const op = {
	block: 0x02,
	loop: 0x03,
	end: 0x0b,
	br: 0x0c,
	brIf: 0x0d,
	get: 0x20,
	set: 0x21,
	tee: 0x22,
	i32Load: 0x28,
	f32Load: 0x2a,
	f32Store: 0x38,
	i32Const: 0x41,
	i32Eqz: 0x45,
	i32GeU: 0x4f,
	i32LtU: 0x49,
	i32GtU: 0x4b,
	i32Add: 0x6a,
	i32Shl: 0x74,
	f64Add: 0xa0,
	f64Sub: 0xa1,
	f64Mul: 0xa2,
	f64Div: 0xa3,
	f32Demote: 0xb6,
	f64Promote: 0xbb,
	if: 0x04,
	else: 0x05,
	call: 0x10,
	i32Load8S: 0x2c,
	f64Load: 0x2b,
	f64Store: 0x39,
	f64Const: 0x44,
	i32GtS: 0x4a,
	i32Eq: 0x46,
	i32Sub: 0x6b,
	f64Ne: 0x62,
	f64Lt: 0x63,
	f64Gt: 0x64,
	f64Le: 0x65,
	f64Ge: 0x66,
	f64Neg: 0x9a,
	f64ConvertI32U: 0xb8,
	i32Mul: 0x6c,
	i32And: 0x71
} as const;

const VOID = 0x40;
/** memarg of an 8-byte access at byte `offset`: log2 alignment 3. */
const at8 = (offset: number) => [3, offset];

/** f64.const x (8 bytes little-endian). */
function f64const(x: number): number[] {
	const bytes = new Uint8Array(new Float64Array([x]).buffer);
	return [op.f64Const, ...bytes];
}
/** memarg of a 4-byte access at byte `offset` past the address: log2 alignment 2. */
const at = (offset: number) => [2, offset];

function uleb(value: number): number[] {
	const out: number[] = [];
	do {
		let byte = value & 0x7f;
		value >>>= 7;
		if (value !== 0) byte |= 0x80;
		out.push(byte);
	} while (value !== 0);
	return out;
}

function vector(items: number[][]): number[] {
	return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
	return [id, ...uleb(body.length), ...body];
}

function text(name: string): number[] {
	const bytes = [...new TextEncoder().encode(name)];
	return [...uleb(bytes.length), ...bytes];
}

/** A function body: locals as (count, type) runs, then the code, then `end`. */
function body(locals: [number, number][], code: number[]): number[] {
	const inner = [...vector(locals.map(([count, type]) => [...uleb(count), type])), ...code, op.end];
	return [...uleb(inner.length), ...inner];
}

const get = (index: number) => [op.get, index];
const set = (index: number) => [op.set, index];
/** ptr += bytes. */
const advance = (index: number, bytes: number) => [...get(index), op.i32Const, bytes, op.i32Add, ...set(index)];
/** The byte address of v[idx[e + k]] (idx read at local `ind`). */
const weightAddress = (ind: number, k: number) => [...get(ind), op.i32Load, ...at(4 * k), op.i32Const, 2, op.i32Shl];
/** f64(val[e + k]) (val read at local `val`). */
const loadValue = (val: number, k: number) => [...get(val), op.f32Load, ...at(4 * k), op.f64Promote];

/**
 * `for (; ind < end; ind += 4, val += 4) step(0)`, unrolled by four (step(k) handles entry
 * e + k; the entries still run in ascending order, one after another) to cut the loop's
 * overhead per entry, then one entry at a time for the rest.
 */
function rowLoop(ind: number, val: number, end: number, step: (k: number) => number[]): number[] {
	return [
		op.block, VOID,
		op.loop, VOID,
		...get(ind), op.i32Const, 16, op.i32Add, ...get(end), op.i32GtU, op.brIf, 1,
		...step(0), ...step(1), ...step(2), ...step(3),
		...advance(ind, 16),
		...advance(val, 16),
		op.br, 0,
		op.end,
		op.end,
		op.block, VOID,
		...get(ind), ...get(end), op.i32GeU, op.brIf, 0,
		op.loop, VOID,
		...step(0),
		...advance(val, 4),
		...get(ind), op.i32Const, 4, op.i32Add, op.tee, ind,
		...get(end), op.i32LtU, op.brIf, 0,
		op.end,
		op.end
	];
}

// dot(ind 0, val 1, end 2) → f64; local 3 = sum
const dotBody = body([[1, F64]], [
	...rowLoop(0, 1, 2, (k) => [
		...get(3),
		...weightAddress(0, k), op.f32Load, ...at(0), op.f64Promote,
		...loadValue(1, k),
		op.f64Mul, op.f64Add, ...set(3)
	]),
	...get(3)
]);

// dotAt(ind 0, val 1, end 2, w 3) → f64, the weights at byte w; local 4 = sum
const dotAtBody = body([[1, F64]], [
	...rowLoop(0, 1, 2, (k) => [
		...get(4),
		...weightAddress(0, k), ...get(3), op.i32Add, op.f32Load, ...at(0), op.f64Promote,
		...loadValue(1, k),
		op.f64Mul, op.f64Add, ...set(4)
	]),
	...get(4)
]);

// add(ind 0, val 1, end 2, c 3); local 4 = byte address of v[j]
const addBody = body([[1, I32]], [
	...rowLoop(0, 1, 2, (k) => [
		...weightAddress(0, k), op.tee, 4,
		...get(4), op.f32Load, ...at(0), op.f64Promote,
		...loadValue(1, k), ...get(3), op.f64Mul,
		op.f64Add, op.f32Demote,
		op.f32Store, ...at(0)
	])
]);

// addAveraged(ind 0, val 1, end 2, c 3, a 4, aw 5); local 6 = address of v[j], 7 = δ, 8 = address of aw[j]
const addAveragedBody = body([[1, I32], [1, F64], [1, I32]], [
	...rowLoop(0, 1, 2, (k) => [
		...weightAddress(0, k), op.tee, 6,
		...loadValue(1, k), ...get(3), op.f64Mul, ...set(7),
		...get(6), op.f32Load, ...at(0), op.f64Promote, ...get(7), op.f64Add, op.f32Demote,
		op.f32Store, ...at(0),
		...get(6), ...get(5), op.i32Add, op.tee, 8,
		...get(8), op.f32Load, ...at(0), op.f64Promote, ...get(4), ...get(7), op.f64Mul, op.f64Sub, op.f32Demote,
		op.f32Store, ...at(0)
	])
]);

/** `for (i = 0; i < end; i += 4) step`, skipped when end is 0. */
function wordLoop(i: number, end: number, step: number[]): number[] {
	return [
		op.block, VOID,
		...get(end), op.i32Eqz, op.brIf, 0,
		op.loop, VOID,
		...step,
		...get(i), op.i32Const, 4, op.i32Add, op.tee, i,
		...get(end), op.i32LtU, op.brIf, 0,
		op.end,
		op.end
	];
}

// materialise(end 0, out 1, wscale 2): out[j] = f32(v[j] · wscale) for bytes [0, end); local 3 = i
const materialiseBody = body([[1, I32]], [
	...wordLoop(3, 0, [
		...get(3), ...get(1), op.i32Add,
		...get(3), op.f32Load, ...at(0), op.f64Promote, ...get(2), op.f64Mul, op.f32Demote,
		op.f32Store, ...at(0)
	])
]);

// materialiseAveraged(end 0, out 1, aw 2, a 3, b 4): out[j] = f32((aw[j] + a · v[j]) / b); local 5 = i
const materialiseAveragedBody = body([[1, I32]], [
	...wordLoop(5, 0, [
		...get(5), ...get(1), op.i32Add,
		...get(5), ...get(2), op.i32Add, op.f32Load, ...at(0), op.f64Promote,
		...get(3), ...get(5), op.f32Load, ...at(0), op.f64Promote, op.f64Mul, op.f64Add,
		...get(4), op.f64Div, op.f32Demote,
		op.f32Store, ...at(0)
	])
]);

// sumSquares(end 0, w 1) → f64: Σ f64(w[j])² over the bytes [0, end) at w, ascending (hinge.ts's
// l2Penalty sum; non-finite exactly when a weight is); local 2 = i, 3 = sum, 4 = w[j]
const sumSquaresBody = body([[1, I32], [2, F64]], [
	...wordLoop(2, 0, [
		...get(3), ...get(2), ...get(1), op.i32Add, op.f32Load, ...at(0), op.f64Promote, op.tee, 4, ...get(4), op.f64Mul, op.f64Add, ...set(3)
	]),
	...get(3)
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
const F32_MAX = 3.4028234663852886e38;

// plainSteps(from 0, to 1, mode 2, fitIntercept 3, order 4, y 5, indptr 6, indices 7, values 8,
//   etas 9, vBytes 10, state 11) → i32: sgd-steps.ts's csrSteps, one call per
//   range of the epoch's order. mode & 3: 0 η fixed (constant, adaptive), 1 optimal, 2 η read from
//   the table at `etas` (8 bytes per k, invscaling: wasm has no pow); mode & 4: averaged SGD, with
//   aw at byte vBytes (csr-kernel.ts's layout) and the average's a, b and intercept in the state
//   block (csrSteps's steps 2–4 with aw: the averaged fold, addAveraged, the lazy mean). Returns
//   −1, or the k whose margin overflowed (its margin in state.badMargin). Locals: 12 k, 13 i,
//   14 start, 15 end, 16 positive, 17 wscale, 18 b, 19 t, 20 eta, 21 shrink, 22 alpha, 23 margin,
//   24 update, 25 positiveLoss, 26 negativeLoss, 27 result, 28 averageA, 29 averageB,
//   30 averageBias, 31 averaged.
const S = (field: keyof typeof STATE) => [...get(11), op.f64Load, ...at8(STATE[field])];
const storeS = (field: keyof typeof STATE, local: number) => [...get(11), ...get(local), op.f64Store, ...at8(STATE[field])];
const one = f64const(1);
const rowArgs = (base: number) => [...get(base), ...get(14), op.i32Add];
const plainStepsBody = body([[5, I32], [10, F64], [1, I32], [3, F64], [1, I32]], [
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
	...get(6), ...get(13), op.i32Const, 2, op.i32Shl, op.i32Add, op.tee, 15,
	op.i32Load, ...at(0), op.i32Const, 2, op.i32Shl, ...set(14),
	...get(15), op.i32Load, ...at(4), op.i32Const, 2, op.i32Shl, ...set(15),
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
	...get(17), ...rowArgs(7), ...rowArgs(8), ...get(7), ...get(15), op.i32Add, op.call, 0, op.f64Mul, ...get(18), op.f64Add, ...set(23),
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
	...get(10), ...get(10), ...get(10), ...get(28), ...get(29), op.call, 5,
	...f64const(0), ...set(28), ...one, ...set(29),
	op.end,
	...get(10), op.i32Const, 0, ...get(17), op.call, 4, ...one, ...set(17),
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
	...rowArgs(7), ...rowArgs(8), ...get(7), ...get(15), op.i32Add, ...get(24), ...get(17), op.f64Div, ...get(28), ...get(10), op.call, 2,
	op.else,
	...rowArgs(7), ...rowArgs(8), ...get(7), ...get(15), op.i32Add, ...get(24), ...get(17), op.f64Div, op.call, 1,
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

/** The module's bytes (see the head comment for its imports and exports). */
export function csrModuleBytes(): Uint8Array<ArrayBuffer> {
	const types = section(1, vector([
		[0x60, ...vector([[I32], [I32], [I32]]), ...vector([[F64]])],
		[0x60, ...vector([[I32], [I32], [I32], [F64]]), 0],
		[0x60, ...vector([[I32], [I32], [I32], [F64], [F64], [I32]]), 0],
		[0x60, ...vector([[I32], [I32], [I32], [I32]]), ...vector([[F64]])],
		[0x60, ...vector([[I32], [I32], [F64]]), 0],
		[0x60, ...vector([[I32], [I32], [I32], [F64], [F64]]), 0],
		[0x60, ...vector(Array.from({ length: 12 }, () => [I32])), ...vector([[I32]])],
		[0x60, ...vector([[I32], [I32]]), ...vector([[F64]])]
	]));
	// memory import: limits flag 0, at least 1 page, no maximum
	const imports = section(2, vector([[...text('env'), ...text('memory'), 0x02, 0x00, 1]]));
	const functions = section(3, vector([[0], [1], [2], [3], [4], [5], [6], [7]]));
	const exports = section(7, vector([
		[...text('dot'), 0x00, 0],
		[...text('add'), 0x00, 1],
		[...text('addAveraged'), 0x00, 2],
		[...text('dotAt'), 0x00, 3],
		[...text('materialise'), 0x00, 4],
		[...text('materialiseAveraged'), 0x00, 5],
		[...text('plainSteps'), 0x00, 6],
		[...text('sumSquares'), 0x00, 7]
	]));
	const code = section(10, vector([dotBody, addBody, addAveragedBody, dotAtBody, materialiseBody, materialiseAveragedBody, plainStepsBody, sumSquaresBody]));
	return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...functions, ...exports, ...code]);
}
