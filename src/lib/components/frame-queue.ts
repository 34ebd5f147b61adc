/**
 * The page's chart drawing, spread over animation frames so that no frame holds the main thread
 * long. A cell ending mounts its output (Svelte), and each chart in it (d3 into SVG, the loss
 * surface's map, contours and paths) drew in the same task: a grid ending made one task of over
 * 100 ms. Here each chart queues its latest draw under its own key; at each frame the queue runs
 * the waiting draws in the order they were first queued while they fit `FRAME_BUDGET_MS` (at
 * least one per frame; a draw's cost is what it took last time, and one never drawn goes first
 * in a frame), and leaves the rest to the next frames. Every draw still happens, with its
 * latest arguments, usually one or two frames after it was asked for.
 *
 * A draw queued while the page is in a frame callback (e.g. from an effect run by the
 * workbench's once-a-frame state publish) runs at the next frame: the Svelte update and the
 * drawing it asks for are two tasks, not one.
 */

type Draw = () => void;

/** The drawing time one frame gives the queue, in ms; a single draw longer than that still runs. */
export const FRAME_BUDGET_MS = 8;

/** Waiting draws by key; a Map keeps the order in which keys were first queued. */
const waiting = new Map<object, Draw>();
/** How long each key's last draw took (ms): a draw that would not fit what is left of the budget waits. */
const cost = new WeakMap<object, number>();
let frame = 0;

/**
 * Queues `draw` under `key`, replacing a draw still waiting under it (only the latest is drawn).
 * Without requestAnimationFrame (Node, SSR) the draw runs at once.
 */
export function drawInFrame(key: object, draw: Draw): void {
	if (typeof requestAnimationFrame !== 'function') {
		draw();
		return;
	}
	waiting.set(key, draw);
	if (frame === 0) frame = requestAnimationFrame(runFrame);
}

/** Drops the draw waiting under `key` (its component is gone). */
export function cancelDraw(key: object): void {
	waiting.delete(key);
}

/** Whether a draw is waiting under `key`. */
export function drawPending(key: object): boolean {
	return waiting.has(key);
}

function runFrame(): void {
	frame = 0;
	const started = performance.now();
	// The keys waiting now: a draw queued by one of them (its next stage) waits for the next frame.
	let drawn = 0;
	for (const key of [...waiting.keys()]) {
		const draw = waiting.get(key);
		if (!draw) continue;
		// After the frame's first draw, one whose cost is unknown (never drawn) or too large for
		// what is left waits for a frame of its own.
		const elapsed = performance.now() - started;
		if (drawn > 0 && elapsed + (cost.get(key) ?? FRAME_BUDGET_MS) > FRAME_BUDGET_MS) continue;
		waiting.delete(key);
		try {
			draw();
		} catch (failure) {
			// One chart's failure must not keep the others from drawing: report it as uncaught.
			queueMicrotask(() => {
				throw failure;
			});
		}
		drawn += 1;
		cost.set(key, performance.now() - started - elapsed);
		if (performance.now() - started >= FRAME_BUDGET_MS) break;
	}
	if (waiting.size > 0 && frame === 0) frame = requestAnimationFrame(runFrame);
}
