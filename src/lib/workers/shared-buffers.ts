/**
 * Large arrays the headless runner keeps for more than one cell, put in shared memory once so
 * that no worker has to be sent a copy.
 *
 * Why: a structured clone of a 10^6-row table into a worker costs the table twice over while it
 * crosses (the serialised bytes, then the worker's copy) and once more for as long as the cell
 * runs; a train cell whose splits an evaluate cell reads next held three copies of them. A
 * typed array in a SharedArrayBuffer crosses to a worker as the same memory: nothing is copied.
 *
 * `shareBuffers` copies each chosen ArrayBuffer into a SharedArrayBuffer once and points every
 * view of it, wherever it is in `values`, at the shared copy (same offset, length and type), one
 * buffer at a time so the plain copies become garbage as it goes. The values read the same
 * afterwards; a cell that receives them must not change them (cells never change their inputs,
 * and `ownsArray` says a shared array is never a cell's own). Node only: a page has no
 * SharedArrayBuffer without cross-origin isolation, and IndexedDB cannot store one.
 */

/** A typed array (any element type): a view with a length in elements. */
export type TypedArray = ArrayBufferView & { length: number };
export type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => TypedArray;

/** Where a view sits: `holder[key]`. */
export interface Slot {
	holder: Record<string | number, unknown>;
	key: string | number;
	view: TypedArray;
}

/** Only arrays at least this large are worth sharing; small ones clone in no time. */
export const SHARE_MIN_BYTES = 1 << 16;

/** Every view in `values` on one of `buffers` (objects and arrays, 8 levels deep, as transferablesOf walks them), by buffer. */
export function viewsOn(values: readonly unknown[], buffers: ReadonlySet<ArrayBufferLike>): Map<ArrayBufferLike, Slot[]> {
	const slots = new Map<ArrayBufferLike, Slot[]>();
	const visit = (item: unknown, depth: number): void => {
		if (item === null || typeof item !== 'object' || depth > 8 || ArrayBuffer.isView(item)) return;
		const holder = item as Record<string | number, unknown>;
		for (const key of Array.isArray(item) ? item.keys() : Object.keys(item)) {
			const child = holder[key];
			if (child === null || typeof child !== 'object') continue;
			if (ArrayBuffer.isView(child) && !(child instanceof DataView) && buffers.has(child.buffer)) {
				const list = slots.get(child.buffer) ?? [];
				list.push({ holder, key, view: child as TypedArray });
				slots.set(child.buffer, list);
			} else visit(child, depth + 1);
		}
	};
	for (const value of values) visit(value, 0);
	return slots;
}

/** Puts `make(view)` wherever `view` was; the same view in several places gets one replacement. */
function replaceViews(list: readonly Slot[], make: (view: TypedArray) => TypedArray): void {
	const replaced = new Map<TypedArray, TypedArray>();
	for (const { holder, key, view } of list) {
		let next = replaced.get(view);
		if (!next) {
			next = make(view);
			replaced.set(view, next);
		}
		holder[key] = next;
	}
}

/**
 * Moves every view on one of `buffers` found in `values` onto a SharedArrayBuffer copy of its
 * buffer. Returns the number of bytes put in shared memory. A detached (empty) buffer is left as
 * it is.
 */
export function shareBuffers(values: readonly unknown[], buffers: ReadonlySet<ArrayBuffer>): number {
	let shared = 0;
	for (const [buffer, list] of viewsOn(values, buffers)) {
		if (buffer.byteLength === 0) continue;
		const copy = new SharedArrayBuffer(buffer.byteLength);
		new Uint8Array(copy).set(new Uint8Array(buffer));
		replaceViews(list, (view) => new (view.constructor as ViewConstructor)(copy, view.byteOffset, view.length));
		shared += buffer.byteLength;
	}
	return shared;
}

/** The SharedArrayBuffers that views in `value` are on (transferablesOf finds the plain ones). */
export function sharedBuffersOf(value: unknown): Set<SharedArrayBuffer> {
	const found = new Set<SharedArrayBuffer>();
	const visit = (item: unknown, depth: number): void => {
		if (item === null || typeof item !== 'object' || depth > 8) return;
		if (ArrayBuffer.isView(item)) {
			if (typeof SharedArrayBuffer !== 'undefined' && item.buffer instanceof SharedArrayBuffer) found.add(item.buffer);
			return;
		}
		for (const child of Array.isArray(item) ? item : Object.values(item as Record<string, unknown>)) visit(child, depth + 1);
	};
	visit(value, 0);
	return found;
}

/**
 * Drops this thread's hold on `buffers`: every view on one of them in `values` becomes an empty
 * view of its type, as a moved (transferred) ArrayBuffer leaves its views empty. What a worker
 * still holds stays valid there; the memory goes when no thread holds it.
 */
export function releaseBuffers(values: readonly unknown[], buffers: ReadonlySet<ArrayBufferLike>): void {
	for (const list of viewsOn(values, buffers).values()) replaceViews(list, (view) => new (view.constructor as ViewConstructor)(new ArrayBuffer(0), 0, 0));
}
