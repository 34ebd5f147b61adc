/**
 * The contour lines of a loss surface, as pure data (no DOM): the surface worker computes them
 * beside the surface, so the page only draws them (marching squares over a 96² grid at eleven
 * levels was the longest part of drawing a surface on the main thread). The map falls back to
 * computing them itself for a grid that comes without.
 */
import { contours as d3Contours } from 'd3';

/** One level's contour: a GeoJSON MultiPolygon in grid units (x along a, y along b). */
export interface SurfaceContour {
	value: number;
	coordinates: number[][][][];
	/**
	 * The same rings as SVG path data in grid units (0.01 apart), made where the contours are (the
	 * worker), so that the page only sets it and scales it to px with a transform: writing the
	 * strings in px on the page was the longest part of drawing a surface there.
	 */
	d?: string;
}

/** The finite [min, max] of a surface's values; [0, 1] when none is finite. Never spreads. */
export function surfaceExtent(values: Float32Array): [number, number] {
	let low = Infinity;
	let high = -Infinity;
	for (const value of values) {
		if (!Number.isFinite(value)) continue;
		low = Math.min(low, value);
		high = Math.max(high, value);
	}
	return low > high ? [0, 1] : [low, high];
}

/** Eleven levels equally spaced on the colour bar's square-root scale: lines bunch where colour changes. */
export function contourLevels([low, high]: [number, number]): number[] {
	return Array.from({ length: 11 }, (_, index) => low + (high - low) * ((index + 1) / 12) ** 2);
}

/** The contours of a resolution² row-major grid (values[j · resolution + i]) at contourLevels. */
export function surfaceContours(values: Float32Array, resolution: number): SurfaceContour[] {
	const levels = contourLevels(surfaceExtent(values));
	return d3Contours()
		.size([resolution, resolution])
		.thresholds(levels)(values as unknown as number[])
		.map((contour) => ({ value: contour.value, coordinates: contour.coordinates, d: contourGridPath(contour.coordinates) }));
}

/** A MultiPolygon's rings as SVG path data, `M…Z` per ring, coordinates rounded to 0.01 grid units. */
export function contourGridPath(coordinates: number[][][][]): string {
	const round = (value: number) => Math.round(value * 100) / 100;
	const pieces: string[] = [];
	for (const polygon of coordinates) {
		for (const ring of polygon) {
			for (let k = 0; k < ring.length; k++) pieces.push(`${k === 0 ? 'M' : 'L'}${round(ring[k]![0]!)},${round(ring[k]![1]!)}`);
			if (ring.length > 0) pieces.push('Z');
		}
	}
	return pieces.join('');
}
