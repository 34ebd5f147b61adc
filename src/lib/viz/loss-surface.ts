/**
 * The loss surface: a heatmap of the objective over a plane of weights (canvas, viridis on a
 * square-root scale so the basin keeps its detail), contour lines (d3-contour), a colour bar,
 * axes, and SGD paths on top as polylines with their start and current point, shown up to a
 * progress fraction so they can be animated. Hover reads (a, b, objective); click or Enter
 * picks a point (the teaching page's start w). Paths are clipped to the axes: a diverging run
 * leaves the picture instead of stretching it. The legend of the paths is the caller's (HTML,
 * under the picture, where it hides nothing); `PATH_COLOURS` gives their colours.
 */
import * as d3 from 'd3';
import { surfaceContours, type SurfaceContour } from './surface-contours';
import { surfaceHeatmap, type SurfaceHeatmap } from './surface-heatmap';
import { tickFormat } from './tick-labels';

export interface SurfaceGrid {
	/** Row-major: value at (column i along a, row j along b) is values[j * resolution + i]. */
	values: Float32Array;
	resolution: number;
	aRange: [number, number];
	bRange: [number, number];
	/** The contour lines, when computed off the page's thread (surfaceContours); else drawn from values. */
	contours?: SurfaceContour[];
	/** The colour range and pixels, when computed off the page's thread (surfaceHeatmap); else made from values. */
	heatmap?: SurfaceHeatmap;
}

export interface SurfaceLabels {
	title: string;
	a: string;
	b: string;
	/** A line under the title, e.g. what the plane is or where the bias is fixed. */
	note?: string;
}

export interface SurfacePath {
	label: string;
	/** (a, b) pairs in plane coordinates, oldest first. */
	points: Float32Array;
	/** Said in the legend, e.g. "diverged at epoch 3". */
	note?: string;
	/** Its colour; PATH_COLOURS by position otherwise. */
	colour?: string;
	/** Not drawn (its points still count for the progress, so the others keep their timing). */
	hidden?: boolean;
	/** The path was cut where it left the map (stopAtEdge): a cross marks its last point once reached. */
	stopped?: boolean;
}

/** What a picture of the surface is given: the 2-D map and the 3-D view take the same. */
export interface SurfaceProps {
	grid: SurfaceGrid | null;
	labels: SurfaceLabels;
	paths: SurfacePath[];
	/** How much of each path is drawn (see `setProgress`). */
	progress?: number;
	width?: number;
	height?: number;
}

export interface LossSurfaceView {
	/**
	 * Draws the map, its axes and contours. The paths drawn before are hidden (they were placed on
	 * the old axes) until the next `setPaths`, which places them on the new ones: the two are
	 * separate so that a caller can draw them in two frames.
	 */
	setSurface(grid: SurfaceGrid, labels: SurfaceLabels): void;
	/** Places the paths on the current axes and shows them (up to the progress). */
	setPaths(paths: SurfacePath[]): void;
	/** Show each path up to this fraction of the longest one (0 = start points only). */
	setProgress(fraction: number): void;
	destroy(): void;
}

export interface LossSurfaceOptions {
	width?: number;
	height?: number;
	onpick?: (a: number, b: number) => void;
}

export const PATH_COLOURS = ['#ff8c69', '#ffffff', '#56b4e9', '#e69f00', '#cc79a7', '#f0e442', '#009e73', '#d55e00'];

/** The colour of the paths other than the chosen one's, when there are too many to colour apart. */
export const MUTED_PATH_COLOUR = '#bdbdbd';

/** A line of a paths' legend. */
export interface PathLegendEntry {
	label: string;
	colour: string;
}

/**
 * Paths to tell apart: up to PATH_COLOURS.length each get a colour of their own and a legend
 * line (null: the legend lists the paths). More would repeat colours, so the chosen path
 * (`chosen`, an index into `paths`, or -1) keeps the first colour and is drawn last, on top, and
 * the others share one muted colour and one legend line: "the other 63 models' paths".
 */
export function emphasisedPaths(paths: readonly SurfacePath[], chosen: number): { paths: SurfacePath[]; legend: PathLegendEntry[] | null } {
	if (paths.length <= PATH_COLOURS.length) return { paths: [...paths], legend: null };
	const centre = paths[chosen];
	const others = paths.filter((_, index) => index !== chosen).map((path) => ({ ...path, colour: MUTED_PATH_COLOUR }));
	if (!centre) return { paths: others, legend: [{ label: `the ${others.length} models' paths`, colour: MUTED_PATH_COLOUR }] };
	return {
		paths: [...others, { ...centre, colour: PATH_COLOURS[0]! }],
		legend: [
			{ label: `${centre.label} (the chosen model)`, colour: PATH_COLOURS[0]! },
			{ label: `the other ${others.length} models' paths`, colour: MUTED_PATH_COLOUR }
		]
	};
}

