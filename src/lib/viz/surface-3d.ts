/**
 * The loss surface in 3-D on a 2-D canvas: a shaded, wireframed mesh of the resolution² grid
 * (at most 48² quads, painter's order), the floor's axes with ticks, a vertical objective axis,
 * and the SGD paths lifted onto the surface (each point at its interpolated objective), shown up
 * to a progress fraction as the 2-D view shows them. Drag (or arrow keys) turns it. No WebGL:
 * a few thousand filled quads a frame is well within a canvas's reach.
 */
import * as d3 from 'd3';
import { PATH_COLOURS, shortAxisName, type SurfaceGrid, type SurfaceLabels, type SurfacePath } from './loss-surface';
import { liftPath } from './surface-path-3d';
import { tickFormat } from './tick-labels';
import { boxScales, clampPitch, meshQuads, project, type Camera, type Projected } from './surface-projection';

export interface Surface3dView {
	setSurface(grid: SurfaceGrid, labels: SurfaceLabels): void;
	setPaths(paths: SurfacePath[]): void;
	setProgress(fraction: number): void;
	destroy(): void;
}

export function createSurface3dView(container: HTMLElement, options: { width?: number; height?: number } = {}): Surface3dView {
	const width = options.width ?? 460;
	const height = options.height ?? 420;
	const top = 44;
	const bottom = 24;
	const host = d3.select(container).classed('loss-surface-3d', true);
	host.selectAll('*').remove();
	const canvas = host
		.append('canvas')
		.attr('tabindex', 0)
		.attr('role', 'img')
		.style('width', '100%')
		.style('aspect-ratio', `${width} / ${height}`)
		.style('display', 'block')
		.style('cursor', 'grab')
		.style('touch-action', 'none')
		.node()!;
	const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
	canvas.width = Math.round(width * ratio);
	canvas.height = Math.round(height * ratio);
	const context = canvas.getContext('2d')!;

	let grid: SurfaceGrid | null = null;
	let labels: SurfaceLabels = { title: '', a: 'a', b: 'b' };
	let paths: SurfacePath[] = [];
	let progress = 1;
	const camera: Camera = { yaw: -0.6, pitch: 0.6 };
	let frame = 0;

	// One box unit in pixels, the same whatever the turn, so the picture never jumps in size.
	const unit = Math.min((width - 40) / 3.1, (height - top - bottom) / 2.6);
	const centreY = top + (height - top - bottom) / 2 + 0.1 * unit;
	const toScreen = (point: Projected): [number, number] => [width / 2 + point.x * unit, centreY - point.y * unit];

	/** Every text drawn this frame, as boxes in CSS px: names are placed clear of the ticks, and tests read them (data-text-boxes). */
	let drawnText: TextBox[] = [];

	/** The box `value` takes in `font` centred (or aligned) at x, middle at y. */
	function measure(value: string, x: number, y: number, align: CanvasTextAlign, font: string): TextBox {
		context.font = font;
		const textWidth = context.measureText(value).width;
		const size = Number.parseFloat(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? '11');
		const left = align === 'left' ? x : align === 'right' ? x - textWidth : x - textWidth / 2;
		return { text: value, x: left, y: y - size / 2 - 1, width: textWidth, height: size + 2 };
	}

	/** Draws the text of `box` (from `measure`), kept inside the canvas: a label past its edge was cut. */
	function drawBox(box: TextBox, font: string): void {
		const inside = clampBox(box, width, height);
		context.font = font;
		context.textAlign = 'left';
		context.textBaseline = 'middle';
		context.fillText(box.text, inside.x, inside.y + inside.height / 2);
		drawnText.push(inside);
	}

	function text(value: string, x: number, y: number, align: CanvasTextAlign = 'center', font = '11px system-ui, sans-serif'): void {
		drawBox(measure(value, x, y, align, font), font);
	}

	/**
	 * One floor axis along an edge and its ticks; returns the drawing of its name outside the box,
	 * called once every tick of every axis is drawn, so the name can keep clear of them all.
	 */
	function floorAxis(scale: d3.ScaleLinear<number, number>, name: string, point: (value: number) => [number, number, number], outward: [number, number]): () => void {
		const ticks = scale.ticks(5);
		const [x0, y0] = toScreen(project(camera, ...point(scale.domain()[0]!)));
		const [x1, y1] = toScreen(project(camera, ...point(scale.domain()[1]!)));
		context.beginPath();
		context.moveTo(x0, y0);
		context.lineTo(x1, y1);
		context.stroke();
		const [ox, oy] = outward;
		const format = tickFormat(ticks);
		for (const tick of ticks) {
			const [x, y] = toScreen(project(camera, ...point(tick)));
			context.beginPath();
			context.moveTo(x, y);
			context.lineTo(x + ox * 5, y + oy * 5);
			context.stroke();
			text(format(tick), x + ox * 16, y + oy * 14);
		}
		// The name without its note ("(93% of the path's variance)": the 2-D map keeps it), moved
		// outward from the axis until it clears every tick label, and kept inside the canvas.
		const middle = toScreen(project(camera, ...point((scale.domain()[0]! + scale.domain()[1]!) / 2)));
		const font = '600 12px system-ui, sans-serif';
		return () => {
			const start = measure(shortAxisName(name), middle[0] + ox * 30, middle[1] + oy * 24, 'center', font);
			drawBox(placeClear(start, [ox * 4, oy * 4], drawnText, width, height), font);
		};
	}

	function draw(): void {
		frame = 0;
		const ink = getComputedStyle(container).color || '#222';
		context.setTransform(ratio, 0, 0, ratio, 0, 0);
		context.clearRect(0, 0, width, height);
		context.fillStyle = ink;
		context.strokeStyle = ink;
		context.lineWidth = 1;
		drawnText = [];
		text(labels.title, 8, 14, 'left', '600 13px system-ui, sans-serif');
		if (labels.note) text(labels.note, 8, 31, 'left');
		// The hint to turn it sits under the canvas (LossSurface3d.svelte): drawn in a corner, a tick label turned under it.
		if (!grid) return publishText();
		const current = grid;
		const scales = boxScales(current);
		const aScale = d3.scaleLinear(current.aRange, [-1, 1]);
		const bScale = d3.scaleLinear(current.bRange, [-1, 1]);

		// The floor edges nearest the eye carry the axes.
		const corners = [-1, 1].flatMap((u) => [-1, 1].map((v) => ({ u, v, depth: project(camera, u, v, -0.5).depth })));
		const far = corners.reduce((best, corner) => (corner.depth < best.depth ? corner : best));
		const nearV = -far.v;
		const nearU = -far.u;
		context.globalAlpha = 0.35;
		context.beginPath();
		for (const [u, v] of [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]] as const) {
			// On an empty path the first lineTo starts it.
			context.lineTo(...toScreen(project(camera, u, v, -0.5)));
		}
		context.stroke();
		context.globalAlpha = 1;
		const outwardOf = (u: number, v: number): [number, number] => {
			const centre = toScreen(project(camera, 0, 0, -0.5));
			const edge = toScreen(project(camera, u, v, -0.5));
			const length = Math.hypot(edge[0] - centre[0], edge[1] - centre[1]) || 1;
			return [(edge[0] - centre[0]) / length, (edge[1] - centre[1]) / length];
		};
		// The mesh, shaded by height (viridis, as the heatmap) and by its slope against the light.
		for (const quad of meshQuads(current, camera)) {
			const colour = d3.rgb(d3.interpolateViridis(Math.min(1, Math.max(0, quad.height))));
			const shade = 0.55 + 0.45 * quad.light;
			const fill = `rgb(${colour.r * shade},${colour.g * shade},${colour.b * shade})`;
			context.beginPath();
			quad.corners.forEach((corner, index) => (index === 0 ? context.moveTo(...toScreen(corner)) : context.lineTo(...toScreen(corner))));
			context.closePath();
			context.fillStyle = fill;
			context.strokeStyle = 'rgba(0,0,0,0.22)';
			context.lineWidth = 0.5;
			context.fill();
			context.stroke();
		}
		context.fillStyle = ink;
		context.strokeStyle = ink;
		const names = [
			floorAxis(aScale, labels.a, (a) => [aScale(a), nearV, -0.5], outwardOf(0, nearV)),
			floorAxis(bScale, labels.b, (b) => [nearU, bScale(b), -0.5], outwardOf(nearU, 0))
		];
		// The objective axis stands on the leftmost corner: on the edge of the picture, its ticks
		// (to its left) are never covered by the mesh.
		const side = corners.reduce((best, corner) => (project(camera, corner.u, corner.v, 0).x < project(camera, best.u, best.v, 0).x ? corner : best));
		const zAxisBase = toScreen(project(camera, side.u, side.v, -0.5));
		const zTicks = scales.z.ticks(5);
		const zFormat = tickFormat(zTicks);
		context.beginPath();
		context.moveTo(...zAxisBase);
		context.lineTo(...toScreen(project(camera, side.u, side.v, 0.5)));
		context.stroke();
		for (const tick of zTicks) {
			const [x, y] = toScreen(project(camera, side.u, side.v, scales.z(tick)));
			context.beginPath();
			context.moveTo(x, y);
			context.lineTo(x - 5, y);
			context.stroke();
			text(zFormat(tick), x - 8, y, 'right');
		}
		const zTop = toScreen(project(camera, side.u, side.v, 0.5));
		text('objective', zTop[0], zTop[1] - 12, 'center', '600 12px system-ui, sans-serif');
		for (const name of names) name();

		drawPaths(current, scales);
		publishText();
	}

	function publishText(): void {
		canvas.dataset.textBoxes = JSON.stringify(drawnText.map((box) => ({ ...box, x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) })));
		canvas.dataset.size = `${width}x${height}`;
	}

	function drawPaths(current: SurfaceGrid, scales: ReturnType<typeof boxScales>): void {
		const longest = d3.max(paths, (path) => path.points.length / 2) ?? 1;
		const shown = Math.round(progress * Math.max(0, longest - 1));
		let stopMarks = 0;
		paths.forEach((path, index) => {
			if (path.hidden) return;
			const colour = path.colour ?? PATH_COLOURS[index % PATH_COLOURS.length]!;
			const lifted = liftPath(path, current, shown);
			// Off the grid the objective is unknown: the line breaks there, as the 2-D view clips it.
			const points = lifted.points.map((point) => (point ? toScreen(project(camera, scales.u(point[0]), scales.v(point[1]), scales.z(point[2]) + 0.012)) : null));
			const line = d3.line<[number, number] | null>().defined((point) => point !== null).x((point) => point![0]).y((point) => point![1]).context(context);
			for (const [stroke, lineWidth] of [['rgba(0,0,0,0.7)', 4], [colour, 2]] as const) {
				context.beginPath();
				line(points);
				context.strokeStyle = stroke;
				context.lineWidth = lineWidth;
				context.stroke();
			}
			const first = points.find((point) => point !== null);
			const last = points.findLast((point) => point !== null);
			for (const [point, fill, radius] of [[first, '#fff', 3.5], [last, colour, 5]] as const) {
				if (!point) continue;
				context.beginPath();
				context.arc(point[0], point[1], radius, 0, 2 * Math.PI);
				context.fillStyle = fill;
				context.fill();
				context.strokeStyle = '#000';
				context.lineWidth = 1.2;
				context.stroke();
			}
			// Where the path left the plot: the 2-D map's ✕ (12 px, 3 px strokes in the path's colour), dark-edged to read on the mesh.
			if (lifted.stopMark && last) {
				for (const [stroke, lineWidth] of [['rgba(0,0,0,0.8)', 5], [colour, 3]] as const) {
					context.beginPath();
					context.moveTo(last[0] - 6, last[1] - 6);
					context.lineTo(last[0] + 6, last[1] + 6);
					context.moveTo(last[0] - 6, last[1] + 6);
					context.lineTo(last[0] + 6, last[1] - 6);
					context.strokeStyle = stroke;
					context.lineWidth = lineWidth;
					context.stroke();
				}
				stopMarks++;
			}
		});
		// How many ✕ this frame drew, for tests (a canvas has no elements to find).
		canvas.dataset.stopMarks = String(stopMarks);
	}

	const schedule = () => {
		if (!frame) frame = requestAnimationFrame(draw);
	};
	const turn = (yaw: number, pitch: number) => {
		camera.yaw += yaw;
		camera.pitch = clampPitch(camera.pitch + pitch);
		canvas.dataset.yaw = camera.yaw.toFixed(3);
		schedule();
	};

	let dragFrom: [number, number] | null = null;
	canvas.addEventListener('pointerdown', (event) => {
		dragFrom = [event.clientX, event.clientY];
		canvas.setPointerCapture(event.pointerId);
		canvas.style.cursor = 'grabbing';
	});
	canvas.addEventListener('pointermove', (event) => {
		if (!dragFrom) return;
		// A drag across the whole picture turns it about 1.3 turns: fine control, quick overview.
		const scale = 8 / canvas.getBoundingClientRect().width;
		turn((event.clientX - dragFrom[0]) * scale, (event.clientY - dragFrom[1]) * scale * 0.5);
		dragFrom = [event.clientX, event.clientY];
	});
	const release = () => {
		dragFrom = null;
		canvas.style.cursor = 'grab';
	};
	canvas.addEventListener('pointerup', release);
	canvas.addEventListener('pointercancel', release);
	canvas.addEventListener('keydown', (event) => {
		const moves: Record<string, [number, number]> = { ArrowLeft: [-0.15, 0], ArrowRight: [0.15, 0], ArrowUp: [0, 0.08], ArrowDown: [0, -0.08] };
		const move = moves[event.key];
		if (!move) return;
		event.preventDefault();
		turn(...move);
	});

	return {
		setSurface(next, nextLabels) {
			grid = next;
			labels = nextLabels;
			canvas.setAttribute('aria-label', `${labels.title}: the objective as a 3-D surface over ${labels.a} and ${labels.b}, with the SGD paths on it; drag or use the arrow keys to turn`);
			schedule();
		},
		setPaths(next) {
			paths = next;
			schedule();
		},
		setProgress(fraction) {
			progress = Math.min(1, Math.max(0, fraction));
			schedule();
		},
		destroy() {
			cancelAnimationFrame(frame);
			host.selectAll('*').remove();
		}
	};
}

