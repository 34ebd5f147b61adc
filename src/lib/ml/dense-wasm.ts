/**
 * The bytes of the WebAssembly module that runs plain SGD (batch size 1, with or without
 * averaging) over dense rows: row-ops.ts's denseDot, denseAddScaled and denseAddScaledAveraged
 * over a row-major matrix in the module's memory, and the shared weight-vector functions and
 * plainSteps loop (wasm-steps.ts), at the same function indices as the CSR module.
 *
 * Why: sgd-steps.ts's denseSteps in V8 re-checks the typed arrays and bounds on every access,
 * about 2.5× scikit-learn's time per step on 32 features; in wasm the loop reads memory directly.
 *
 * Memory (laid out by dense-kernel.ts): v (float32, feature j at byte 4j, so v starts at byte 0)
 * then aw (at byte vBytes = 4d), …, the rows (row i at byte x + i · vBytes). Arithmetic is
 * row-ops.ts's, operation for operation: products of float32 values in float64 (exact), sums in
 * float64 in ascending feature order one add at a time, one rounding to float32 per store; a
 * zero of the row changes no weight (denseAddScaled skips it, keeping even the sign of a zero).
 *
 *   dot(row, vBytes) → f64                Σ v[j] · x[j] over the row at byte `row`
 *   add(row, vBytes, c)                   x[j] ≠ 0: v[j] = f32(v[j] + x[j] · c)
 *   addAveraged(row, vBytes, c, a)        x[j] ≠ 0: δ = x[j] · c; v[j] = f32(v[j] + δ); aw[j] = f32(aw[j] − a · δ)
 *   dotAt(row, vBytes, w) → f64           Σ w[j] · x[j], the weights at byte w (the model, for the objective)
 *   materialise, materialiseAveraged, plainSteps, sumSquares, fold, foldAveraged: wasm-steps.ts's (weights contiguous)
 *   prefetch(…) → i32                     touches a chunk of the epoch's rows in visit order (wasm-prefetch.ts)
 */
import { advance, at, body, F64, f64const, funcType, get, I32, op, set, VOID, wasmModule } from './wasm-encode';
import { densePrefetchBody } from './wasm-prefetch';
import { FN, foldAveragedBody, foldBody, materialiseAveragedBody, materialiseBody, plainStepsBody, sumSquaresBody, type RowCode } from './wasm-steps';

/**
 * `for (j = 0; j < end; j += 4) step(0)` over the bytes of one row, unrolled by four (step(k)
 * handles the word at j + 4k; the words still run in ascending order, one after another) to cut
 * the loop's overhead per feature, then one word at a time for the rest. end > 0 (d ≥ 1).
 */
function featureLoop(j: number, end: number, step: (k: number) => number[]): number[] {
	return [
		op.block, VOID,
		op.loop, VOID,
		...get(j), op.i32Const, 16, op.i32Add, ...get(end), op.i32GtU, op.brIf, 1,
		...step(0), ...step(1), ...step(2), ...step(3),
		...advance(j, 16),
		op.br, 0,
		op.end,
		op.end,
		op.block, VOID,
		...get(j), ...get(end), op.i32GeU, op.brIf, 0,
		op.loop, VOID,
		...step(0),
		...advance(j, 4),
		...get(j), ...get(end), op.i32LtU, op.brIf, 0,
		op.end,
		op.end
	];
}

/** f64 of the float32 at byte `base` (local) + j (local) + 4k. */
const loadAt = (base: number, j: number, k: number) => [...get(base), ...get(j), op.i32Add, op.f32Load, ...at(4 * k), op.f64Promote];
/** f64(v[j / 4 + k]): v starts at byte 0. */
const loadV = (j: number, k: number) => [...get(j), op.f32Load, ...at(4 * k), op.f64Promote];

