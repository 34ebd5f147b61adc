import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A hand-stepped requestAnimationFrame and clock: each `step()` runs the frame's callbacks. */
function fakeFrames() {
	let callbacks: FrameRequestCallback[] = [];
	let clock = 0;
	vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => (callbacks.push(callback), callbacks.length));
	vi.spyOn(performance, 'now').mockImplementation(() => clock);
	return {
		step() {
			const now = callbacks;
			callbacks = [];
			for (const callback of now) callback(clock);
		},
		advance(ms: number) {
			clock += ms;
		},
		pending: () => callbacks.length
	};
}

describe('the frame queue draws each chart once a frame, within a budget', () => {
	let frames: ReturnType<typeof fakeFrames>;
	let queue: typeof import('../../../src/lib/components/frame-queue');

	beforeEach(async () => {
		vi.resetModules();
		frames = fakeFrames();
		queue = await import('../../../src/lib/components/frame-queue');
	});
	afterEach(() => {
		vi.unstubAllGlobals();
		vi.restoreAllMocks();
	});

	it('draws nothing until the frame, then only the latest draw of each key, in the order keys were first queued', () => {
		const drawn: string[] = [];
		const [a, b] = [{}, {}];
		queue.drawInFrame(a, () => drawn.push('a1'));
		queue.drawInFrame(b, () => drawn.push('b1'));
		queue.drawInFrame(a, () => drawn.push('a2'));
		expect(drawn).toEqual([]);
		expect(queue.drawPending(a)).toBe(true);
		frames.step();
		expect(drawn).toEqual(['a2', 'b1']);
		expect(frames.pending()).toBe(0);
	});

	it('leaves the draws past the frame budget to the next frames, at least one per frame', () => {
		const drawn: number[] = [];
		const keys = [{}, {}, {}];
		keys.forEach((key, index) =>
			queue.drawInFrame(key, () => {
				drawn.push(index);
				frames.advance(queue.FRAME_BUDGET_MS + 1);
			})
		);
		frames.step();
		expect(drawn).toEqual([0]);
		frames.step();
		expect(drawn).toEqual([0, 1]);
		frames.step();
		expect(drawn).toEqual([0, 1, 2]);
	});

	it('after a frame\'s first draw, one never drawn or too costly for what is left waits for the next frame', () => {
		const drawn: string[] = [];
		const [cheap, big, fresh] = [{}, {}, {}];
		const cheapDraw = () => (drawn.push('cheap'), frames.advance(1));
		const bigDraw = () => (drawn.push('big'), frames.advance(queue.FRAME_BUDGET_MS - 2));
		// First frames: each is new, so each draws first in a frame of its own; their costs are learnt.
		queue.drawInFrame(cheap, cheapDraw);
		queue.drawInFrame(big, bigDraw);
		frames.step();
		frames.step();
		expect(drawn).toEqual(['cheap', 'big']);
		// Known costs: cheap (1 ms) then big (budget − 2 ms) fit one frame; a new key after them waits.
		queue.drawInFrame(cheap, cheapDraw);
		queue.drawInFrame(big, bigDraw);
		queue.drawInFrame(fresh, () => drawn.push('fresh'));
		frames.step();
		expect(drawn).toEqual(['cheap', 'big', 'cheap', 'big']);
		frames.step();
		expect(drawn.at(-1)).toBe('fresh');
	});

	it('a draw queued while the frame draws (a next stage) waits for the next frame', () => {
		const drawn: string[] = [];
		const key = {};
		queue.drawInFrame(key, () => {
			drawn.push('surface');
			queue.drawInFrame(key, () => drawn.push('paths'));
		});
		frames.step();
		expect(drawn).toEqual(['surface']);
		frames.step();
		expect(drawn).toEqual(['surface', 'paths']);
	});

	it('a cancelled draw never runs, and one that throws does not keep the others from drawing', async () => {
		const drawn: string[] = [];
		const [gone, broken, fine] = [{}, {}, {}];
		queue.drawInFrame(gone, () => drawn.push('gone'));
		queue.drawInFrame(broken, () => {
			throw new Error('broken chart');
		});
		queue.drawInFrame(fine, () => drawn.push('fine'));
		queue.cancelDraw(gone);
		const reported = new Promise<unknown>((resolve) => {
			const original = queueMicrotask;
			vi.stubGlobal('queueMicrotask', (task: () => void) =>
				original(() => {
					try {
						task();
					} catch (failure) {
						resolve(failure);
					}
				})
			);
		});
		frames.step();
		expect(drawn).toEqual(['fine']);
		expect(((await reported) as Error).message).toBe('broken chart');
	});
});
