/**
 * Staging: the rows of an epoch copied, a chunk at a time, into a small buffer in visit order,
 * so that plainSteps (wasm-steps.ts) reads them one after another instead of jumping across the
 * matrix. The steps are the same, on the same values in the same order, so the bits are the same.
 *
 * Why: a shuffled epoch visits rows at random places. Each SGD step waits on the one before it
 * (the weights), so the processor cannot fetch the next row early, and every row start is a
 * cache and TLB miss inside that chain: on 2^18-bucket text a CSR dot product costs 1.3 ns per
 * non-zero over rows in memory order and 2.9–3.5 ns in shuffled order (Node 20, EPYC). A copy
 * loop has no such chain, so its misses overlap; the steps then run over the buffer as over
 * rows in memory order. (scikit-learn's bench peer gets the same effect from its rows stacked
 * in visit order; its own fit(shuffle=True) reads them at random, as Descent did.)
 *
 * A chunk holds at most STAGE_ROWS rows and, for CSR, STAGE_ENTRIES entries (or one row, however
 * long): about 128 KB, which stays in the L2 cache beside the weights.
 *
 * Both modules export `gather` as function 8 (after wasm-steps.ts's FN table):
 *   dense: gather(order, from, to, rows, vBytes, y, stage, stageY, maxRows) → m
 *     copies rows order[from], … (m = min(to − from, maxRows) of them) to stage, row j at byte
 *     stage + j · vBytes, and their labels to stageY[j].
 *   CSR: gather(order, from, to, indptr, pairs, y, sIndptr, sPairs, sY, maxRows, maxBytes) → m
 *     the same for CSR rows, whose entries the kernel keeps as (index, value) pairs (csr-wasm.ts):
 *     each row's pairs copied as one block, packed from byte 0 of sPairs, sIndptr[j] the entry
 *     where staged row j starts (sIndptr[0] = 0), no more than maxBytes of pairs unless the
 *     chunk is one row.
 */
import { body, get, I32, op, set, VOID } from './wasm-encode';

/** Rows per chunk at most. */
export const STAGE_ROWS = 1024;
/** Bytes of dense rows per chunk (at least one row), and CSR entries per chunk (8 bytes each). */
export const STAGE_BYTES = 131072;
export const STAGE_ENTRIES = 16384;

const i32Store = 0x36;
const i32Store8 = 0x3a;
const i32ShrU = 0x76;
const at0 = [2, 0];
/** memory.copy (bulk memory, WebAssembly 2.0): [dst, src, bytes] → []. */
const memoryCopy = [0xfc, 0x0a, 0x00, 0x00];
/** i32.load of order[from + j] (locals: order 0, from 1, j). */
const orderAt = (j: number) => [...get(0), ...get(1), ...get(j), op.i32Add, op.i32Const, 2, op.i32Shl, op.i32Add, op.i32Load, ...at0];
/** stageY[j] = y[i] (one byte). */
const copyLabel = (stageY: number, j: number, y: number, i: number) => [...get(stageY), ...get(j), op.i32Add, ...get(y), ...get(i), op.i32Add, op.i32Load8S, 0, 0, i32Store8, 0, 0];
/** Stop the chunk (br 1 out of its loop) once j reaches maxRows or from + j reaches to. */
const chunkFull = (j: number, maxRows: number) => [
	...get(j), ...get(maxRows), op.i32GeU, op.brIf, 1,
	...get(1), ...get(j), op.i32Add, ...get(2), op.i32GeU, op.brIf, 1
];

// dense gather(order 0, from 1, to 2, rows 3, vBytes 4, y 5, stage 6, stageY 7, maxRows 8) → i32;
// locals 9 j, 10 i, 11 source row, 12 staged row
export const denseGatherBody = body([[4, I32]], [
	op.block, VOID,
	op.loop, VOID,
	...chunkFull(9, 8),
	...orderAt(9), ...set(10),
	...get(10), ...get(4), op.i32Mul, ...get(3), op.i32Add, ...set(11),
	...get(9), ...get(4), op.i32Mul, ...get(6), op.i32Add, ...set(12),
	...get(12), ...get(11), ...get(4), ...memoryCopy,
	...copyLabel(7, 9, 5, 10),
	...get(9), op.i32Const, 1, op.i32Add, ...set(9),
	op.br, 0,
	op.end,
	op.end,
	...get(9)
]);

// CSR gather(order 0, from 1, to 2, indptr 3, pairs 4, y 5, sIndptr 6, sPairs 7, sY 8, maxRows 9,
// maxBytes 10) → i32; locals 11 j, 12 i, 13 the row's first pair (bytes), 14 its length (bytes),
// 15 bytes staged
export const csrGatherBody = body([[5, I32]], [
	...get(6), op.i32Const, 0, i32Store, ...at0,
	op.block, VOID,
	op.loop, VOID,
	...chunkFull(11, 9),
	...orderAt(11), ...set(12),
	...get(3), ...get(12), op.i32Const, 2, op.i32Shl, op.i32Add, op.i32Load, ...at0, op.i32Const, 3, op.i32Shl, ...set(13),
	...get(3), ...get(12), op.i32Const, 2, op.i32Shl, op.i32Add, op.i32Load, 2, 4, op.i32Const, 3, op.i32Shl, ...get(13), op.i32Sub, ...set(14),
	// a row that would overflow a chunk already holding rows waits for the next chunk
	...get(15), ...get(14), op.i32Add, ...get(10), op.i32GtU, ...get(11), op.i32Const, 0, op.i32GtU, op.i32And, op.brIf, 1,
	...get(7), ...get(15), op.i32Add, ...get(4), ...get(13), op.i32Add, ...get(14), ...memoryCopy,
	...get(15), ...get(14), op.i32Add, ...set(15),
	...get(6), ...get(11), op.i32Const, 2, op.i32Shl, op.i32Add, ...get(15), op.i32Const, 3, i32ShrU, i32Store, 2, 4,
	...copyLabel(8, 11, 5, 12),
	...get(11), op.i32Const, 1, op.i32Add, ...set(11),
	op.br, 0,
	op.end,
	op.end,
	...get(11)
]);
