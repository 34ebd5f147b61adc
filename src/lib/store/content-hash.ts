/**
 * A table's content hash: SHA-256 (crypto.subtle) over a canonical encoding, so the same rows
 * give the same hash in every browser and in Node. The name and the source are not content:
 * the same rows under two names are stored once.
 */
import type { Table } from '../data/table';

/** 64 hex digits. Branded so a version number or a name cannot be passed for it. */
export type DatasetHash = string & { readonly __brand: 'DatasetHash' };

/** Length-prefixed parts: a header (schema as JSON), then each column, then the labels. */
export function canonicalEncoding(table: Table): Uint8Array {
	const encoder = new TextEncoder();
	const header = {
		rowCount: table.rowCount,
		columns: table.columns.map((column) => [column.name, column.type]),
		labelName: table.labelName,
		classes: table.classes,
		preprocessing: table.preprocessing ?? []
	};
	const parts: Uint8Array[] = [encoder.encode(JSON.stringify(header))];
	for (const column of table.columns) {
		if (column.type === 'text') {
			parts.push(encoder.encode(JSON.stringify(column.values)));
			continue;
		}
		// Little-endian whatever the machine, and every NaN written alike.
		const bytes = new Uint8Array(column.values.length * 4);
		const view = new DataView(bytes.buffer);
		column.values.forEach((value, index) => view.setFloat32(index * 4, Number.isNaN(value) ? NaN : value, true));
		parts.push(bytes);
	}
	parts.push(new Uint8Array(table.labels.buffer, table.labels.byteOffset, table.labels.byteLength));
	const total = parts.reduce((sum, part) => sum + 4 + part.byteLength, 0);
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

export async function hashTable(table: Table): Promise<DatasetHash> {
	const digest = await crypto.subtle.digest('SHA-256', canonicalEncoding(table) as Uint8Array<ArrayBuffer>);
	return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('') as DatasetHash;
}
