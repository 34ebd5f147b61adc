/**
 * The loss surface's heatmap as pixels, pure data (no DOM): the surface worker makes them beside
 * the surface and its contours, so the page only puts them on its canvas. Colouring 96² points
 * on the page (a first, not yet optimised pass over them, with the extent before it) held the
 * frame that drew a new surface for tens of ms.
 */
import { interpolateViridis, rgb } from 'd3';
import { surfaceExtent } from './surface-contours';

/** What the map needs besides the values: their colour range and their pixels. */
export interface SurfaceHeatmap {
	/** The colour bar's [low, high]: the finite extent, high raised by 1 on a flat surface. */
	extent: [number, number];
	/** resolution² RGBA pixels, row 0 the highest b (the top of the picture), for putImageData. */
	pixels: Uint8ClampedArray;
}

/** The colour bar's domain for `values`: their finite extent, never empty (a flat surface spans low..low + 1). */
export function colourExtent(values: Float32Array): [number, number] {
	const [low, high] = surfaceExtent(values);
	return [low, high === low ? low + 1 : high];
}

/**
 * One pixel per grid point of a resolution² row-major grid (values[j · resolution + i], j along
 * b), coloured through a 256-entry table of the colour bar's square-root scale
 * (d3.scaleSequentialSqrt: signed √ of value and domain, then viridis). A non-finite value is black.
 */
export function surfaceHeatmap(values: Float32Array, resolution: number, extent = colourExtent(values)): SurfaceHeatmap {
	const root = (value: number) => Math.sign(value) * Math.sqrt(Math.abs(value));
	const table = viridisTable();
	const levels = table.length / 3;
	const rootLow = root(extent[0]);
	const rootSpan = root(extent[1]) - rootLow || 1;
	const pixels = new Uint8ClampedArray(resolution * resolution * 4);
	for (let j = 0; j < resolution; j++) {
		// Row j = 0 is the lowest b: the bottom row of the picture.
		const row = resolution - 1 - j;
		for (let i = 0; i < resolution; i++) {
			const value = values[j * resolution + i]!;
			const offset = 4 * (row * resolution + i);
			pixels[offset + 3] = 255;
			if (!Number.isFinite(value)) continue;
			const level = Math.round(Math.min(1, Math.max(0, (root(value) - rootLow) / rootSpan)) * (levels - 1));
			pixels[offset] = table[3 * level]!;
			pixels[offset + 1] = table[3 * level + 1]!;
			pixels[offset + 2] = table[3 * level + 2]!;
		}
	}
	return { extent, pixels };
}

let viridis: Uint8Array | null = null;

/** 256 viridis colours as r, g, b bytes: made once per thread, not per surface. */
function viridisTable(): Uint8Array {
	if (viridis) return viridis;
	const levels = 256;
	const table = new Uint8Array(levels * 3);
	for (let k = 0; k < levels; k++) {
		const colour = rgb(interpolateViridis(k / (levels - 1)));
		table.set([colour.r, colour.g, colour.b], 3 * k);
	}
	viridis = table;
	return table;
}
