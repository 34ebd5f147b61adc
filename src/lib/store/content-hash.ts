/**
 * A table's content hash: SHA-256 (crypto.subtle) over a canonical encoding, so the same rows
 * give the same hash in every browser and in Node. The name and the source are not content:
 * the same rows under two names are stored once.
 */
import { validateCsr } from '../data/feature-matrix';
import type { Column, SparseColumn, Table } from '../data/table';

/** 64 hex digits. Branded so a version number or a name cannot be passed for it. */
export type DatasetHash = string & { readonly __brand: 'DatasetHash' };

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Length-prefixed parts: a header (schema as JSON), then each column, then the labels.
 * Numbers are float32 little-endian whatever the machine, every NaN written alike. A sparse
 * column is its canonical CSR, three parts: indptr and indices (uint32) and values (float32),
 * explicit zeros dropped, so equal matrices hash alike however they were built; its width is in
 * the header. Tables without sparse columns encode exactly as before sparse columns existed, so
 * stored hashes stay valid.
 */
export function canonicalEncoding(table: Table): Uint8Array {
	const header = {
		rowCount: table.rowCount,
		columns: table.columns.map((column) => (column.type === 'sparse' ? [column.name, column.type, column.width] : [column.name, column.type])),
		labelName: table.labelName,
		classes: table.classes,
		preprocessing: table.preprocessing ?? []
	};
	const encoder = new TextEncoder();
	const parts: Uint8Array[] = [encoder.encode(JSON.stringify(header))];
	for (const column of table.columns) parts.push(...columnParts(column, encoder));
	parts.push(new Uint8Array(table.labels.buffer, table.labels.byteOffset, table.labels.byteLength));
	// One buffer of the final size: no second copy of a large table.
	let total = 0;
	for (const part of parts) total += 4 + part.byteLength;
	const out = new Uint8Array(total);
	const view = new DataView(out.buffer);
	let offset = 0;
	for (const part of parts) {
		view.setUint32(offset, part.byteLength, true);
		out.set(part, offset + 4);
		offset += 4 + part.byteLength;
	}
	return out;
}

function columnParts(column: Column, encoder: TextEncoder): Uint8Array[] {
	if (column.type === 'text') return [encoder.encode(JSON.stringify(column.values))];
	if (column.type === 'numeric') return [float32Bytes(column.values)];
	const csr = canonicalCsr(column);
	return [uint32Bytes(csr.indptr), uint32Bytes(csr.indices), float32Bytes(csr.values)];
}

/** The column's CSR without explicit zeros (the same arrays when it has none). Throws on a broken CSR, naming the column. */
function canonicalCsr(column: SparseColumn): Pick<SparseColumn, 'indptr' | 'indices' | 'values'> {
	const rowCount = column.indptr.length - 1;
	validateCsr({ rowCount, featureCount: column.width, indptr: column.indptr, indices: column.indices, values: column.values }, `column '${column.name}'`);
	const nnz = column.indptr[rowCount]!;
	let zeros = 0;
	for (let k = 0; k < nnz; k++) if (column.values[k] === 0) zeros++;
	if (zeros === 0) return column;
	const indptr = new Uint32Array(rowCount + 1);
	const indices = new Uint32Array(nnz - zeros);
	const values = new Float32Array(nnz - zeros);
	let at = 0;
	for (let row = 0; row < rowCount; row++) {
		for (let k = column.indptr[row]!; k < column.indptr[row + 1]!; k++) {
			if (column.values[k] === 0) continue;
			indices[at] = column.indices[k]!;
			values[at++] = column.values[k]!;
		}
		indptr[row + 1] = at;
	}
	return { indptr, indices, values };
}

function float32Bytes(values: Float32Array): Uint8Array {
	const bytes = new Uint8Array(values.length * 4);
	if (LITTLE_ENDIAN) {
		bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
		// NaNs may carry any payload: write the one every engine writes for NaN.
		const view = new DataView(bytes.buffer);
		for (let index = 0; index < values.length; index++) if (Number.isNaN(values[index])) view.setFloat32(index * 4, NaN, true);
		return bytes;
	}
	const view = new DataView(bytes.buffer);
	for (let index = 0; index < values.length; index++) view.setFloat32(index * 4, Number.isNaN(values[index]) ? NaN : values[index]!, true);
	return bytes;
}

function uint32Bytes(values: Uint32Array): Uint8Array {
	if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
	const bytes = new Uint8Array(values.length * 4);
	const view = new DataView(bytes.buffer);
	for (let index = 0; index < values.length; index++) view.setUint32(index * 4, values[index]!, true);
	return bytes;
}

export async function hashTable(table: Table): Promise<DatasetHash> {
	const digest = await crypto.subtle.digest('SHA-256', canonicalEncoding(table) as Uint8Array<ArrayBuffer>);
	return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('') as DatasetHash;
}
