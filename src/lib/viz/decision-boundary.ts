/**
 * The data in the plane (x1, x2), coloured and shaped by class, with the decision boundary
 * w·x + b = 0 of a linear model and its margins w·x + b = ±1 (dashed), over the decision
 * regions shaded by the score (the deeper the colour, the larger |w·x + b|). Test points, when
 * given, are drawn hollow; either set can be hidden.
 */
import * as d3 from 'd3';

export interface BoundaryData {
	x1: Float32Array;
	x2: Float32Array;
	/** 0 or 1 per point. */
	labels: Int8Array;
	classes: [string, string];
	/** The current model, or null before training. */
	model: { w1: number; w2: number; b: number } | null;
	title: string;
	/** Held-out points, drawn hollow. */
	test?: { x1: Float32Array; x2: Float32Array; labels: Int8Array };
	/** Which sets are drawn (both by default); the axes span both either way, so they stay put. */
	show?: { train: boolean; test: boolean };
	/**
	 * The model's score at (x1, x2), to shade the regions; defaults to w1·x1 + w2·x2 + b. A model
	 * over derived features (x1², sin x1, …) passes its own: its boundary is then a curve, drawn
	 * as the regions' edge rather than as lines.
	 */
	score?: (x1: number, x2: number) => number;
}

const CLASS_COLOURS = ['#0072b2', '#e69f00'];

/** What was built in an SVG: while the data and the view stay the same, a new model only moves the regions and lines. */
interface Built {
	key: unknown[];
	extent: number;
	x: d3.ScaleLinear<number, number>;
	y: d3.ScaleLinear<number, number>;
}
const built = new WeakMap<SVGSVGElement, Built>();

/**
 * Draws the picture, or, when only the model changed since the last call on this SVG (the
 * teaching page's playback), redraws only the regions and the boundary: the points, axes and
 * legend are kept, so a frame costs the region image, not hundreds of symbols.
 */
export function drawDecisionBoundary(svg: SVGSVGElement, data: BoundaryData, { width = 360, height = 360 } = {}): void {
	const show = data.show ?? { train: true, test: true };
	const key = [data.x1, data.x2, data.labels, data.test?.x1, data.test?.x2, show.train, show.test, data.title, data.classes.join('\u0000'), width, height, Boolean(data.score)];
	let state = built.get(svg);
	if (!state || state.key.length !== key.length || state.key.some((part, index) => part !== key[index])) {
		state = drawStatic(svg, data, show, width, height, key);
		built.set(svg, state);
	}
	drawModel(svg, data, state);
}

