/**
 * A full garbage collection on the next turn of the event loop, for the headless runner and its
 * worker threads. Their large arrays live outside the JavaScript heap, which stays small, so V8
 * sees little reason to collect: a 10^6-row table that a cell no longer reads (a split's
 * input, a runner's plain copy once shared) stayed resident until the process ended, and the
 * peak memory of a run depended on when a collection happened to come. Collecting once a cell
 * is done makes the memory a run holds the memory its cells still need.
 *
 * Node has no `gc()` without --expose-gc; the flag is set at run time and the function taken
 * from a fresh context (as the `expose-gc` package does). Where that fails, nothing happens.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
	if (collect !== undefined) return collect;
	try {
		setFlagsFromString('--expose-gc');
		const gc: unknown = runInNewContext('gc');
		collect = typeof gc === 'function' ? () => (gc as () => void)() : null;
	} catch {
		collect = null;
	}
	return collect;
}

/** Schedules one full collection (after the current task, so what it just dropped is unreachable). */
export function collectSoon(): void {
	const gc = collector();
	if (gc) setTimeout(gc, 0);
}
