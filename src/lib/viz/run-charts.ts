/**
 * Charts of the runs page, each a function of data to SVG: a metric over a notebook's runs in
 * time (MLflow's metric history across runs), and the metrics of compared runs as bars, one
 * group per metric, one bar per run. Hover a dot or a bar to read its run and value.
 */
import * as d3 from 'd3';
import { formatPercent } from '../data/format-percent';
import { isShareMetric } from './history-metric';

export interface HistoryPoint {
	startedAt: number;
	value: number;
	/** Run label shown on hover, e.g. its start time and what started it. */
	label: string;
	/** What started the run: dots are shaped by it (user ●, trigger ◆, schedule ■). */
	cause: 'user' | 'dataset' | 'schedule';
}

const SYMBOLS = { user: d3.symbolCircle, dataset: d3.symbolDiamond, schedule: d3.symbolSquare } as const;

/** The run colours of a comparison, by position. */
export const RUN_COLOURS: readonly string[] = d3.schemeTableau10;

/** The bounds of a share (accuracy, precision, recall, F1, AUC…; see isShareMetric). */
export const SHARE_BOUNDS: readonly [number, number] = [0, 1];

/**
 * The y domain of a metric history, before d3's nice(): the values' range padded by 12% (10% of
 * the value, or 1, when all are equal). For a count (`counts`: rows, classes; see isCountMetric)
 * the domain runs between whole numbers at least 1 beyond the values, so its axis shows integers
 * around them, never 1.8–2.2. With `bounds` (SHARE_BOUNDS for a share) the padding stops at
 * them: an accuracy of 0.92 reads on 0.82–1, never up to 1.02; nice() keeps 0 and 1, which are
 * round at every step. Objectives and losses have none.
 */
export function historyDomain(values: readonly number[], counts = false, bounds?: readonly [number, number]): [number, number] {
	let low = Infinity;
	let high = -Infinity;
	for (const value of values) {
		low = Math.min(low, value);
		high = Math.max(high, value);
	}
	if (values.length === 0) return bounds ? [bounds[0], bounds[1]] : [0, 1];
	const pad = low === high ? Math.abs(low) * 0.1 || 1 : (high - low) * 0.12;
	const domain: [number, number] = counts ? [Math.floor(low - Math.max(pad, 1)), Math.ceil(high + Math.max(pad, 1))] : [low - pad, high + pad];
	return bounds ? [Math.max(bounds[0], Math.min(domain[0], low)), Math.min(bounds[1], Math.max(domain[1], high))] : domain;
}

