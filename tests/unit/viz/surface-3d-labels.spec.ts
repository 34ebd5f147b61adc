import { describe, expect, it } from 'vitest';
import { clampBox, placeClear, type TextBox } from '../../../src/lib/viz/surface-3d';

const box = (x: number, y: number, width = 40, height = 14): TextBox => ({ text: 't', x, y, width, height });

describe('3-D surface labels stay readable', () => {
	it('keeps a label inside the canvas: one past the right edge moves left, not cut', () => {
		expect(clampBox(box(440, 200, 60), 460, 420)).toMatchObject({ x: 398, y: 200 });
		expect(clampBox(box(-30, -5), 460, 420)).toMatchObject({ x: 2, y: 0 });
	});

	it('steps an axis name outward until it clears the tick labels', () => {
		const ticks = [box(100, 100), box(100, 116)];
		const placed = placeClear(box(90, 104), [4, 4], ticks, 460, 420);
		for (const tick of ticks) {
			const apart = placed.x >= tick.x + tick.width || tick.x >= placed.x + placed.width || placed.y >= tick.y + tick.height || tick.y >= placed.y + placed.height;
			expect(apart).toBe(true);
		}
	});

	it('leaves a label where it is when nothing is in its way', () => {
		expect(placeClear(box(10, 10), [4, 4], [box(200, 200)], 460, 420)).toMatchObject({ x: 10, y: 10 });
	});
});

describe('a label held by the canvas edge', () => {
	it('moves down (or up) past the tick it would cover', () => {
		const tick = box(2, 100, 20, 14);
		const placed = placeClear(box(2, 108, 100, 14), [-4, 1], [tick], 460, 420);
		expect(placed.y >= tick.y + tick.height || placed.y + placed.height <= tick.y).toBe(true);
	});
});
