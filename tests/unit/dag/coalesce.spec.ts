import { describe, expect, it } from 'vitest';
import { coalesce } from '../../../src/lib/dag/coalesce';

/** Frames stepped by hand: each call to `next()` runs the callbacks asked for until then. */
function manualFrames() {
	let callbacks: (() => void)[] = [];
	return {
		frame: (callback: () => void) => void callbacks.push(callback),
		get waiting() {
			return callbacks.length;
		},
		next() {
			const due = callbacks;
			callbacks = [];
			for (const callback of due) callback();
		}
	};
}

describe('coalesce(publish, frame)', () => {
	it('publishes N pushes in one frame once, with the latest value', () => {
		const frames = manualFrames();
		const published: number[] = [];
		const states = coalesce((value: number) => published.push(value), frames.frame);
		for (let tick = 1; tick <= 500; tick++) states.push(tick);
		expect(published).toEqual([]);
		expect(frames.waiting).toBe(1);
		frames.next();
		expect(published).toEqual([500]);
		frames.next();
		expect(published).toEqual([500]);
	});

	it('publishes once per frame while pushes keep coming, and nothing in a frame without one', () => {
		const frames = manualFrames();
		const published: string[] = [];
		const states = coalesce((value: string) => published.push(value), frames.frame);
		states.push('a1');
		states.push('a2');
		frames.next();
		frames.next();
		states.push('b1');
		frames.next();
		expect(published).toEqual(['a2', 'b1']);
	});

	it('flush() publishes the waiting value at once; the frame asked for before publishes nothing again', () => {
		const frames = manualFrames();
		const published: string[] = [];
		const states = coalesce((value: string) => published.push(value), frames.frame);
		states.push('end of run');
		states.flush();
		expect(published).toEqual(['end of run']);
		states.push('next run');
		// The first frame (asked for before the flush) is stale; the second publishes.
		expect(frames.waiting).toBe(2);
		frames.next();
		expect(published).toEqual(['end of run', 'next run']);
		states.flush();
		expect(published).toEqual(['end of run', 'next run']);
	});
});
