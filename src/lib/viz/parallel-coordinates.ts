/**
 * Parallel coordinates of a grid: one vertical axis per hyperparameter that varies, then the
 * metric axis, and one polyline per configuration coloured by the metric (viridis, brighter =
 * better), the best drawn last, thick and outlined. The metric axis is its own colour bar.
 * Hover a line to read its configuration; drag along an axis to brush a range (d3-brush): lines
 * outside every brushed range fade, and the chart says how many are left. A function of data to
 * SVG; brushes live until the next draw.
 */
import * as d3 from 'd3';
import { formatPercent } from '../data/format-percent';
import { buildAxis, formatAxisValue, varyingDimensions, type AxisValue, type ParallelAxis, type ParallelConfiguration, type ParallelDimension } from './parallel-axes';

export type { ParallelConfiguration, ParallelDimension } from './parallel-axes';

export interface ParallelOptions {
	/** Candidate hyperparameter axes; those that do not vary are left out. */
	dimensions: ParallelDimension[];
	metricLabel: string;
	better: 'lower' | 'higher';
	/** The metric is a share (accuracy, F1…; see isShareMetric): its axis stays within 0–1 and reads in percent. */
	share?: boolean;
	title?: string;
	width?: number;
	height?: number;
}

const METRIC_KEY = '\u0000metric';
/** The bright end of viridis is pale yellow: stop short of it so lines stay visible on white. */
const VIRIDIS_END = 0.88;