/** The colour of a path in a fan of `count` learning rates, smallest rate first: a rainbow, bright on the dark basin. */
export function fanColour(index: number, count: number): string {
	return d3.interpolateSinebow((0.85 * index) / Math.max(1, count - 1));
}

export function createLossSurfaceView(container: HTMLElement, options: LossSurfaceOptions = {}): LossSurfaceView {
	const width = options.width ?? 460;
	const height = options.height ?? 420;
	const margin = { top: 40, right: 78, bottom: 44, left: 52 };
	const plotWidth = width - margin.left - margin.right;
	const plotHeight = height - margin.top - margin.bottom;
	const host = d3.select(container).classed('loss-surface', true).style('position', 'relative').style('aspect-ratio', `${width} / ${height}`);
	host.selectAll('*').remove();
	const canvas = host
		.append('canvas')
		.attr('aria-hidden', 'true')
		.style('position', 'absolute')
		.style('left', `${(100 * margin.left) / width}%`)
		.style('top', `${(100 * margin.top) / height}%`)
		.style('width', `${(100 * plotWidth) / width}%`)
		.style('height', `${(100 * plotHeight) / height}%`)
		.style('image-rendering', 'auto')
		.node()!;
	const svg = host
		.append('svg')
		.attr('viewBox', `0 0 ${width} ${height}`)
		.attr('class', 'chart surface-chart')
		.attr('role', 'img')
		.style('position', 'absolute')
		.style('inset', '0')
		.style('width', '100%')
		.style('height', '100%');
	const clipId = `surface-clip-${Math.random().toString(36).slice(2, 9)}`;
	svg.append('clipPath').attr('id', clipId).append('rect').attr('x', margin.left).attr('y', margin.top).attr('width', plotWidth).attr('height', plotHeight);
	const title = svg.append('text').attr('class', 'chart-title').attr('x', margin.left).attr('y', 15);
	const note = svg.append('text').attr('class', 'chart-note').attr('x', margin.left).attr('y', 30);
	const contourLayer = svg.append('g').attr('class', 'contours').attr('clip-path', `url(#${clipId})`);
	const xAxis = svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${margin.top + plotHeight})`);
	const yAxis = svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${margin.left},0)`);
	const xLabel = svg.append('text').attr('class', 'axis-label').attr('x', margin.left + plotWidth / 2).attr('y', height - 6).attr('text-anchor', 'middle');
	const yLabel = svg
		.append('text')
		.attr('class', 'axis-label')
		.attr('transform', `translate(14,${margin.top + plotHeight / 2}) rotate(-90)`)
		.attr('text-anchor', 'middle');
	const bar = svg.append('g').attr('class', 'colour-bar').attr('transform', `translate(${margin.left + plotWidth + 14},${margin.top})`);
	// The bar's colours and label never change: drawn once, only its axis follows the surface.
	const gradient = bar.append('defs').append('linearGradient').attr('id', `${clipId}-gradient`).attr('x1', 0).attr('x2', 0).attr('y1', 1).attr('y2', 0);
	for (let k = 0; k <= 10; k++) gradient.append('stop').attr('offset', k / 10).attr('stop-color', d3.interpolateViridis(k / 10));
	bar.append('rect').attr('width', 12).attr('height', plotHeight).attr('fill', `url(#${clipId}-gradient)`);
	const barAxis = bar.append('g').attr('transform', 'translate(12,0)');
	// Under the bar: above it the line under the title may run long.
	bar.append('text').attr('class', 'axis-label').attr('x', 0).attr('y', plotHeight + 30).text('objective');
	const pathLayer = svg.append('g').attr('class', 'paths').attr('clip-path', `url(#${clipId})`);
	const cursor = svg.append('g').attr('class', 'cursor').style('pointer-events', 'none').attr('visibility', 'hidden');
	cursor.append('circle').attr('r', 4).attr('fill', 'none').attr('stroke', '#fff').attr('stroke-width', 1.5);
	// Inside the plot, bottom left, white on a dark halo: readable over any colour of the map.
	const readout = svg
		.append('text')
		.attr('class', 'readout')
		.attr('x', margin.left + 6)
		.attr('y', margin.top + plotHeight - 8)
		.style('fill', '#fff')
		.style('stroke', '#000')
		.style('stroke-width', '3px')
		.style('paint-order', 'stroke')
		.style('pointer-events', 'none');
	const overlay = svg
		.append('rect')
		.attr('class', 'surface-overlay')
		.attr('x', margin.left)
		.attr('y', margin.top)
		.attr('width', plotWidth)
		.attr('height', plotHeight)
		.attr('fill', 'transparent')
		.attr('tabindex', 0)
		.style('cursor', options.onpick ? 'crosshair' : 'default');

	let grid: SurfaceGrid | null = null;
	let x = d3.scaleLinear([-6, 6], [margin.left, margin.left + plotWidth]);
	let y = d3.scaleLinear([-6, 6], [margin.top + plotHeight, margin.top]);
	let labels: SurfaceLabels = { title: '', a: 'a', b: 'b' };
	let paths: SurfacePath[] = [];
	let progress = 1;
	let keyboardPoint: [number, number] = [0, 0];

	function valueAt(a: number, b: number): number {
		if (!grid) return NaN;
		const { resolution, aRange, bRange, values } = grid;
		const i = Math.round(((a - aRange[0]) / (aRange[1] - aRange[0])) * (resolution - 1));
		const j = Math.round(((b - bRange[0]) / (bRange[1] - bRange[0])) * (resolution - 1));
		if (i < 0 || j < 0 || i >= resolution || j >= resolution) return NaN;
		return values[j * resolution + i]!;
	}

	function showCursor(a: number, b: number): void {
		cursor.attr('visibility', 'visible').attr('transform', `translate(${x(a)},${y(b)})`);
		// One line per value, axis names without their notes: on one line a text model's axes
		// ("principal direction 1 (93% of the path's variance)") ran past the plot's right edge.
		const lines = [`${shortAxisName(labels.a)} = ${a.toFixed(2)}`, `${shortAxisName(labels.b)} = ${b.toFixed(2)}`, `objective = ${d3.format('.4~g')(valueAt(a, b))}`];
		readout
			.selectAll('tspan')
			.data(lines)
			.join('tspan')
			.attr('x', margin.left + 6)
			.attr('dy', (_, index) => (index === 0 ? `${-(lines.length - 1) * 1.2}em` : '1.2em'))
			.text((line) => line);
	}

	overlay
		.on('pointermove', (event: PointerEvent) => {
			const [px, py] = d3.pointer(event, svg.node());
			showCursor(x.invert(px), y.invert(py));
		})
		.on('pointerleave', () => {
			cursor.attr('visibility', 'hidden');
			readout.selectAll('tspan').remove();
		})
		.on('click', (event: MouseEvent) => {
			const [px, py] = d3.pointer(event, svg.node());
			options.onpick?.(x.invert(px), y.invert(py));
		})
		.on('keydown', (event: KeyboardEvent) => {
			// Arrows move a cursor (a tenth of the range); Enter picks it, as a click would.
			const [a0, a1] = x.domain() as [number, number];
			const [b0, b1] = y.domain() as [number, number];
			const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
			const move = moves[event.key];
			if (move) {
				event.preventDefault();
				keyboardPoint = [
					Math.min(a1, Math.max(a0, keyboardPoint[0] + (move[0] * (a1 - a0)) / 20)),
					Math.min(b1, Math.max(b0, keyboardPoint[1] + (move[1] * (b1 - b0)) / 20))
				];
				showCursor(...keyboardPoint);
			} else if (event.key === 'Enter') {
				event.preventDefault();
				options.onpick?.(...keyboardPoint);
			}
		});

	/** One pixel per grid point (surfaceHeatmap: the worker's, or made here for a grid without). */
	function drawHeatmap(current: SurfaceGrid, heatmap: SurfaceHeatmap): void {
		const { resolution } = current;
		canvas.width = resolution;
		canvas.height = resolution;
		const context = canvas.getContext('2d')!;
		const image = context.createImageData(resolution, resolution);
		image.data.set(heatmap.pixels);
		context.putImageData(image, 0, 0);
	}

	function drawSurface(): void {
		if (!grid) return;
		const current = grid;
		x = d3.scaleLinear(current.aRange, [margin.left, margin.left + plotWidth]);
		y = d3.scaleLinear(current.bRange, [margin.top + plotHeight, margin.top]);
		svg.attr('aria-label', `${labels.title}: heatmap of the objective over ${labels.a} and ${labels.b}, with contour lines and SGD paths`);
		title.text(labels.title);
		note.text(labels.note ?? '');
		xLabel.text(labels.a);
		yLabel.text(labels.b);
		// Every axis labels its ticks so that neighbours differ (viz/tick-labels.ts).
		const labelled = (axis: d3.Axis<d3.NumberValue>, scale: d3.ScaleLinear<number, number>) => {
			const ticks = scale.ticks(6);
			const format = tickFormat(ticks);
			return axis.tickValues(ticks).tickFormat((value) => format(Number(value)));
		};
		xAxis.call(labelled(d3.axisBottom(x), x));
		yAxis.call(labelled(d3.axisLeft(y), y));
		const heatmap = current.heatmap ?? surfaceHeatmap(current.values, current.resolution);
		const [low, high] = heatmap.extent;
		const colour = d3.scaleSequentialSqrt(d3.interpolateViridis).domain([low, high]);
		drawHeatmap(current, heatmap);

		const contours = current.contours ?? surfaceContours(current.values, current.resolution);
		// Grid units to px: grid point i sits at i + 0.5 in d3-contour's units.
		const step = (range: [number, number]) => (range[1] - range[0]) / Math.max(1, current.resolution - 1);
		const toX = (gx: number) => x(current.aRange[0] + (gx - 0.5) * step(current.aRange));
		const toY = (gy: number) => y(current.bRange[0] + (gy - 0.5) * step(current.bRange));
		// Contours that come with their path in grid units (from the worker) are placed by a
		// transform (grid units to px: linear, as toX and toY are), their stroke kept in px.
		const gridToPx = `matrix(${toX(1) - toX(0)},0,0,${toY(1) - toY(0)},${toX(0)},${toY(0)})`;
		contourLayer
			.selectAll('path')
			.data(contours)
			.join('path')
			.attr('class', 'contour')
			.attr('data-level', (contour) => contour.value)
			.attr('d', (contour) => contour.d ?? contourPathData(contour, toX, toY))
			.attr('transform', (contour) => (contour.d === undefined ? null : gridToPx))
			.attr('vector-effect', (contour) => (contour.d === undefined ? null : 'non-scaling-stroke'))
			.attr('fill', 'none')
			.attr('stroke', (contour) => (colour(contour.value) && d3.hsl(colour(contour.value)).l > 0.55 ? '#0008' : '#fff8'))
			.attr('stroke-width', 0.8);

		const barScale = d3.scaleSqrt([low, high], [plotHeight, 0]);
		// Enough significant digits that neighbouring ticks differ (a flat surface spans 0.181–0.184).
		const ticks = barScale.ticks(6);
		const barFormat = tickFormat(ticks);
		barAxis.call(d3.axisRight(barScale).tickValues(ticks).tickFormat((value) => barFormat(Number(value))));
		// The paths are on the old axes: hidden until setPaths places them on these.
		pathLayer.attr('display', 'none');
		projected = [];
	}

	/** The paths in px, each with its polyline prefixes: built once per set of paths or axes. */
	let projected: { path: SurfacePath; index: number; line: PolylinePrefixes; parts: PathParts; shown: number }[] = [];

	/** Creates one group per path and projects it onto the current axes; then shows the progress. */
	function projectPaths(): void {
		const groups = pathLayer
			.selectAll<SVGGElement, SurfacePath>('g.sgd-path')
			.data(paths)
			.join((enter) => {
				const group = enter.append('g').attr('class', 'sgd-path');
				group.append('path').attr('class', 'halo').attr('fill', 'none').attr('stroke', '#000a').attr('stroke-width', 4);
				group.append('path').attr('class', 'line').attr('fill', 'none').attr('stroke-width', 2);
				group.append('circle').attr('class', 'path-start').attr('r', 3.5).attr('stroke', '#000').attr('stroke-width', 1).attr('fill', '#fff');
				group.append('circle').attr('class', 'path-end').attr('r', 5).attr('stroke', '#000').attr('stroke-width', 1.5);
				group.append('path').attr('class', 'stop-mark').attr('d', 'M-6,-6L6,6M-6,6L6,-6').attr('stroke-width', 3).attr('display', 'none');
				return group;
			})
			.attr('data-label', (path) => path.label);
		projected = [];
		pathLayer.attr('display', null);
		groups.each(function (path, index) {
			const colour = path.colour ?? PATH_COLOURS[index % PATH_COLOURS.length]!;
			this.style.display = path.hidden ? 'none' : '';
			const parts: PathParts = {
				halo: this.querySelector<SVGPathElement>('path.halo')!,
				line: this.querySelector<SVGPathElement>('path.line')!,
				start: this.querySelector<SVGCircleElement>('circle.path-start')!,
				end: this.querySelector<SVGCircleElement>('circle.path-end')!,
				stop: this.querySelector<SVGPathElement>('path.stop-mark')!
			};
			parts.stop.setAttribute('stroke', colour);
			parts.line.setAttribute('stroke', colour);
			parts.end.setAttribute('fill', colour);
			const line = polylinePrefixes(path.points, x, y);
			parts.start.setAttribute('cx', String(line.xs[0] ?? -99));
			parts.start.setAttribute('cy', String(line.ys[0] ?? -99));
			projected.push({ path, index, line, parts, shown: -2 });
		});
		drawPaths();
	}

	/** Shows each path up to the progress: a slice of its prefix string, set only when it moved. */
	function drawPaths(): void {
		const longest = d3.max(paths, (path) => path.points.length / 2) ?? 1;
		const shownIndex = Math.round(progress * Math.max(0, longest - 1));
		for (const item of projected) {
			const last = Math.min(item.line.xs.length - 1, shownIndex);
			if (last === item.shown) continue;
			item.shown = last;
			const d = last < 0 ? '' : item.line.d.slice(0, item.line.ends[last]);
			if (d) {
				item.parts.halo.setAttribute('d', d);
				item.parts.line.setAttribute('d', d);
			} else {
				item.parts.halo.removeAttribute('d');
				item.parts.line.removeAttribute('d');
			}
			item.parts.end.setAttribute('cx', String(item.line.xs[last] ?? -99));
			item.parts.end.setAttribute('cy', String(item.line.ys[last] ?? -99));
			const stoppedHere = item.path.stopped === true && last === item.line.xs.length - 1;
			item.parts.stop.setAttribute('display', stoppedHere ? 'inline' : 'none');
			if (stoppedHere) item.parts.stop.setAttribute('transform', `translate(${item.line.xs[last]},${item.line.ys[last]})`);
		}
	}

	return {
		setSurface(next, nextLabels) {
			grid = next;
			labels = nextLabels;
			drawSurface();
		},
		setPaths(next) {
			paths = next;
			projectPaths();
		},
		setProgress(fraction) {
			progress = Math.min(1, Math.max(0, fraction));
			drawPaths();
		},
		destroy() {
			host.selectAll('*').remove();
		}
	};
}

