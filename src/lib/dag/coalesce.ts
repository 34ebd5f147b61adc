/**
 * Many changes, one publish a frame. A run changes the scheduler's states for every log line and
 * progress tick (hundreds a second across a grid); a view needs only the latest states once per
 * frame it paints. `coalesce` keeps the latest value and publishes it from the next frame
 * callback, however many values were pushed meanwhile.
 *
 * The frame is injected (the page passes requestAnimationFrame; Node and tests pass their own),
 * so this file needs no DOM, and a test steps frames by hand as d3-force's simulations step ticks.
 */

/** Calls `callback` once, at the next frame (or whatever "soon" means where there is no screen). */
export type FrameScheduler = (callback: () => void) => unknown;

export interface Coalesced<T> {
	/** Records `value` as the latest; it is published at the next frame, with any later one instead. */
	push(value: T): void;
	/** Publishes the latest pushed value now, if one is waiting (e.g. when a run ends). */
	flush(): void;
}

export function coalesce<T>(publish: (value: T) => void, frame: FrameScheduler): Coalesced<T> {
	let waiting: { value: T } | null = null;
	// Each scheduled frame knows its number: one made stale by a flush publishes nothing.
	let scheduled = 0;
	let pending = false;
	const flush = () => {
		pending = false;
		if (!waiting) return;
		const { value } = waiting;
		waiting = null;
		publish(value);
	};
	return {
		push(value) {
			waiting = { value };
			if (pending) return;
			pending = true;
			const mine = ++scheduled;
			frame(() => {
				if (mine === scheduled && pending) flush();
			});
		},
		flush
	};
}
