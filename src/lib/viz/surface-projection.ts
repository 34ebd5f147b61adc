/**
 * The geometry of the 3-D loss surface, kept apart from the canvas so it can be tested: a plane
 * point (a, b) and its objective become a point of the unit box (u, v ∈ [-1, 1], z ∈ [-½, ½];
 * height on a square-root scale, as the heatmap's colour, so the basin keeps its detail), which
 * an orthographic camera turned by yaw (about the vertical) and pitch (elevation) projects.
 */
import * as d3 from 'd3';
import type { SurfaceGrid } from './loss-surface';

export interface Camera {
	/** Turn about the vertical axis, radians. */
	yaw: number;
	/** Elevation of the eye above the floor, radians: 0 = side on, π/2 = from above. */
	pitch: number;
}

export interface Projected {
	/** Right on the screen, in box units. */
	x: number;
	/** Up on the screen, in box units. */
	y: number;
	/** Towards the eye: larger is nearer, drawn later. */
	depth: number;
}

export const MIN_PITCH = 0.08;
export const MAX_PITCH = 1.5;

export function clampPitch(pitch: number): number {
	return Math.min(MAX_PITCH, Math.max(MIN_PITCH, pitch));
}

export function project(camera: Camera, u: number, v: number, z: number): Projected {
	const cosYaw = Math.cos(camera.yaw);
	const sinYaw = Math.sin(camera.yaw);
	const across = u * cosYaw - v * sinYaw;
	// Positive `away` points into the screen before the eye is raised.
	const away = u * sinYaw + v * cosYaw;
	const cosPitch = Math.cos(camera.pitch);
	const sinPitch = Math.sin(camera.pitch);
	return { x: across, y: z * cosPitch + away * sinPitch, depth: z * sinPitch - away * cosPitch };
}

/** The objective at (a, b) by bilinear interpolation of the grid; NaN outside it. */
export function sampleSurface(grid: SurfaceGrid, a: number, b: number): number {
	const { resolution, aRange, bRange, values } = grid;
	const gi = ((a - aRange[0]) / (aRange[1] - aRange[0])) * (resolution - 1);
	const gj = ((b - bRange[0]) / (bRange[1] - bRange[0])) * (resolution - 1);
	if (!(gi >= 0 && gj >= 0 && gi <= resolution - 1 && gj <= resolution - 1)) return NaN;
	const i0 = Math.min(resolution - 2, Math.floor(gi));
	const j0 = Math.min(resolution - 2, Math.floor(gj));
	const fi = gi - i0;
	const fj = gj - j0;
	const at = (i: number, j: number) => values[j * resolution + i]!;
	const bottom = at(i0, j0) * (1 - fi) + at(i0 + 1, j0) * fi;
	const top = at(i0, j0 + 1) * (1 - fi) + at(i0 + 1, j0 + 1) * fi;
	return bottom * (1 - fj) + top * fj;
}

/** Plane and objective → the unit box; heights above the grid's largest value are clamped. */
export function boxScales(grid: SurfaceGrid): { u: d3.ScaleLinear<number, number>; v: d3.ScaleLinear<number, number>; z: d3.ScalePower<number, number>; low: number; high: number } {
	const finite = Array.from(grid.values).filter(Number.isFinite);
	const [low, high] = finite.length > 0 ? (d3.extent(finite) as [number, number]) : [0, 1];
	return {
		u: d3.scaleLinear(grid.aRange, [-1, 1]),
		v: d3.scaleLinear(grid.bRange, [-1, 1]),
		z: d3.scaleSqrt([low, high === low ? low + 1 : high], [-0.5, 0.5]).clamp(true),
		low,
		high
	};
}

export interface MeshQuad {
	corners: [Projected, Projected, Projected, Projected];
	depth: number;
	/** 0 (lowest objective) … 1 (highest), for the colour. */
	height: number;
	/** Lambert factor of the quad's normal against a light over the eye's left shoulder. */
	light: number;
}

/** The surface as at most `cells`² quads, farthest first (painter's order). */
export function meshQuads(grid: SurfaceGrid, camera: Camera, cells = 48): MeshQuad[] {
	const { resolution, values } = grid;
	const scales = boxScales(grid);
	const step = Math.max(1, Math.ceil((resolution - 1) / cells));
	const indices = d3.range(0, resolution - 1, step).concat(resolution - 1);
	const node = (i: number, j: number) => {
		const u = -1 + (2 * i) / (resolution - 1);
		const v = -1 + (2 * j) / (resolution - 1);
		const value = values[j * resolution + i]!;
		const z = Number.isFinite(value) ? scales.z(value) : 0.5;
		return { u, v, z };
	};
	const nodes = indices.map((j) => indices.map((i) => node(i, j)));
	// A light fixed to the camera: the same faces stay lit as the surface turns.
	const light = [-0.4, 0.55, 0.75];
	const quads: MeshQuad[] = [];
	for (let row = 0; row + 1 < indices.length; row++) {
		for (let column = 0; column + 1 < indices.length; column++) {
			const p00 = nodes[row]![column]!;
			const p10 = nodes[row]![column + 1]!;
			const p01 = nodes[row + 1]![column]!;
			const p11 = nodes[row + 1]![column + 1]!;
			const corners = [p00, p10, p11, p01].map((p) => project(camera, p.u, p.v, p.z)) as MeshQuad['corners'];
			// Normal from the two diagonals, turned into camera space by projecting it as a direction.
			const d1 = [p11.u - p00.u, p11.v - p00.v, p11.z - p00.z];
			const d2 = [p01.u - p10.u, p01.v - p10.v, p01.z - p10.z];
			const n = [d1[1]! * d2[2]! - d1[2]! * d2[1]!, d1[2]! * d2[0]! - d1[0]! * d2[2]!, d1[0]! * d2[1]! - d1[1]! * d2[0]!];
			const turned = project(camera, n[0]!, n[1]!, n[2]!);
			const length = Math.hypot(turned.x, turned.y, turned.depth) || 1;
			const lambert = Math.abs(turned.x * light[0]! + turned.y * light[1]! + turned.depth * light[2]!) / length;
			const mean = (p00.z + p10.z + p01.z + p11.z) / 4;
			quads.push({ corners, depth: d3.mean(corners, (corner) => corner.depth)!, height: mean + 0.5, light: lambert });
		}
	}
	return quads.sort((left, right) => left.depth - right.depth);
}
