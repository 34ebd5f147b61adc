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
 * The gather runs in two passes over a chunk: the first reads one word of every 64-byte line of
 * its rows and drops it (a touch: a few instructions per line, so the processor has dozens of
 * rows' misses in flight at once, where a copy loop's longer body lets it reach only a few rows
 * ahead), the second copies the rows, now in cache. Measured on one core (CPU time of 16 fits,
 * interleaved runs): dense 10⁵ × 32 rows ~1,760 → ~1,480 ms; text at 2^18 buckets about 5–10 %
 * less. A dense row (a few lines) is copied by inline 8-byte loads and stores, which beat
 * memory.copy there (~10 %); a CSR row (~1 KB of pairs) by memory.copy, which beat them.
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

const i32Load = 0x28;
const i64Load = 0x29;
const i32Store = 0x36;
const i64Store = 0x37;
const i32Store8 = 0x3a;
const i32ShrU = 0x76;
const drop = 0x1a;
const at0 = [2, 0];
const at8 = [3, 0];
/** memory.copy (bulk memory, WebAssembly 2.0): [dst, src, bytes] → []. */
const memoryCopy = [0xfc, 0x0a, 0x00, 0x00];
/** −8 as an i32.const immediate (signed LEB128): a mask of whole 8-byte words. */
const WORDS = 0x78;

/** i32.load of order[from + j] (locals: order 0, from 1, j). */
const orderAt = (j: number) => [...get(0), ...get(1), ...get(j), op.i32Add, op.i32Const, 2, op.i32Shl, op.i32Add, op.i32Load, ...at0];
/** stageY[j] = y[i] (one byte). */
const copyLabel = (stageY: number, j: number, y: number, i: number) => [...get(stageY), ...get(j), op.i32Add, ...get(y), ...get(i), op.i32Add, op.i32Load8S, 0, 0, i32Store8, 0, 0];
/** Stop the chunk (br 1 out of its loop) once j reaches maxRows or from + j reaches to. */
const chunkFull = (j: number, maxRows: number) => [
	...get(j), ...get(maxRows), op.i32GeU, op.brIf, 1,
	...get(1), ...get(j), op.i32Add, ...get(2), op.i32GeU, op.brIf, 1
];
/** Reads and drops one word of each 64-byte line of the bytes [p, end) (locals; p moves): the touch. */
const touchLines = (p: number, end: number) => [
	op.block, VOID,
	op.loop, VOID,
	...get(p), ...get(end), op.i32GeU, op.brIf, 1,
	...get(p), i32Load, ...at0, drop,
	...get(p), op.i32Const, 0xc0, 0x00, op.i32Add, ...set(p), // + 64
	op.br, 0,
	op.end,
	op.end
];
/** Copies the bytes [src, end) to dst, 8 at a time (locals; src and dst move). */
const copyWords = (dst: number, src: number, end: number) => [
	op.block, VOID,
	op.loop, VOID,
	...get(src), ...get(end), op.i32GeU, op.brIf, 1,
	...get(dst), ...get(src), i64Load, ...at8, i64Store, ...at8,
	...get(src), op.i32Const, 8, op.i32Add, ...set(src),
	...get(dst), op.i32Const, 8, op.i32Add, ...set(dst),
	op.br, 0,
	op.end,
	op.end
];
/** `for (j = 0; ; j++) { row }` until `row` breaks out (br 1), then j = 0 again: one pass over a chunk. */
const chunkPass = (j: number, row: number[]) => [
	op.block, VOID,
	op.loop, VOID,
	...row,
	...get(j), op.i32Const, 1, op.i32Add, ...set(j),
	op.br, 0,
	op.end,
	op.end
];

