/**
 * An SGD path as the 3-D view draws it: its points up to the progress, each with its objective
 * on the surface, and whether the ✕ of a path that left the plot is drawn — the 2-D map's stop
 * mark (`surface-edge.ts` cuts the path at the edge; `loss-surface.ts` marks its last point once
 * reached), so both views tell the same story. Pure, for the tests.
 */
import type { SurfaceGrid, SurfacePath } from './loss-surface';
import { sampleSurface } from './surface-projection';

export interface LiftedPath {
	/** (a, b, objective) of each point up to the shown one; null where the objective is unknown (off the grid). */
	points: ([number, number, number] | null)[];
	/** The path was cut at the edge and is shown to its end: a ✕ goes on its last point. */
	stopMark: boolean;
}

/** `path` lifted onto `grid` up to point index `shown` (0 = the start). */
export function liftPath(path: SurfacePath, grid: SurfaceGrid, shown: number): LiftedPath {
	const count = path.points.length / 2;
	const last = Math.min(count - 1, shown);
	const points: LiftedPath['points'] = [];
	for (let k = 0; k <= last; k++) {
		let a = path.points[2 * k]!;
		let b = path.points[2 * k + 1]!;
		// The crossing point lies on the edge, but stored as float32 it can land a hair outside the
		// grid, where the objective is unknown and the mark would be lost: pull it onto the edge.
		if (path.stopped && k === count - 1) {
			a = Math.min(grid.aRange[1], Math.max(grid.aRange[0], a));
			b = Math.min(grid.bRange[1], Math.max(grid.bRange[0], b));
		}
		const value = sampleSurface(grid, a, b);
		points.push(Number.isFinite(value) ? [a, b, value] : null);
	}
	const stopMark = path.stopped === true && count > 0 && last === count - 1 && points[last] !== null;
	return { points, stopMark };
}
