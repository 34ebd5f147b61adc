/**
 * The objective per epoch as lines, drawn into an SVG with d3: log scale when asked, or ('auto')
 * when the values span more than two decades.
 */
import * as d3 from 'd3';

export interface ObjectiveSeries {
	label: string;
	values: number[];
}

export function drawObjectiveChart(
	svg: SVGSVGElement,
	series: ObjectiveSeries[],
	{ width = 320, height = 152, scale = 'auto' }: { width?: number; height?: number; scale?: 'auto' | 'log' | 'linear' } = {}
): void {
	// The top margin holds the y-axis name above the plot, clear of the top tick's label.
	const margin = { top: 20, right: 10, bottom: 26, left: 48 };
	const all = series.flatMap((line) => line.values).filter((value) => Number.isFinite(value) && value > 0);
	const root = d3.select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img');
	root.selectAll('*').remove();
	if (all.length === 0) return;
	const epochs = d3.max(series, (line) => line.values.length) ?? 1;
	const [low, high] = d3.extent(all) as [number, number];
	const logScale = scale === 'log' || (scale === 'auto' && high / low > 100);
	const x = d3.scaleLinear([1, Math.max(2, epochs)], [margin.left, width - margin.right]);
	const y = (logScale ? d3.scaleLog() : d3.scaleLinear())
		.domain(logScale ? [low, high] : [Math.min(0, low), high])
		.nice()
		.range([height - margin.bottom, margin.top]);
	root
		.append('g')
		.attr('transform', `translate(0,${height - margin.bottom})`)
		.call(d3.axisBottom(x).ticks(Math.min(epochs, 6)).tickFormat(d3.format('d')));
	root.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(4, logScale ? '.1e' : '.2~g'));
	root
		.append('text')
		.attr('x', width - margin.right)
		.attr('y', height - 2)
		.attr('text-anchor', 'end')
		.attr('class', 'axis-label')
		.text('epoch');
	root
		.append('text')
		.attr('class', 'axis-label')
		.attr('x', 2)
		.attr('y', 9)
		.text(logScale ? 'objective (log scale)' : 'objective');
	const colour = d3.scaleOrdinal(d3.schemeTableau10);
	const line = d3
		.line<number>()
		.defined((value) => Number.isFinite(value) && value > 0)
		.x((_, index) => x(index + 1))
		.y((value) => y(value));
	for (const [index, item] of series.entries()) {
		root
			.append('path')
			.attr('class', 'curve')
			.attr('fill', 'none')
			.attr('stroke', colour(String(index)))
			.attr('stroke-width', 1.75)
			.attr('d', line(item.values))
			.append('title')
			.text(`${item.label}: final objective ${d3.format('.4~g')(item.values.at(-1) ?? NaN)}`);
	}
}
