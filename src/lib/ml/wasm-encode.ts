/**
 * The few pieces of the WebAssembly binary format (core spec 1.0, §5) that the hand-written SGD
 * modules (csr-wasm.ts, dense-wasm.ts, wasm-steps.ts) are built from: opcodes, LEB128, sections,
 * function bodies, and a loop over a run of 4-byte words. No build step and no dependency: the
 * modules are a few KB, compiled synchronously (browsers allow that below 4 KB on the main thread).
 */
export const I32 = 0x7f;
export const F64 = 0x7c;

// The opcodes used below (WebAssembly core spec 1.0, §5.4).
export const op = {
	block: 0x02,
	loop: 0x03,
	end: 0x0b,
	br: 0x0c,
	brIf: 0x0d,
	get: 0x20,
	set: 0x21,
	tee: 0x22,
	i32Load: 0x28,
	f32Load: 0x2a,
	f32Store: 0x38,
	i32Const: 0x41,
	i32Eqz: 0x45,
	i32GeU: 0x4f,
	i32LtU: 0x49,
	i32GtU: 0x4b,
	i32Add: 0x6a,
	i32Shl: 0x74,
	f64Add: 0xa0,
	f64Sub: 0xa1,
	f64Mul: 0xa2,
	f64Div: 0xa3,
	f32Demote: 0xb6,
	f64Promote: 0xbb,
	if: 0x04,
	else: 0x05,
	call: 0x10,
	i32Load8S: 0x2c,
	f64Load: 0x2b,
	f64Store: 0x39,
	f64Const: 0x44,
	i32GtS: 0x4a,
	i32Eq: 0x46,
	i32Sub: 0x6b,
	f64Ne: 0x62,
	f64Lt: 0x63,
	f64Gt: 0x64,
	f64Le: 0x65,
	f64Ge: 0x66,
	f64Neg: 0x9a,
	f64ConvertI32U: 0xb8,
	i32Mul: 0x6c,
	i32And: 0x71
} as const;

export const VOID = 0x40;
/** memarg of an 8-byte access at byte `offset`: log2 alignment 3. */
export const at8 = (offset: number) => [3, offset];

/** f64.const x (8 bytes little-endian). */
export function f64const(x: number): number[] {
	const bytes = new Uint8Array(new Float64Array([x]).buffer);
	return [op.f64Const, ...bytes];
}
/** memarg of a 4-byte access at byte `offset` past the address: log2 alignment 2. */
export const at = (offset: number) => [2, offset];

export function uleb(value: number): number[] {
	const out: number[] = [];
	do {
		let byte = value & 0x7f;
		value >>>= 7;
		if (value !== 0) byte |= 0x80;
		out.push(byte);
	} while (value !== 0);
	return out;
}

export function vector(items: number[][]): number[] {
	return [...uleb(items.length), ...items.flat()];
}

export function section(id: number, body: number[]): number[] {
	return [id, ...uleb(body.length), ...body];
}

export function text(name: string): number[] {
	const bytes = [...new TextEncoder().encode(name)];
	return [...uleb(bytes.length), ...bytes];
}

/** A function body: locals as (count, type) runs, then the code, then `end`. */
export function body(locals: [number, number][], code: number[]): number[] {
	const inner = [...vector(locals.map(([count, type]) => [...uleb(count), type])), ...code, op.end];
	return [...uleb(inner.length), ...inner];
}

export const get = (index: number) => [op.get, index];
export const set = (index: number) => [op.set, index];
/** ptr += bytes. */
export const advance = (index: number, bytes: number) => [...get(index), op.i32Const, bytes, op.i32Add, ...set(index)];

/** `for (i = 0; i < end; i += 4) step`, skipped when end is 0. */
export function wordLoop(i: number, end: number, step: number[]): number[] {
	return [
		op.block, VOID,
		...get(end), op.i32Eqz, op.brIf, 0,
		op.loop, VOID,
		...step,
		...get(i), op.i32Const, 4, op.i32Add, op.tee, i,
		...get(end), op.i32LtU, op.brIf, 0,
		op.end,
		op.end
	];
}

/**
 * `for (p = list; p < end; p += 4) { i = 4 · u32 at p; step }`: a loop over a list of feature
 * indices (uint32 each), with i the byte offset of the feature's float32 in a d-array.
 */
export function listLoop(p: number, end: number, i: number, step: number[]): number[] {
	return [
		op.block, VOID,
		...get(p), ...get(end), op.i32GeU, op.brIf, 0,
		op.loop, VOID,
		...get(p), op.i32Load, ...at(0), op.i32Const, 2, op.i32Shl, ...set(i),
		...step,
		...get(p), op.i32Const, 4, op.i32Add, op.tee, p,
		...get(end), op.i32LtU, op.brIf, 0,
		op.end,
		op.end
	];
}

/**
 * A module importing one memory (`env.memory`, at least 1 page, no maximum) with the given
 * function types, one function per body (function k has type types[k]) exported under names[k].
 */
export function wasmModule(types: number[][], bodies: number[][], names: string[]): Uint8Array<ArrayBuffer> {
	const typeSection = section(1, vector(types));
	const imports = section(2, vector([[...text('env'), ...text('memory'), 0x02, 0x00, 1]]));
	const functions = section(3, vector(bodies.map((_, k) => uleb(k))));
	const exports = section(7, vector(names.map((name, k) => [...text(name), 0x00, ...uleb(k)])));
	const code = section(10, vector(bodies));
	return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...typeSection, ...imports, ...functions, ...exports, ...code]);
}

/** A function type: (params) → (results). */
export function funcType(params: number[], results: number[]): number[] {
	return [0x60, ...vector(params.map((type) => [type])), ...vector(results.map((type) => [type]))];
}
