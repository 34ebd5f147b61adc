/**
 * Buffers the headless runner lends a worker for one run: moved there with the request and moved
 * back with the result, so a large output that later cells read is neither copied nor shared.
 *
 * Why: an output that two cells read (a scale's splits, read by train and then by evaluate) was
 * copied into shared memory for the first of them, and for a moment the runner held the table
 * twice (the plain copy and the shared one: +120 MiB at the peak of a 10^6 × 32 run, freed only
 * as the allocator got round to it). When every other cell still to read it comes after the cell
 * being sent (evaluate reads the model train makes), nothing can read it in between, so the
 * buffers can simply travel there and back (see LastUse in node-handover.ts for when).
 *
 * The runner's own views of a lent buffer are emptied by the move (a transfer detaches it), so
 * `recordViews` notes where each of them was, and with what offset, length and type, before the
 * move; the function it returns puts views on the returned buffers in those places. A buffer that
 * does not come back (the worker crashed, or the run was cancelled) leaves its views empty: only
 * cells below the one that failed read them, and those do not run.
 */
import { viewsOn, type TypedArray, type ViewConstructor } from './shared-buffers';

/** Puts views on the buffers that came back (by position in the lent list; null: not returned). */
export type Restore = (returned: readonly (ArrayBuffer | null)[]) => void;

/**
 * Notes every view on one of `lent` in `values` (objects and arrays, as transferablesOf walks
 * them) and returns the function that re-creates them on the returned buffers: same offset,
 * length and type, and one new view for a view found in several places.
 */
export function recordViews(values: readonly unknown[], lent: readonly ArrayBuffer[]): Restore {
	const position = new Map(lent.map((buffer, index) => [buffer, index] as const));
	const places = [...viewsOn(values, new Set(lent))].flatMap(([buffer, slots]) =>
		slots.map(({ holder, key, view }) => ({ holder, key, view, index: position.get(buffer as ArrayBuffer)!, byteOffset: view.byteOffset, length: view.length }))
	);
	return (returned) => {
		const remade = new Map<TypedArray, TypedArray>();
		for (const { holder, key, view, index, byteOffset, length } of places) {
			const buffer = returned[index];
			if (!buffer) continue;
			let next = remade.get(view);
			if (!next) {
				next = new (view.constructor as ViewConstructor)(buffer, byteOffset, length);
				remade.set(view, next);
			}
			holder[key] = next;
		}
	};
}

/**
 * The worker's side: what goes back for `lent` (in order; a buffer emptied meanwhile as null) and
 * the transfer list for a message that carries it with `value`, each buffer once.
 */
export function giveBack(lent: readonly ArrayBuffer[], value: ArrayBuffer[] = []): { back: (ArrayBuffer | null)[]; transfer: ArrayBuffer[] } {
	const back = lent.map((buffer) => (buffer.byteLength > 0 ? buffer : null));
	return { back, transfer: [...new Set([...value, ...back.filter((buffer): buffer is ArrayBuffer => buffer !== null)])] };
}
