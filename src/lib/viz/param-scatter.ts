/**
 * A hyperparameter of a grid against a metric, one dot per configuration: the quick look at
 * "what was tried and how it did". A function of data to SVG; a log x axis when the values
 * span decades (learning rates, alphas).
 */
import * as d3 from 'd3';
import { formatPercent } from '../data/format-percent';
import { SHARE_BOUNDS } from './run-charts';

export interface ScatterPoint {
	/** null: the configuration does not use this hyperparameter (η0 under 'optimal'); drawn apart, not at a value. */
	x: number | null;
	y: number;
	label: string;
}

export interface ScatterOptions {
	xLabel: string;
	yLabel: string;
	/** Said under the column of points whose x is null; "not used" unless given. */
	missingLabel?: string;
	/** Lower y is better (an objective): the best point is the lowest. */
	lowerIsBetter?: boolean;
	/** y is a share (accuracy, F1…; see isShareMetric): its axis stays within 0–1 and reads in percent. */
	share?: boolean;
	width?: number;
	height?: number;
}

/** Log scale when every x is positive and they span more than two decades. */
export function wantsLogScale(values: readonly number[]): boolean {
	if (values.length < 2 || values.some((value) => !(value > 0))) return false;
	const [low, high] = d3.extent(values) as [number, number];
	return high / low >= 100;
}

/**
 * The y domain before nice(): the values' range padded by 10% (10% of the value, or 1, when all
 * are equal); for a share the padding stops at 0 and 1 (SHARE_BOUNDS), so accuracies up to 1 never
 * read on an axis up to 1.05.
 */
export function scatterYDomain(values: readonly number[], share = false): [number, number] {
	const [low, high] = (values.length > 0 ? d3.extent(values) : [0, 1]) as [number, number];
	const pad = low === high ? Math.abs(low) * 0.1 || 1 : (high - low) * 0.1;
	if (!share) return [low - pad, high + pad];
	return [Math.max(SHARE_BOUNDS[0], Math.min(low - pad, low)), Math.min(SHARE_BOUNDS[1], Math.max(high + pad, high))];
}

export function drawScatter(svgElement: SVGSVGElement, points: readonly ScatterPoint[], options: ScatterOptions): void {
	const width = options.width ?? 560;
	const height = options.height ?? 300;
	const margin = { top: 12, right: 16, bottom: 42, left: 56 };
	const svg = d3.select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img');
	svg.selectAll('*').remove();
	if (points.length === 0) return;

	// Points without an x get a column of their own left of the axis, labelled, never a value on it.
	const xs = points.flatMap((point) => (point.x === null ? [] : [point.x]));
	const unused = points.some((point) => point.x === null);
	const unusedX = margin.left + 24;
	const axisLeft = unused ? margin.left + 64 : margin.left;
	const log = wantsLogScale(xs);
	const [xLow, xHigh] = (xs.length > 0 ? d3.extent(xs) : [1, 1]) as [number, number];
	const x = (log ? d3.scaleLog() : d3.scaleLinear())
		.domain(xLow === xHigh ? [xLow * 0.5 || -1, xHigh * 1.5 || 1] : [xLow, xHigh])
		.range([axisLeft, width - margin.right])
		.nice();
	const cx = (point: ScatterPoint) => (point.x === null ? unusedX : x(point.x));
	const [yLow, yHigh] = d3.extent(points, (point) => point.y) as [number, number];
	const y = d3.scaleLinear().domain(scatterYDomain(points.map((point) => point.y), options.share === true)).range([height - margin.bottom, margin.top]).nice();

	if (xs.length > 0) svg.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(6, log ? '~g' : undefined));
	if (unused) {
		svg.append('line').attr('class', 'scatter-unused-rule').attr('x1', unusedX - 14).attr('x2', unusedX + 14).attr('y1', height - margin.bottom).attr('y2', height - margin.bottom).attr('stroke', 'currentColor');
		svg.append('text').attr('class', 'scatter-unused').attr('x', unusedX).attr('y', height - margin.bottom + 18).attr('text-anchor', 'middle').attr('fill', 'currentColor').attr('font-size', 10).text(options.missingLabel ?? 'not used');
	}
	svg.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5, options.share ? '%' : undefined));
	svg.append('text').attr('x', (margin.left + width - margin.right) / 2).attr('y', height - 6).attr('text-anchor', 'middle').attr('fill', 'currentColor').attr('font-size', 12).text(`${options.xLabel}${log ? ' (log)' : ''}`);
	svg.append('text').attr('transform', `translate(14,${(margin.top + height - margin.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').attr('fill', 'currentColor').attr('font-size', 12).text(options.yLabel);

	const best = options.lowerIsBetter ? d3.leastIndex(points, (point) => point.y) : d3.greatestIndex(points, (point) => point.y);
	svg
		.append('g')
		.selectAll('circle')
		.data(points)
		.join('circle')
		.attr('cx', cx)
		.attr('data-x', (point) => (point.x === null ? 'unused' : point.x))
		.attr('cy', (point) => y(point.y))
		.attr('r', (_, index) => (index === best ? 6 : 4.5))
		.attr('fill', (_, index) => (index === best ? 'var(--accent)' : 'currentColor'))
		.attr('fill-opacity', 0.75)
		.append('title')
		.text((point) => `${point.label}\n${options.xLabel} ${point.x === null ? `${options.missingLabel ?? 'not used'}` : `= ${point.x}`}\n${options.yLabel} = ${options.share ? formatPercent(point.y) : point.y.toPrecision(4)}`);
}