// dense gather(order 0, from 1, to 2, rows 3, vBytes 4, y 5, stage 6, stageY 7, maxRows 8) → i32;
// locals 9 j, 10 i, 11 source row, 12 staged row, 13 an end
export const denseGatherBody = body([[5, I32]], [
	// the touch: lines [source row, + vBytes)
	...chunkPass(9, [
		...chunkFull(9, 8),
		...orderAt(9), ...get(4), op.i32Mul, ...get(3), op.i32Add, op.tee, 11, ...get(4), op.i32Add, ...set(13),
		...touchLines(11, 13)
	]),
	op.i32Const, 0, ...set(9),
	// the copy: whole 8-byte words, then the last 4 bytes of an odd number of features
	...chunkPass(9, [
		...chunkFull(9, 8),
		...orderAt(9), ...set(10),
		...get(10), ...get(4), op.i32Mul, ...get(3), op.i32Add, ...set(11),
		...get(9), ...get(4), op.i32Mul, ...get(6), op.i32Add, ...set(12),
		...get(11), ...get(4), op.i32Const, WORDS, op.i32And, op.i32Add, ...set(13),
		...copyWords(12, 11, 13),
		...get(4), op.i32Const, 4, op.i32And, op.if, VOID, ...get(12), ...get(11), i32Load, ...at0, i32Store, ...at0, op.end,
		...copyLabel(7, 9, 5, 10)
	]),
	...get(9)
]);

/** Locals first and end = row i's pairs [first, end) as byte offsets from pairs (param 4), from indptr (param 3). */
const rowBytes = (i: number, first: number, end: number) => [
	...get(3), ...get(i), op.i32Const, 2, op.i32Shl, op.i32Add, op.tee, end,
	op.i32Load, ...at0, op.i32Const, 3, op.i32Shl, ...set(first),
	...get(end), op.i32Load, 2, 4, op.i32Const, 3, op.i32Shl, ...set(end)
];
/** Break (br 1) when a row of `length` bytes would take the chunk past maxBytes (param 10) and the chunk already holds a row. */
const chunkBytesFull = (j: number, staged: number, length: number[]) => [
	...get(staged), ...length, op.i32Add, ...get(10), op.i32GtU, ...get(j), op.i32Const, 0, op.i32GtU, op.i32And, op.brIf, 1
];

// CSR gather(order 0, from 1, to 2, indptr 3, pairs 4, y 5, sIndptr 6, sPairs 7, sY 8, maxRows 9,
// maxBytes 10) → i32; locals 11 j, 12 i, 13 the row's first pair (bytes), 14 one past its last,
// 15 bytes staged (or touched)
export const csrGatherBody = body([[5, I32]], [
	// the touch, over the rows the copy will take
	...chunkPass(11, [
		...chunkFull(11, 9),
		...orderAt(11), ...set(12),
		...rowBytes(12, 13, 14),
		...chunkBytesFull(11, 15, [...get(14), ...get(13), op.i32Sub]),
		...get(15), ...get(14), op.i32Add, ...get(13), op.i32Sub, ...set(15),
		...get(4), ...get(13), op.i32Add, ...set(13),
		...get(4), ...get(14), op.i32Add, ...set(14),
		...touchLines(13, 14)
	]),
	op.i32Const, 0, ...set(11),
	op.i32Const, 0, ...set(15),
	...get(6), op.i32Const, 0, i32Store, ...at0,
	// the copy: each row's pairs as one block, sIndptr[j + 1] its end in entries
	...chunkPass(11, [
		...chunkFull(11, 9),
		...orderAt(11), ...set(12),
		...rowBytes(12, 13, 14),
		...get(14), ...get(13), op.i32Sub, ...set(14), // its length
		...chunkBytesFull(11, 15, get(14)),
		...get(7), ...get(15), op.i32Add, ...get(4), ...get(13), op.i32Add, ...get(14), ...memoryCopy,
		...get(15), ...get(14), op.i32Add, ...set(15),
		...get(6), ...get(11), op.i32Const, 2, op.i32Shl, op.i32Add, ...get(15), op.i32Const, 3, i32ShrU, i32Store, 2, 4,
		...copyLabel(8, 11, 5, 12)
	]),
	...get(11)
]);
