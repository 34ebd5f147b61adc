/**
 * Prefetching: before plainSteps (wasm-steps.ts) runs a chunk of an epoch's rows, one pass reads
 * one word of every 64-byte line of those rows, in visit order, and drops it, so that the steps
 * then find each row in cache. The steps are unchanged (same values, same order, same bits).
 *
 * Why: a shuffled epoch visits rows at random places. Each SGD step waits on the one before it
 * (the weights), so the processor cannot fetch the next row early, and every row start is a
 * cache and TLB miss inside that chain: on 2^18-bucket text a CSR dot product costs 1.3 ns per
 * non-zero over rows in memory order and 2.9–3.5 ns in shuffled order (Node 20, EPYC). The
 * prefetch pass has no such chain and a few instructions per line, so dozens of rows' misses are
 * in flight at once. (scikit-learn's bench peer gets the same effect from its rows stacked in
 * visit order; its own fit(shuffle=True) reads them at random, as Descent did.)
 *
 * A chunk holds at most CHUNK_ROWS rows and CHUNK_BYTES of row data (or one row, however long):
 * about 128 KB, which stays in the L2 cache beside the weights until its steps have run.
 * Measured on one core (medians of interleaved fits in one process, same bits): a fit with this
 * prefetch against none, text at 2^18 buckets (2·10⁴ documents, averaged, 10 epochs) 104 against
 * 123 ms, dense 10⁵ × 32 80 against 99 ms; an earlier version that also copied each chunk's rows
 * into a buffer in visit order after touching them took 4–10 % longer than this on text and
 * 8–14 % longer on dense rows of 32–300 features (about the same at 8).
 *
 * Both modules export `prefetch` as function 8 (after wasm-steps.ts's FN table):
 *   dense: prefetch(order, from, to, rows, vBytes, maxRows) → m
 *     touches rows order[from], …, order[from + m − 1] (row i at byte rows + i · vBytes),
 *     m = min(to − from, maxRows).
 *   CSR: prefetch(order, from, to, indptr, pairs, maxRows, maxBytes) → m
 *     the same for CSR rows, whose entries the kernel keeps as (index, value) pairs (csr-wasm.ts),
 *     row i's at pairs + 8 · [indptr[i], indptr[i + 1]); no more than maxBytes of them unless the
 *     chunk is one row.
 */
import { body, get, I32, op, set, VOID } from './wasm-encode';

/** Rows per chunk at most. */
export const CHUNK_ROWS = 1024;
/** Bytes of row data per chunk (dense rows, or CSR pairs), unless one row is longer. */
export const CHUNK_BYTES = 131072;

const i32Load = 0x28;
const drop = 0x1a;
const at0 = [2, 0];

/** i32.load of order[from + j] (locals: order 0, from 1, j). */
const orderAt = (j: number) => [...get(0), ...get(1), ...get(j), op.i32Add, op.i32Const, 2, op.i32Shl, op.i32Add, op.i32Load, ...at0];
/** Stop the chunk (br 1 out of its loop) once j reaches maxRows (local) or from + j reaches to. */
const chunkFull = (j: number, maxRows: number) => [
	...get(j), ...get(maxRows), op.i32GeU, op.brIf, 1,
	...get(1), ...get(j), op.i32Add, ...get(2), op.i32GeU, op.brIf, 1
];
/** Reads and drops one word of each 64-byte line of the bytes [p, end) (locals; p moves). */
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
/** `for (j = 0; ; j++) { row }` until `row` breaks out (br 1): one pass over a chunk. */
const chunkPass = (j: number, row: number[]) => [
	op.block, VOID,
	op.loop, VOID,
	...row,
	...get(j), op.i32Const, 1, op.i32Add, ...set(j),
	op.br, 0,
	op.end,
	op.end
];

// dense prefetch(order 0, from 1, to 2, rows 3, vBytes 4, maxRows 5) → i32;
// locals 6 j, 7 the row's first byte, 8 one past its last
export const densePrefetchBody = body([[3, I32]], [
	...chunkPass(6, [
		...chunkFull(6, 5),
		...orderAt(6), ...get(4), op.i32Mul, ...get(3), op.i32Add, op.tee, 7, ...get(4), op.i32Add, ...set(8),
		...touchLines(7, 8)
	]),
	...get(6)
]);

// CSR prefetch(order 0, from 1, to 2, indptr 3, pairs 4, maxRows 5, maxBytes 6) → i32;
// locals 7 j, 8 i, 9 the row's first pair (bytes), 10 one past its last, 11 bytes touched
export const csrPrefetchBody = body([[5, I32]], [
	...chunkPass(7, [
		...chunkFull(7, 5),
		...orderAt(7), ...set(8),
		// the row's pairs [first, end) as byte offsets from pairs, from indptr[i] and indptr[i + 1]
		...get(3), ...get(8), op.i32Const, 2, op.i32Shl, op.i32Add, op.tee, 10,
		op.i32Load, ...at0, op.i32Const, 3, op.i32Shl, ...set(9),
		...get(10), op.i32Load, 2, 4, op.i32Const, 3, op.i32Shl, ...set(10),
		// stop before a row that would take the chunk past maxBytes, unless it is the chunk's first
		...get(11), ...get(10), op.i32Add, ...get(9), op.i32Sub, ...get(6), op.i32GtU, ...get(7), op.i32Const, 0, op.i32GtU, op.i32And, op.brIf, 1,
		...get(11), ...get(10), op.i32Add, ...get(9), op.i32Sub, ...set(11),
		...get(4), ...get(9), op.i32Add, ...set(9),
		...get(4), ...get(10), op.i32Add, ...set(10),
		...touchLines(9, 10)
	]),
	...get(7)
]);