interface PathParts {
	halo: SVGPathElement;
	line: SVGPathElement;
	start: SVGCircleElement;
	end: SVGCircleElement;
	stop: SVGPathElement;
}

/**
 * A polyline's SVG path data with where each point's part ends: `d.slice(0, ends[k])` draws its
 * points 0..k, so a path shown up to a progress is a slice, not a new string per frame. xs, ys
 * are the points in px (rounded to 0.1 px, as is `d`). `points` are (a, b) pairs; `x`, `y` map
 * plane coordinates to px. A non-finite coordinate is written as is (the path stops drawing).
 */
export interface PolylinePrefixes {
	d: string;
	ends: number[];
	xs: number[];
	ys: number[];
}

export function polylinePrefixes(points: Float32Array, x: (a: number) => number, y: (b: number) => number): PolylinePrefixes {
	const count = Math.floor(points.length / 2);
	const pieces: string[] = [];
	const ends: number[] = [];
	const xs: number[] = [];
	const ys: number[] = [];
	let length = 0;
	for (let k = 0; k < count; k++) {
		const px = roundPx(x(points[2 * k]!));
		const py = roundPx(y(points[2 * k + 1]!));
		const piece = `${k === 0 ? 'M' : 'L'}${px},${py}`;
		pieces.push(piece);
		length += piece.length;
		ends.push(length);
		xs.push(px);
		ys.push(py);
	}
	return { d: pieces.join(''), ends, xs, ys };
}

/**
 * One contour level as one SVG path: a ring per `M…Z`, coordinates (grid units) mapped to px
 * by `x`, `y` and rounded to 0.1 px, which is what d3.geoPath drew but without its projection
 * stream per point and with shorter strings for the browser to parse.
 */
export function contourPathData(contour: SurfaceContour, x: (gx: number) => number, y: (gy: number) => number): string {
	const pieces: string[] = [];
	for (const polygon of contour.coordinates) {
		for (const ring of polygon) {
			for (let k = 0; k < ring.length; k++) pieces.push(`${k === 0 ? 'M' : 'L'}${roundPx(x(ring[k]![0]!))},${roundPx(y(ring[k]![1]!))}`);
			if (ring.length > 0) pieces.push('Z');
		}
	}
	return pieces.join('');
}

function roundPx(value: number): number {
	return Math.round(value * 10) / 10;
}

/** An axis label without its parenthesised note: "principal direction 1 (93% of …)" → "principal direction 1". */
export function shortAxisName(label: string): string {
	const cut = label.indexOf(' (');
	return cut > 0 ? label.slice(0, cut) : label;
}
