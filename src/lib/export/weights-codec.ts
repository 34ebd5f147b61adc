/**
 * One row of float32 weights in a model file, in the most compact of three forms, each read back
 * bit for bit (−0 included):
 * - a list of JSON numbers, for rows of at most NUMBERS_LIMIT weights (readable by eye);
 * - a string: base64 of the row's float32 values, little-endian (4 bytes a weight);
 * - `{"indices": base64 uint32 LE, "values": base64 float32 LE}`: only the weights whose bits
 *   are not all zero, indices ascending — chosen when fewer than half are non-zero, as in a
 *   text model whose 2^24 buckets mostly never saw a word.
 * A sparse-scale step's divisors use the same forms, with 1 in place of 0 (`fill`).
 */

import { base64ToBytes, bytesToBase64 } from './base64';

export const NUMBERS_LIMIT = 64;

export type SparseWeights = { indices: string; values: string };
export type EncodedWeights = number[] | string | SparseWeights;

function float32Bytes(values: ArrayLike<number>): Uint8Array {
	const view = new DataView(new ArrayBuffer(values.length * 4));
	for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
	return new Uint8Array(view.buffer);
}

function uint32Bytes(values: ArrayLike<number>): Uint8Array {
	const view = new DataView(new ArrayBuffer(values.length * 4));
	for (let i = 0; i < values.length; i++) view.setUint32(i * 4, values[i]!, true);
	return new Uint8Array(view.buffer);
}

/**
 * The row in its most compact form. The sparse form lists the entries that are not `fill` (0 for
 * weights, by their bits, so −0 is kept; 1 for a sparse-scale step's divisors, where the features
 * no row had stay 1).
 */
export function encodeWeights(row: Float32Array, fill = 0): EncodedWeights {
	if (row.length <= NUMBERS_LIMIT) return Array.from(row);
	const bits = new Uint32Array(row.buffer, row.byteOffset, row.length);
	const fillBits = new Uint32Array(Float32Array.of(fill).buffer)[0]!;
	let listed = 0;
	for (let j = 0; j < bits.length; j++) if (bits[j] !== fillBits) listed++;
	if (listed * 2 >= row.length) return bytesToBase64(float32Bytes(row));
	const indices = new Uint32Array(listed);
	const values = new Float32Array(listed);
	for (let j = 0, at = 0; j < bits.length; j++) {
		if (bits[j] === fillBits) continue;
		indices[at] = j;
		values[at++] = row[j]!;
	}
	return { indices: bytesToBase64(uint32Bytes(indices)), values: bytesToBase64(float32Bytes(values)) };
}

function readFloat32(text: string, what: string): Float32Array {
	const bytes = base64ToBytes(text);
	if (bytes.length % 4 !== 0) throw new Error(`${what} has ${bytes.length} bytes, not whole float32 values`);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const out = new Float32Array(bytes.length / 4);
	for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
	return out;
}

/**
 * The row of `width` weights an encoded row holds. Throws a message (for a JSON path) when it
 * is not base64, has the wrong length, an index out of order or range, or a non-finite weight.
 */
export function decodeWeights(encoded: EncodedWeights, width: number, fill = 0): Float32Array {
	let row: Float32Array;
	if (Array.isArray(encoded)) {
		row = Float32Array.from(encoded);
	} else if (typeof encoded === 'string') {
		row = readFloat32(encoded, 'the base64 row');
	} else {
		const values = readFloat32(encoded.values, "'values'");
		const indexBytes = base64ToBytes(encoded.indices);
		if (indexBytes.length !== values.length * 4) throw new Error(`has ${indexBytes.length / 4} indices for ${values.length} values`);
		const view = new DataView(indexBytes.buffer, indexBytes.byteOffset, indexBytes.byteLength);
		row = new Float32Array(width).fill(fill);
		let previous = -1;
		for (let k = 0; k < values.length; k++) {
			const index = view.getUint32(k * 4, true);
			if (index <= previous || index >= width) throw new Error(`index ${index} (entry ${k}) is out of order or beyond ${width} weights`);
			row[index] = values[k]!;
			previous = index;
		}
	}
	if (row.length !== width) throw new Error(`has ${row.length} weights for ${width} features`);
	for (let j = 0; j < row.length; j++) if (!Number.isFinite(row[j]!)) throw new Error(`weight ${j} is ${row[j]}`);
	return row;
}