/** A label's box in CSS px (x, y its top left). */
export interface TextBox {
	text: string;
	x: number;
	y: number;
	width: number;
	height: number;
}


/** `box` moved (not resized) to lie within a `width`×`height` canvas, 2 px from its edges where it fits. Pure. */
export function clampBox(box: TextBox, width: number, height: number): TextBox {
	const x = Math.min(Math.max(box.x, 2), Math.max(2, width - 2 - box.width));
	const y = Math.min(Math.max(box.y, 0), Math.max(0, height - box.height));
	return { ...box, x, y };
}

/**
 * `box` stepped along `step` (px) until, kept inside the canvas, it overlaps none of `avoid`; when
 * the canvas edge or other labels stop it, the same steps down, up, left and right (16 each);
 * failing all, the place that covers the least. Pure: an axis name moved past the ticks, where at
 * a diagonal turn it had been drawn across them.
 */
export function placeClear(box: TextBox, step: [number, number], avoid: readonly TextBox[], width: number, height: number): TextBox {
	const covered = (candidate: TextBox) => avoid.reduce((sum, other) => sum + overlapArea(candidate, other), 0);
	let best = clampBox(box, width, height);
	let bestCover = covered(best);
	if (bestCover === 0) return best;
	const length = Math.hypot(step[0], step[1]) || 4;
	const directions: [number, number][] = [step, [0, length], [0, -length], [-length, 0], [length, 0]];
	for (const [dx, dy] of directions) {
		for (let k = 1; k <= 16; k++) {
			const candidate = clampBox({ ...box, x: box.x + dx * k, y: box.y + dy * k }, width, height);
			const cover = covered(candidate);
			if (cover === 0) return candidate;
			if (cover < bestCover) [best, bestCover] = [candidate, cover];
		}
	}
	return best;
}

const overlapArea = (a: TextBox, b: TextBox) =>
	Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
