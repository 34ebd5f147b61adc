/**
 * A workload's rows on disk, as raw little-endian arrays, so the scikit-learn peer (numpy
 * `fromfile`) and the benchmark page (`fetch` → typed array) read exactly the bytes Descent
 * trains on, with no JSON numbers in between. One folder per dataset:
 *   dense: x.f32 (rows × features, row-major);  CSR: indptr.u32 (rows + 1), indices.u32, values.f32;
 *   y.i8 (±1);  orders.u32 (epochs × rows, the trainers' row order of each epoch), when given.
 * Node only (the page reads them with dataset-fetch.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchData } from './adapter';

export interface DatasetMeta {
	id: string;
	/** Absolute folder of the files (the page fetches `/data/<id>/<file>` instead). */
	dir: string;
	format: 'dense' | 'csr';
	rows: number;
	features: number;
	/** Stored values: rows × features (dense) or the non-zeros (CSR). */
	stored: number;
	/** Epochs in orders.u32 (0: no file). */
	orderEpochs: number;
}

function write(path: string, view: ArrayBufferView): void {
	writeFileSync(path, new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

/** Writes `data` (and the epoch orders, if any) under `root/id`; returns what the readers need. */
export function writeDataset(root: string, id: string, data: BenchData, orders?: { epochs: number; values: Uint32Array }): DatasetMeta {
	const dir = join(root, id);
	mkdirSync(dir, { recursive: true });
	const { matrix } = data;
	if (matrix.format === 'dense') {
		write(join(dir, 'x.f32'), matrix.values);
	} else {
		write(join(dir, 'indptr.u32'), matrix.indptr);
		write(join(dir, 'indices.u32'), matrix.indices);
		write(join(dir, 'values.f32'), matrix.values);
	}
	write(join(dir, 'y.i8'), data.y);
	if (orders) {
		if (orders.values.length !== orders.epochs * data.y.length) throw new Error(`orders: ${orders.values.length} entries for ${orders.epochs} epochs × ${data.y.length} rows`);
		write(join(dir, 'orders.u32'), orders.values);
	}
	const stored = matrix.format === 'dense' ? matrix.values.length : matrix.indptr[matrix.rowCount]!;
	return { id, dir, format: matrix.format, rows: matrix.rowCount, features: matrix.featureCount, stored, orderEpochs: orders?.epochs ?? 0 };
}