// dot(row 0, vBytes 1) → f64; local 2 = j (bytes), 3 = sum
const dotBody = body([[1, I32], [1, F64]], [
	...featureLoop(2, 1, (k) => [...get(3), ...loadV(2, k), ...loadAt(0, 2, k), op.f64Mul, op.f64Add, ...set(3)]),
	...get(3)
]);

// dotAt(row 0, vBytes 1, w 2) → f64; local 3 = j, 4 = sum
const dotAtBody = body([[1, I32], [1, F64]], [
	...featureLoop(3, 1, (k) => [...get(4), ...loadAt(2, 3, k), ...loadAt(0, 3, k), op.f64Mul, op.f64Add, ...set(4)]),
	...get(4)
]);

// add(row 0, vBytes 1, c 2); local 3 = j, 4 = x[j]
const addBody = body([[1, I32], [1, F64]], [
	...featureLoop(3, 1, (k) => [
		...loadAt(0, 3, k), op.tee, 4, ...f64const(0), op.f64Ne,
		op.if, VOID,
		...get(3), ...loadV(3, k), ...get(4), ...get(2), op.f64Mul, op.f64Add, op.f32Demote, op.f32Store, ...at(4 * k),
		op.end
	])
]);

// addAveraged(row 0, vBytes 1, c 2, a 3), aw at byte vBytes; local 4 = j, 5 = x[j] then δ, 6 = address of aw[j]
const addAveragedBody = body([[1, I32], [1, F64], [1, I32]], [
	...featureLoop(4, 1, (k) => [
		...loadAt(0, 4, k), op.tee, 5, ...f64const(0), op.f64Ne,
		op.if, VOID,
		...get(5), ...get(2), op.f64Mul, ...set(5),
		...get(4), ...loadV(4, k), ...get(5), op.f64Add, op.f32Demote, op.f32Store, ...at(4 * k),
		...get(4), ...get(1), op.i32Add, op.tee, 6,
		...get(6), op.f32Load, ...at(4 * k), op.f64Promote, ...get(3), ...get(5), op.f64Mul, op.f64Sub, op.f32Demote, op.f32Store, ...at(4 * k),
		op.end
	])
]);

/** Row i of the row-major matrix at byte `values` (param 8): local 14 = values + i · vBytes. */
const denseRows: RowCode = {
	row: [...get(13), ...get(10), op.i32Mul, ...get(8), op.i32Add, ...set(14)],
	dot: [...get(14), ...get(10), op.call, FN.dot],
	add: (c) => [...get(14), ...get(10), ...c, op.call, FN.add],
	addAveraged: (c) => [...get(14), ...get(10), ...c, ...get(28), op.call, FN.addAveraged],
	awOffset: get(10)
};

/** The module's bytes (see the head comment for its imports and exports). */
export function denseModuleBytes(): Uint8Array<ArrayBuffer> {
	return wasmModule(
		[
			funcType([I32, I32], [F64]),
			funcType([I32, I32, F64], []),
			funcType([I32, I32, F64, F64], []),
			funcType([I32, I32, I32], [F64]),
			funcType([I32, I32, F64], [F64]),
			funcType([I32, I32, I32, F64, F64], [F64]),
			funcType(Array.from({ length: 12 }, () => I32), [I32]),
			funcType([I32, I32], [F64]),
			funcType(Array.from({ length: 6 }, () => I32), [I32]),
			funcType([I32, F64], []),
			funcType([I32, I32, F64, F64], [])
		],
		[dotBody, addBody, addAveragedBody, dotAtBody, materialiseBody('contiguous'), materialiseAveragedBody('contiguous'), plainStepsBody(denseRows), sumSquaresBody, densePrefetchBody,
			foldBody('contiguous'), foldAveragedBody('contiguous')],
		['dot', 'add', 'addAveraged', 'dotAt', 'materialise', 'materialiseAveraged', 'plainSteps', 'sumSquares', 'prefetch', 'fold', 'foldAveraged']
	);
}