export function drawMetricHistory(svgElement: SVGSVGElement, points: readonly HistoryPoint[], options: { metricLabel: string; counts?: boolean; share?: boolean; width?: number; height?: number }): void {
	const width = options.width ?? 640;
	const height = options.height ?? 260;
	const margin = { top: 14, right: 18, bottom: 40, left: 58 };
	const svg = d3.select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img');
	svg.selectAll('*').remove();
	if (points.length === 0) return;

	const [t0, t1] = d3.extent(points, (point) => point.startedAt) as [number, number];
	const span = t1 - t0 || 60_000;
	const x = d3.scaleTime().domain([new Date(t0 - span * 0.05), new Date(t1 + span * 0.05)]).range([margin.left, width - margin.right]);
	// A count (rows, classes) has no value between its integers: tick only whole numbers.
	const whole = options.counts === true && points.every((point) => Number.isInteger(point.value));
	const share = options.share === true && !whole;
	const y = d3.scaleLinear().domain(historyDomain(points.map((point) => point.value), whole, share ? SHARE_BOUNDS : undefined)).range([height - margin.bottom, margin.top]).nice();
	const yTicks = whole ? y.ticks(5).filter(Number.isInteger) : y.ticks(5);
	// A share's ticks read as the cells write it: "90%", "95%", "100%".
	const yFormat = whole ? d3.format('d') : share ? y.tickFormat(5, '%') : y.tickFormat(5);
	const valueText = (value: number) => (share ? formatPercent(value) : value.toPrecision(4));

	// Runs minutes apart read as clock times; runs days apart as dates.
	const format = d3.timeFormat(t1 - t0 < 86_400_000 ? '%H:%M:%S' : '%b %d %H:%M');
	svg.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(5).tickFormat((value) => format(value as Date)));
	svg.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).tickValues(yTicks).tickFormat(yFormat));
	svg.append('text').attr('x', (margin.left + width - margin.right) / 2).attr('y', height - 6).attr('text-anchor', 'middle').attr('fill', 'currentColor').attr('font-size', 12).text('run started');
	svg.append('text').attr('transform', `translate(14,${(margin.top + height - margin.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').attr('fill', 'currentColor').attr('font-size', 12).text(options.metricLabel);

	const line = d3
		.line<HistoryPoint>()
		.x((point) => x(new Date(point.startedAt)))
		.y((point) => y(point.value));
	svg.append('path').datum(points).attr('d', line).attr('fill', 'none').attr('stroke', 'var(--accent)').attr('stroke-width', 1.5);
	svg
		.append('g')
		.selectAll('path')
		.data(points)
		.join('path')
		.attr('transform', (point) => `translate(${x(new Date(point.startedAt))},${y(point.value)})`)
		.attr('d', (point) => d3.symbol(SYMBOLS[point.cause], 48)())
		.attr('fill', 'var(--accent)')
		.attr('stroke', 'var(--card)')
		.append('title')
		.text((point) => `${point.label}\n${options.metricLabel} = ${valueText(point.value)}`);
}

export interface BarGroup {
	metric: string;
	/** One value per compared run, in the order of `runs`; null when the run lacks it. */
	values: (number | null)[];
}

/**
 * One row of bars per metric, each scaled on its own (metrics differ in range): the bar length
 * runs from the smallest value's axis start (0 when all are ≥ 0) to the value.
 */
export function drawMetricBars(svgElement: SVGSVGElement, runs: readonly string[], groups: readonly BarGroup[], options: { width?: number } = {}): void {
	const width = options.width ?? 640;
	const barHeight = 12;
	const labelWidth = 190;
	const groupHeight = runs.length * (barHeight + 2) + 16;
	const legendHeight = 18 * Math.ceil(runs.length / 3) + 6;
	const height = legendHeight + groups.length * groupHeight + 6;
	const svg = d3.select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img');
	svg.selectAll('*').remove();
	if (groups.length === 0) return;

	const legend = svg.append('g');
	runs.forEach((run, index) => {
		const item = legend.append('g').attr('transform', `translate(${(index % 3) * (width / 3)},${Math.floor(index / 3) * 18 + 4})`);
		item.append('rect').attr('width', 10).attr('height', 10).attr('fill', RUN_COLOURS[index % RUN_COLOURS.length]!);
		item.append('text').attr('x', 14).attr('y', 9).attr('fill', 'currentColor').attr('font-size', 11).text(run);
	});

	groups.forEach((group, row) => {
		const top = legendHeight + row * groupHeight;
		const finite = group.values.filter((value): value is number => value !== null && Number.isFinite(value));
		// A share reads as a percent, as in the cells; anything else to 4 significant digits.
		const valueText = (value: number) => (isShareMetric(group.metric) ? formatPercent(value) : d3.format('.4~g')(value));
		const low = Math.min(0, d3.min(finite) ?? 0);
		const high = Math.max(d3.max(finite) ?? 1, low + 1e-12);
		const x = d3.scaleLinear().domain([low, high]).range([labelWidth, width - 70]).nice();
		const g = svg.append('g').attr('transform', `translate(0,${top})`);
		g.append('text').attr('x', 0).attr('y', 11).attr('fill', 'currentColor').attr('font-size', 11).text(group.metric.length > 30 ? `${group.metric.slice(0, 29)}…` : group.metric).append('title').text(group.metric);
		group.values.forEach((value, index) => {
			const y = 2 + index * (barHeight + 2);
			if (value === null || !Number.isFinite(value)) {
				g.append('text').attr('x', labelWidth + 2).attr('y', y + 10).attr('fill', 'var(--muted)').attr('font-size', 10).text('—');
				return;
			}
			const start = x(Math.max(low, Math.min(0, high)));
			g.append('rect')
				.attr('x', Math.min(start, x(value)))
				.attr('y', y)
				.attr('width', Math.max(1, Math.abs(x(value) - start)))
				.attr('height', barHeight)
				.attr('fill', RUN_COLOURS[index % RUN_COLOURS.length]!)
				.append('title')
				.text(`${runs[index]}\n${group.metric} = ${valueText(value)}`);
			g.append('text').attr('x', Math.max(start, x(value)) + 4).attr('y', y + 10).attr('fill', 'currentColor').attr('font-size', 10).text(valueText(value));
		});
	});
}