export function drawParallelCoordinates(svgElement: SVGSVGElement, configurations: readonly ParallelConfiguration[], options: ParallelOptions): void {
	const dimensions = varyingDimensions(configurations, options.dimensions);
	const width = options.width ?? Math.max(640, 160 * (dimensions.length + 1));
	const height = options.height ?? 330;
	const margin = { top: 50, right: 80, bottom: 54, left: 64 };
	const range = { top: margin.top, bottom: height - margin.bottom };
	const svg = d3.select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img').classed('chart parallel-coordinates', true);
	svg.selectAll('*').remove();
	if (configurations.length === 0) return;

	// Step 1: the axes, hyperparameters first, the metric last.
	const metricValues = configurations.map((configuration) => (configuration.metric !== null && Number.isFinite(configuration.metric) ? configuration.metric : null));
	const axes: ParallelAxis[] = [
		...dimensions.map((dimension) => buildAxis(dimension.key, dimension.label, configurations.map((configuration) => configuration.values[dimension.key] ?? null), range, { missingLabel: dimension.missing })),
		buildAxis(METRIC_KEY, options.metricLabel, metricValues, range, { missingLabel: 'none', listed: false, side: 'right', ...(options.share ? { bounds: [0, 1] as const, percent: true } : {}) })
	];
	const x = d3.scalePoint(axes.map((axis) => axis.key), [margin.left, width - margin.right]);
	const valueOf = (configuration: ParallelConfiguration, axis: ParallelAxis): AxisValue => (axis.key === METRIC_KEY ? configuration.metric : (configuration.values[axis.key] ?? null));
	const yOf = (configuration: ParallelConfiguration, axis: ParallelAxis) => axis.position(valueOf(configuration, axis)) ?? axis.missingY;

	// Step 2: colour by place on the metric axis (log where it spans decades), so one diverged
	// run does not wash out the rest; the axis and its colour bar then read the same.
	const present = metricValues.filter((value): value is number => value !== null);
	const metricAxis = axes.at(-1)!;
	const goodness = (value: number) => {
		const place = (range.bottom - (metricAxis.position(value) ?? range.bottom)) / (range.bottom - range.top);
		return options.better === 'lower' ? 1 - place : place;
	};
	const colourAt = (value: number) => d3.interpolateViridis(VIRIDIS_END * Math.min(1, Math.max(0, value)));
	const colourOf = (metric: number | null) => (metric === null || !Number.isFinite(metric) ? '#8c8c8c' : colourAt(goodness(metric)));
	const bestIndex = present.length === 0 ? -1 : d3.maxIndex(configurations, (configuration) => (configuration.metric !== null && Number.isFinite(configuration.metric) ? goodness(configuration.metric) : -1));
	const rank = (index: number) => {
		const metric = configurations[index]!.metric;
		return metric === null || !Number.isFinite(metric) ? -1 : goodness(metric);
	};
	const order = d3.range(configurations.length).sort((a, b) => (a === bestIndex ? 1 : b === bestIndex ? -1 : rank(a) - rank(b)));

	// Step 3: title, the metric colour bar, the lines, then the axes over them.
	svg.append('text').attr('class', 'chart-title').attr('x', margin.left - 40).attr('y', 14).text(options.title ?? `${options.metricLabel} by hyperparameter: one line per configuration`);
	const readout = svg.append('text').attr('class', 'pc-readout').attr('x', margin.left - 40).attr('y', height - 8);
	const defaultReadout = () => `${configurations.length} configurations · brighter is better · hover a line, drag along an axis to filter`;
	readout.text(defaultReadout());
	const gradientId = `pc-gradient-${Math.random().toString(36).slice(2, 9)}`;
	const gradient = svg.append('defs').append('linearGradient').attr('id', gradientId).attr('x1', 0).attr('x2', 0).attr('y1', 1).attr('y2', 0);
	for (let k = 0; k <= 10; k++) gradient.append('stop').attr('offset', k / 10).attr('stop-color', colourAt(options.better === 'lower' ? 1 - k / 10 : k / 10));
	svg.append('rect').attr('class', 'pc-colour-bar').attr('x', x(METRIC_KEY)! + 3).attr('y', range.top).attr('width', 8).attr('height', range.bottom - range.top).attr('fill', `url(#${gradientId})`);

	const line = d3.line();
	const lines = svg
		.append('g')
		.attr('class', 'pc-lines')
		.selectAll('g')
		.data(order.map((index) => ({ configuration: configurations[index]!, index })))
		.join('g')
		.attr('class', (item) => `pc-configuration${item.index === bestIndex ? ' best' : ''}`)
		.attr('data-label', (item) => item.configuration.label);
	// Each line's path data once: the halo, the line and the hover stroke share it.
	const paths = new Map(configurations.map((configuration) => [configuration, line(axes.map((axis) => [x(axis.key)!, yOf(configuration, axis)]))]));
	const pathOf = (item: { configuration: ParallelConfiguration }) => paths.get(item.configuration)!;
	lines.filter((item) => item.index === bestIndex).append('path').attr('class', 'pc-halo').attr('d', pathOf).attr('fill', 'none').attr('stroke', 'var(--text, #000)').attr('stroke-width', 5.5);
	lines
		.append('path')
		.attr('class', 'pc-line')
		.attr('d', pathOf)
		.attr('fill', 'none')
		.attr('stroke', (item) => colourOf(item.configuration.metric))
		.attr('stroke-width', (item) => (item.index === bestIndex ? 3 : 1.3))
		.attr('stroke-opacity', (item) => (item.index === bestIndex ? 1 : 0.75));
	const describe = (configuration: ParallelConfiguration) => {
		const metric = configuration.metric;
		return `${configuration.label} · ${options.metricLabel} = ${metric === null || !Number.isFinite(metric) ? 'none' : options.share ? formatPercent(metric) : formatAxisValue(metric)}`;
	};
	// A wide transparent stroke makes a 1-pixel line easy to hover.
	lines
		.append('path')
		.attr('class', 'pc-hit')
		.attr('d', pathOf)
		.attr('fill', 'none')
		.attr('stroke', 'transparent')
		.attr('stroke-width', 7)
		.style('pointer-events', 'stroke')
		.on('pointerenter', function (_, item) {
			svg.classed('hovering', true);
			d3.select(this.parentNode as SVGGElement).classed('hovered', true).raise();
			readout.text(`${item.index === bestIndex ? 'best: ' : ''}${describe(item.configuration)}`);
		})
		.on('pointerleave', function () {
			svg.classed('hovering', false);
			d3.select(this.parentNode as SVGGElement).classed('hovered', false);
			readout.text(filteredReadout());
		})
		.append('title')
		.text((item) => describe(item.configuration));

	const axisGroups = svg
		.append('g')
		.selectAll('g')
		.data(axes)
		.join('g')
		.attr('class', (axis) => `pc-axis${axis.key === METRIC_KEY ? ' metric' : ''}`)
		.attr('data-key', (axis) => (axis.key === METRIC_KEY ? 'metric' : axis.key))
		.attr('transform', (axis) => `translate(${x(axis.key)},0)`);
	axisGroups.each(function (axis) {
		// The metric's ticks sit right of its colour bar, clear of the lines coming from the left.
		if (axis.key === METRIC_KEY) axis.axis.tickPadding(14).tickSize(13);
		d3.select(this as SVGGElement).call(axis.axis as d3.Axis<string>);
		// A hyperparameter's tick labels sit where the lines meet its axis: each gets a card-coloured
		// backdrop (class pc-tick-backdrop) so the lines pass under it, not through the text.
		if (axis.key !== METRIC_KEY) d3.select(this as SVGGElement).selectAll<SVGGElement, unknown>('.tick').each(function () {
			const text = this.querySelector('text');
			if (!text?.textContent || typeof text.getBBox !== 'function') return;
			const box = text.getBBox();
			if (box.width === 0) return;
			d3.select(this).insert('rect', 'text').attr('class', 'pc-tick-backdrop').attr('x', box.x - 2).attr('y', box.y - 1).attr('width', box.width + 4).attr('height', box.height + 2).attr('rx', 2);
		});
	});
	axisGroups
		.append('text')
		.attr('class', 'pc-axis-label')
		.attr('y', range.top - 14)
		.attr('text-anchor', 'middle')
		.text((axis) => `${axis.label}${axis.kind === 'log' ? ' (log)' : ''}`);
	axisGroups
		.filter((axis) => axis.hasMissing)
		.append('text')
		.attr('class', 'pc-missing')
		.attr('x', -9)
		.attr('y', (axis) => axis.missingY)
		.attr('dy', '0.32em')
		.attr('text-anchor', 'end')
		.text((axis) => axis.missingLabel);

	// Step 4: brushing: a line stays lit when it lies inside every brushed range.
	const brushed = new Map<string, [number, number]>();
	const active = () => lines.filter((item) => [...brushed].every(([key, [top, bottom]]) => {
		const y = yOf(item.configuration, axes.find((axis) => axis.key === key)!);
		return y >= top && y <= bottom;
	}));
	const filteredReadout = () => (brushed.size === 0 ? defaultReadout() : `${active().size()} of ${configurations.length} configurations inside the brushed ranges`);
	const brush = d3
		.brushY<ParallelAxis>()
		.extent((axis) => [[-11, range.top - 6], [11, (axis.hasMissing ? axis.missingY : range.bottom) + 6]])
		.on('start brush end', function (event: d3.D3BrushEvent<ParallelAxis>, axis) {
			if (event.selection) brushed.set(axis.key, event.selection as [number, number]);
			else brushed.delete(axis.key);
			lines.classed('filtered-out', true);
			active().classed('filtered-out', false);
			svg.attr('data-active', active().size());
			readout.text(filteredReadout());
		});
	axisGroups.append('g').attr('class', 'pc-brush').call(brush);
	svg.attr('data-active', configurations.length);
}