function drawStatic(svg: SVGSVGElement, data: BoundaryData, show: { train: boolean; test: boolean }, width: number, height: number, key: unknown[]): Built {
	const margin = { top: 42, right: 12, bottom: 40, left: 44 };
	const root = d3.select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img').attr('aria-label', data.title);
	root.selectAll('*').remove();
	const largest = (values: Float32Array | undefined) => (values ? (d3.max(values, (value) => Math.abs(value)) ?? 0) : 0);
	const extent = Math.max(1, largest(data.x1), largest(data.x2), largest(data.test?.x1), largest(data.test?.x2)) * 1.1;
	const x = d3.scaleLinear([-extent, extent], [margin.left, width - margin.right]);
	const y = d3.scaleLinear([-extent, extent], [height - margin.bottom, margin.top]);
	root.append('text').attr('class', 'chart-title').attr('x', margin.left).attr('y', 16).text(data.title);
	root.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(5));
	root.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5));
	root.append('text').attr('class', 'axis-label').attr('x', (margin.left + width - margin.right) / 2).attr('y', height - 6).attr('text-anchor', 'middle').text('x1');
	root.append('text').attr('class', 'axis-label').attr('transform', `translate(12,${(margin.top + height - margin.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text('x2');
	const clipId = `boundary-clip-${Math.random().toString(36).slice(2, 9)}`;
	root.append('clipPath').attr('id', clipId).append('rect').attr('x', margin.left).attr('y', margin.top).attr('width', width - margin.left - margin.right).attr('height', height - margin.top - margin.bottom);
	root
		.append('image')
		.attr('class', 'decision-regions')
		.attr('x', margin.left)
		.attr('y', margin.top)
		.attr('width', width - margin.left - margin.right)
		.attr('height', height - margin.top - margin.bottom)
		.attr('preserveAspectRatio', 'none')
		.attr('display', 'none');
	const symbol = d3.symbol().size(28);
	const sets = [
		{ name: 'train', shown: show.train, x1: data.x1, x2: data.x2, labels: data.labels },
		...(data.test ? [{ name: 'test', shown: show.test, ...data.test }] : [])
	];
	for (const set of sets) {
		if (!set.shown) continue;
		const hollow = set.name === 'test';
		root
			.append('g')
			.attr('class', `points ${set.name}-points`)
			.selectAll('path')
			.data(Array.from(set.labels, (label, index) => ({ label, index })))
			.join('path')
			.attr('class', (item) => `point class-${item.label}`)
			.attr('d', (item) => symbol.type(item.label === 1 ? d3.symbolTriangle : d3.symbolCircle)())
			.attr('transform', (item) => `translate(${x(set.x1[item.index]!)},${y(set.x2[item.index]!)})`)
			.attr('fill', (item) => (hollow ? 'white' : CLASS_COLOURS[item.label]!))
			.attr('fill-opacity', hollow ? 0.9 : 0.75)
			.attr('stroke', (item) => (hollow ? CLASS_COLOURS[item.label]! : '#0006'))
			.attr('stroke-width', hollow ? 1.6 : 0.5);
	}
	root.append('g').attr('class', 'boundary').attr('clip-path', `url(#${clipId})`);
	// One row under the title, outside the plot, so it never hides points.
	const legend = root.append('g').attr('transform', `translate(${margin.left},30)`);
	data.classes.forEach((name, index) => {
		const item = legend.append('g').attr('transform', `translate(${index * 64},0)`);
		item.append('path').attr('d', symbol.type(index === 1 ? d3.symbolTriangle : d3.symbolCircle)()).attr('transform', 'translate(5,-3)').attr('fill', CLASS_COLOURS[index]!);
		item.append('text').attr('class', 'legend-text').attr('x', 13).attr('y', 1).text(`class ${name}`);
	});
	legend.append('text').attr('class', 'legend-text').attr('x', 134).attr('y', 1).text(data.test ? '○ test  — boundary  - - margins' : '— boundary   - - margins (±1)');
	return { key, extent, x, y };
}

/** The regions of the current model and, for a line, the boundary with its margins. */
function drawModel(svg: SVGSVGElement, data: BoundaryData, { extent, x, y }: Built): void {
	const root = d3.select(svg);
	const model = data.model;
	const score = data.score ?? (model ? (a: number, b: number) => model.w1 * a + model.w2 * b + model.b : null);
	const regions = root.select('image.decision-regions');
	if (score) regions.attr('href', regionImage(score, extent)).attr('display', null);
	else regions.attr('display', 'none');
	const lines = root.select<SVGGElement>('g.boundary');
	lines.selectAll('*').remove();
	if (model && !data.score && (model.w1 !== 0 || model.w2 !== 0)) {
		for (const [offset, kind] of [[0, 'decision'], [1, 'margin'], [-1, 'margin']] as const) {
			const segment = lineInBox(model.w1, model.w2, model.b - offset, extent);
			if (!segment) continue;
			lines
				.append('line')
				.attr('class', kind === 'decision' ? 'decision-line' : 'margin-line')
				.attr('x1', x(segment[0][0]))
				.attr('y1', y(segment[0][1]))
				.attr('x2', x(segment[1][0]))
				.attr('y2', y(segment[1][1]))
				.attr('stroke', 'currentColor')
				.attr('stroke-width', kind === 'decision' ? 2 : 1.2)
				.attr('stroke-dasharray', kind === 'decision' ? null : '5 4');
		}
	}
}

/** Pixels per side of the shaded regions: the image is smoothed up to the plot. */
const REGION_PIXELS = 72;

/**
 * The decision regions as an image over [−e, e]²: the class colour of sign(score), its depth
 * tanh(|score| / 2), so the margins' band (|score| < 1) is pale and confident regions are deep.
 */
function regionImage(score: (x1: number, x2: number) => number, extent: number): string {
	const canvas = document.createElement('canvas');
	canvas.width = REGION_PIXELS;
	canvas.height = REGION_PIXELS;
	const context = canvas.getContext('2d');
	if (!context) return '';
	const image = context.createImageData(REGION_PIXELS, REGION_PIXELS);
	const colours = CLASS_COLOURS.map((hex) => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)));
	for (let row = 0; row < REGION_PIXELS; row++) {
		const x2 = extent - ((row + 0.5) / REGION_PIXELS) * 2 * extent;
		for (let column = 0; column < REGION_PIXELS; column++) {
			const x1 = -extent + ((column + 0.5) / REGION_PIXELS) * 2 * extent;
			const value = score(x1, x2);
			const [r, g, b] = colours[value > 0 ? 1 : 0]!;
			const at = (row * REGION_PIXELS + column) * 4;
			image.data[at] = r!;
			image.data[at + 1] = g!;
			image.data[at + 2] = b!;
			image.data[at + 3] = Number.isFinite(value) ? Math.round(120 * Math.tanh(Math.abs(value) / 2)) : 0;
		}
	}
	context.putImageData(image, 0, 0);
	return canvas.toDataURL();
}

/** The segment of w1·x + w2·y + c = 0 inside [−e, e]², or null if it misses the box. */
export function lineInBox(w1: number, w2: number, c: number, e: number): [[number, number], [number, number]] | null {
	const found: [number, number][] = [];
	if (w2 !== 0) for (const px of [-e, e]) { const py = -(w1 * px + c) / w2; if (Math.abs(py) <= e) found.push([px, py]); }
	if (w1 !== 0) for (const py of [-e, e]) { const px = -(w2 * py + c) / w1; if (Math.abs(px) <= e) found.push([px, py]); }
	if (found.length < 2) return null;
	return [found[0]!, found[found.length - 1]!];
}
