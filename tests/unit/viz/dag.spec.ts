import { describe, expect, it } from 'vitest';
import { nodeChanges, progressWidth, type DagNode } from '../../../src/lib/viz/dag';
import { NODE_WIDTH } from '../../../src/lib/viz/dag-layout';

const node = (change: Partial<DagNode> = {}): DagNode => ({ id: 'a', title: 'train', kind: 'Train', state: 'idle', progress: null, ...change });

describe('the pipeline graph repaints only what changed', () => {
	it('paints everything of a node never drawn', () => {
		expect(nodeChanges(node(), null)).toEqual({ look: true, progress: true });
	});

	it('repaints nothing when the node is as drawn, even as a new object', () => {
		expect(nodeChanges(node({ state: 'success' }), node({ state: 'success' }))).toEqual({ look: false, progress: false });
	});

	it('a progress tick of a running cell moves only its bar', () => {
		expect(nodeChanges(node({ state: 'running', progress: 0.5 }), node({ state: 'running', progress: 0.25 }))).toEqual({ look: false, progress: true });
	});

	it('a progress change of a cell that is not running draws nothing (it has no bar)', () => {
		expect(nodeChanges(node({ state: 'queued', progress: 0.5 }), node({ state: 'queued', progress: 0.25 }))).toEqual({ look: false, progress: false });
	});

	it('a new state, title or kind repaints the colours and labels, and the bar with them', () => {
		expect(nodeChanges(node({ state: 'success' }), node({ state: 'running', progress: 0.9 }))).toEqual({ look: true, progress: true });
		expect(nodeChanges(node({ title: 'renamed' }), node())).toMatchObject({ look: true });
		expect(nodeChanges(node({ kind: 'Split' }), node())).toMatchObject({ look: true });
	});

	it('the bar spans the box less its margins, clamped to 0..1 of it', () => {
		expect(progressWidth(node({ state: 'running', progress: 0.5 }))).toBe((NODE_WIDTH - 12) / 2);
		expect(progressWidth(node({ state: 'running', progress: 1.5 }))).toBe(NODE_WIDTH - 12);
		expect(progressWidth(node({ state: 'running', progress: null }))).toBe(0);
		expect(progressWidth(node({ state: 'success', progress: 1 }))).toBe(0);
	});
});

describe('Fit', () => {
	it("'all' puts every box of a wide graph inside the view, with its padding", async () => {
		const { fitTransform } = await import('../../../src/lib/viz/dag');
		const layout = { width: 1900, height: 300 };
		for (const width of [700, 980]) {
			const { x, y, k } = fitTransform(layout, width, 300, 'all');
			expect(x).toBeGreaterThanOrEqual(8);
			expect(x + layout.width * k).toBeLessThanOrEqual(width - 8 + 1e-9);
			expect(y).toBeGreaterThanOrEqual(8);
			expect(y + layout.height * k).toBeLessThanOrEqual(300 - 8 + 1e-9);
		}
	});

	it("'legible' keeps titles readable (scale ≥ 0.65) and starts at the graph's sources", async () => {
		const { fitTransform } = await import('../../../src/lib/viz/dag');
		expect(fitTransform({ width: 1900, height: 300 }, 700, 300, 'legible')).toMatchObject({ x: 8, k: 0.65 });
		// The teaching notebook's six ranks (1312 px) in a 1024 px window's panel (958 px): all of it.
		const { x, k } = fitTransform({ width: 1312, height: 130 }, 958, 300, 'legible');
		expect(x + 1312 * k).toBeLessThanOrEqual(958 - 8 + 1e-9);
		// A graph that fits is centred at its own scale in both modes.
		expect(fitTransform({ width: 400, height: 100 }, 700, 300, 'legible')).toEqual(fitTransform({ width: 400, height: 100 }, 700, 300, 'all'));
	});
});

describe('nodeLines(node)', () => {
	it('gives the state a line of its own, so a long kind cannot push it out of the box', async () => {
		const { nodeLines } = await import('../../../src/lib/viz/dag');
		const lines = nodeLines({ title: 'Fill missing values (median of train)', kind: 'Impute missing values', state: 'upstream_failed' });
		expect(lines).toEqual({
			title: 'Fill missing values (median of train)',
			kind: 'Impute missing values',
			state: 'upstream failed',
			tooltip: 'Fill missing values (median of train) (Impute missing values): upstream failed'
		});
	});
});
