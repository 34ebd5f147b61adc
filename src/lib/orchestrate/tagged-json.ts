/**
 * JSON that keeps what plain JSON loses, for stored values and Arrow metadata: typed arrays as
 * {"$typed": "Float32Array", "base64": "…"} (their little-endian bytes, as the model file's
 * base64 weights) and numbers JSON lacks as {"$number": "NaN" | "Infinity" | "-Infinity"}, so a
 * value reads back bit for bit.
 */
import { base64ToBytes, bytesToBase64 } from '../export/base64';

const TYPED = { Float32Array, Float64Array, Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array } as const;
type TypedName = keyof typeof TYPED;

/** JSON.stringify replacer: typed arrays and non-finite numbers as tagged objects. */
export function tag(_key: string, value: unknown): unknown {
	if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
	if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
		const name = value.constructor.name as TypedName;
		if (!(name in TYPED)) throw new Error(`cannot store a ${name}`);
		return { $typed: name, base64: bytesToBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
	}
	return value;
}

/** JSON.parse reviver: the inverse of `tag`. */
export function untag(_key: string, value: unknown): unknown {
	if (typeof value !== 'object' || value === null) return value;
	const record = value as Record<string, unknown>;
	if (typeof record.$number === 'string' && Object.keys(record).length === 1) return Number(record.$number);
	if (typeof record.$typed === 'string' && typeof record.base64 === 'string') {
		const Type = TYPED[record.$typed as TypedName];
		if (!Type) throw new Error(`unknown typed array '${record.$typed}'`);
		// Copied into a fresh buffer: the decoded bytes need not be aligned for the element size.
		return new Type(base64ToBytes(record.base64).slice().buffer as ArrayBuffer);
	}
	return value;
}

export const toTaggedJson = (value: unknown): string => JSON.stringify(value, tag);
export const fromTaggedJson = (text: string): unknown => JSON.parse(text, untag);
