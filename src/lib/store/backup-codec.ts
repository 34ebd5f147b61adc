/**
 * JSON that keeps what IndexedDB keeps and JSON does not: typed arrays (base64 of their bytes)
 * and NaN / ±Infinity (statistics of an empty column, a diverged objective).
 */
const TYPED = { Float32Array, Float64Array, Int8Array, Uint8Array, Int32Array, Uint32Array } as const;
type TypedName = keyof typeof TYPED;

function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
	return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
	return bytes;
}

export function encodeJson(value: unknown): string {
	return JSON.stringify(value, function (this: unknown, _key, item: unknown) {
		if (typeof item === 'number' && !Number.isFinite(item)) return { $number: String(item) };
		if (ArrayBuffer.isView(item) && !(item instanceof DataView)) {
			const name = item.constructor.name as TypedName;
			if (name in TYPED) return { $typed: name, base64: toBase64(new Uint8Array(item.buffer, item.byteOffset, item.byteLength)) };
		}
		return item;
	});
}

/** Throws SyntaxError on text that is not JSON, Error on a malformed typed array. */
export function decodeJson(text: string): unknown {
	return JSON.parse(text, (_key, item: unknown) => {
		if (typeof item !== 'object' || item === null) return item;
		const record = item as Record<string, unknown>;
		if (typeof record.$number === 'string' && Object.keys(record).length === 1) return Number(record.$number);
		if (typeof record.$typed === 'string' && typeof record.base64 === 'string') {
			const Typed = TYPED[record.$typed as TypedName];
			if (!Typed) throw new Error(`unknown typed array '${record.$typed}'`);
			const bytes = fromBase64(record.base64);
			if (bytes.byteLength % Typed.BYTES_PER_ELEMENT !== 0) throw new Error(`${record.$typed} of ${bytes.byteLength} bytes`);
			return new (Typed as unknown as new (buffer: ArrayBuffer) => ArrayBufferView)(bytes.slice().buffer);
		}
		return item;
	});
}
