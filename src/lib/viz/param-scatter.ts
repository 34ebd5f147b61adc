/**
 * A hyperparameter of a grid against a metric, one dot per configuration: the quick look at
 * "what was tried and how it did". A function of data to SVG; a log x axis when the values
 * span decades (learning rates, alphas).
 */
import * as d3 from 'd3';

export interface ScatterPoint {
	x: number;
	y: number;
	label: string;
}

export interface ScatterOptions {
	xLabel: string;
	yLabel: string;
	width?: number;
	height?: number;
}

/** Log scale when every x is positive and they span more than two decades. */
export function wantsLogScale(values: readonly number[]): boolean {
	if (values.length < 2 || values.some((value) => !(value > 0))) return false;
	const [low, high] = d3.extent(values) as [number, number];
	return high / low >= 100;
}

export function drawScatter(svgElement: SVGSVGElement, points: readonly ScatterPoint[], options: ScatterOptions): void {
	const width = options.width ?? 560;
	const height = options.height ?? 300;
	const margin = { top: 12, right: 16, bottom: 42, left: 56 };
	const svg = d3.select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img');
	svg.selectAll('*').remove();
	if (points.length === 0) return;

	const xs = points.map((point) => point.x);
	const log = wantsLogScale(xs);
	const [xLow, xHigh] = d3.extent(xs) as [number, number];
	const x = (log ? d3.scaleLog() : d3.scaleLinear())
		.domain(xLow === xHigh ? [xLow * 0.5 || -1, xHigh * 1.5 || 1] : [xLow, xHigh])
		.range([margin.left, width - margin.right])
		.nice();
	const [yLow, yHigh] = d3.extent(points, (point) => point.y) as [number, number];
	const pad = yLow === yHigh ? Math.abs(yLow) * 0.1 || 1 : (yHigh - yLow) * 0.1;
	const y = d3.scaleLinear().domain([yLow - pad, yHigh + pad]).range([height - margin.bottom, margin.top]).nice();

	svg.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(6, log ? '~g' : undefined));
	svg.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5));
	svg.append('text').attr('x', (margin.left + width - margin.right) / 2).attr('y', height - 6).attr('text-anchor', 'middle').attr('fill', 'currentColor').attr('font-size', 12).text(`${options.xLabel}${log ? ' (log)' : ''}`);
	svg.append('text').attr('transform', `translate(14,${(margin.top + height - margin.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').attr('fill', 'currentColor').attr('font-size', 12).text(options.yLabel);

	const best = d3.greatestIndex(points, (point) => point.y);
	svg
		.append('g')
		.selectAll('circle')
		.data(points)
		.join('circle')
		.attr('cx', (point) => x(point.x))
		.attr('cy', (point) => y(point.y))
		.attr('r', (_, index) => (index === best ? 6 : 4.5))
		.attr('fill', (_, index) => (index === best ? 'var(--accent)' : 'currentColor'))
		.attr('fill-opacity', 0.75)
		.append('title')
		.text((point) => `${point.label}\n${options.xLabel} = ${point.x}\n${options.yLabel} = ${point.y.toPrecision(4)}`);
}
