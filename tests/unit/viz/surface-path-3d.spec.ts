import { describe, expect, it } from 'vitest';
import type { SurfaceGrid } from '../../../src/lib/viz/loss-surface';
import { stopAtEdge } from '../../../src/lib/viz/surface-edge';
import { liftPath } from '../../../src/lib/viz/surface-path-3d';

/** A 3×3 grid over [-1, 1]², objective a + b + 10 (so every point inside has a finite value). */
const grid: SurfaceGrid = { values: Float32Array.from({ length: 9 }, (_, k) => (k % 3) - 1 + (Math.floor(k / 3) - 1) + 10), resolution: 3, aRange: [-1, 1], bRange: [-1, 1] };

describe('liftPath(path, grid, shown): the ✕ where a path leaves the 3-D plot', () => {
	// From the centre out past the right edge at a third of a step that float32 cannot hold exactly.
	const edge = stopAtEdge(Float32Array.of(0, 0, 0.3, 0.1, 2.9, 0.7), [-1, 1], [-1, 1]);
	const path = { label: 'η0 = 3', points: edge.points, stopped: edge.stopped };

	it('marks the last point of a path cut at the edge, once the progress reaches it, on the surface', () => {
		expect(edge.stopped).toBe(true);
		const lifted = liftPath(path, grid, 99);
		expect(lifted.stopMark).toBe(true);
		expect(lifted.points).toHaveLength(3);
		const last = lifted.points[2]!;
		expect(last[0]).toBe(1);
		expect(last[2]).toBeCloseTo(1 + last[1] + 10, 5);
	});

	it('draws no mark before the path reaches the edge', () => {
		expect(liftPath(path, grid, 1)).toMatchObject({ stopMark: false });
	});

	it('draws no mark on a path that stays inside', () => {
		expect(liftPath({ label: 'η0 = 0.1', points: Float32Array.of(0, 0, 0.2, 0.2) }, grid, 99)).toMatchObject({ stopMark: false });
	});

	it('keeps a point off the grid as a break (null), as the 2-D map clips it', () => {
		expect(liftPath({ label: 'outside start', points: Float32Array.of(5, 5, 0, 0) }, grid, 99).points).toEqual([null, [0, 0, 10]]);
	});
});
