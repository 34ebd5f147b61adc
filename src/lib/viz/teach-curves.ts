/**
 * Loss and accuracy over the epochs for the teaching page: two panels side by side, one line
 * per path in its surface colour, train solid and test dashed, and a vertical rule at the epoch
 * the player has reached, so the curves are read against the surface as it plays.
 */
import * as d3 from 'd3';

export interface CurveSeries {
	label: string;
	colour: string;
	epochs: number[];
	train: { loss: number; accuracy: number }[];
	test: { loss: number; accuracy: number }[];
}

export interface CurvesData {
	series: CurveSeries[];
	/** The last epoch of the x axis. */
	epochs: number;
	/** Where the player is, in epochs. */
	now: number;
}

const PANEL = { width: 250, height: 170 };
const MARGIN = { top: 22, right: 10, bottom: 30, left: 40 };

/** The series each SVG was drawn with: the same array again (playback) only moves the rule. */
const drawn = new WeakMap<SVGSVGElement, { series: CurveSeries[]; epochs: number; x: d3.ScaleLinear<number, number> }>();

/**
 * Draws both panels; when `series` is the same array as last time on this SVG (pass a stable
 * one while playing), only the "now" rules move.
 */
export function drawTeachCurves(svg: SVGSVGElement, data: CurvesData): void {
	const last = drawn.get(svg);
	if (last && last.series === data.series && last.epochs === data.epochs) {
		d3.select(svg).selectAll('line.now-rule').attr('x1', last.x(data.now)).attr('x2', last.x(data.now));
		return;
	}
	drawn.set(svg, { series: data.series, epochs: data.epochs, x: d3.scaleLinear([0, Math.max(1, data.epochs)], [MARGIN.left, PANEL.width - MARGIN.right]) });
	const width = PANEL.width * 2 + 20;
	const root = d3.select(svg).attr('viewBox', `0 0 ${width} ${PANEL.height + 16}`).attr('role', 'img').attr('aria-label', 'loss and accuracy over the epochs');
	root.selectAll('*').remove();
	const losses = data.series.flatMap((series) => [...series.train, ...series.test].map((metrics) => metrics.loss)).filter(Number.isFinite);
	const top = Math.min(10, Math.max(1, d3.max(losses) ?? 1));
	panel(root.append('g'), data, 'mean hinge loss', 'loss', [0, top]);
	panel(root.append('g').attr('transform', `translate(${PANEL.width + 20},0)`), data, 'accuracy', 'accuracy', [0, 1]);
	const legend = root.append('g').attr('transform', `translate(${MARGIN.left},${PANEL.height + 12})`);
	legend.append('text').attr('class', 'legend-text').text('— train   - - test   │ now');
}

function panel(g: d3.Selection<SVGGElement, unknown, null, undefined>, data: CurvesData, title: string, key: 'loss' | 'accuracy', domain: [number, number]): void {
	const x = d3.scaleLinear([0, Math.max(1, data.epochs)], [MARGIN.left, PANEL.width - MARGIN.right]);
	const y = d3.scaleLinear(domain, [PANEL.height - MARGIN.bottom, MARGIN.top]).clamp(true);
	g.attr('class', `curve-panel curve-${key}`);
	g.append('text').attr('class', 'chart-title').attr('x', MARGIN.left).attr('y', 14).text(title);
	g.append('g').attr('transform', `translate(0,${PANEL.height - MARGIN.bottom})`).call(d3.axisBottom(x).ticks(5));
	g.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(4, key === 'accuracy' ? '.0%' : undefined));
	g.append('text').attr('class', 'axis-label').attr('x', (MARGIN.left + PANEL.width) / 2).attr('y', PANEL.height - 2).attr('text-anchor', 'middle').text('epoch');
	for (const series of data.series) {
		for (const set of ['train', 'test'] as const) {
			const values = series[set];
			const line = d3
				.line<number>()
				.defined((index) => Number.isFinite(values[index]![key]))
				.x((index) => x(series.epochs[index]!))
				.y((index) => y(values[index]![key]));
			g.append('path')
				.attr('class', `curve ${set}`)
				.attr('d', line(d3.range(series.epochs.length)))
				.attr('fill', 'none')
				.attr('stroke', series.colour)
				.attr('stroke-width', 1.6)
				.attr('stroke-dasharray', set === 'test' ? '4 3' : null)
				.append('title')
				.text(`${series.label}, ${set}`);
		}
	}
	g.append('line')
		.attr('class', 'now-rule')
		.attr('x1', x(data.now))
		.attr('x2', x(data.now))
		.attr('y1', MARGIN.top)
		.attr('y2', PANEL.height - MARGIN.bottom)
		.attr('stroke', 'currentColor')
		.attr('stroke-opacity', 0.5);
}
