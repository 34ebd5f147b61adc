/** ROC or precision–recall curves (one per class for one-vs-rest) with their area in the legend. */
import * as d3 from 'd3';
import type { CurvePoint } from '../ml/roc';

export interface CurveSeries {
	label: string;
	points: CurvePoint[];
	/** ROC AUC or average precision. */
	area: number;
}

export function drawCurves(
	svg: SVGSVGElement,
	series: CurveSeries[],
	kind: 'roc' | 'precision-recall',
	{ width = 300, height = 280 } = {}
): void {
	const margin = { top: 26, right: 12, bottom: 38, left: 44 };
	const title = kind === 'roc' ? 'ROC curve' : 'precision–recall curve';
	const root = d3.select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img').attr('aria-label', title);
	root.selectAll('*').remove();
	const x = d3.scaleLinear([0, 1], [margin.left, width - margin.right]);
	const y = d3.scaleLinear([0, 1], [height - margin.bottom, margin.top]);
	root.append('text').attr('class', 'chart-title').attr('x', margin.left).attr('y', 14).text(title);
	root.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(5));
	root.append('g').attr('class', 'y-axis').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5));
	const [xName, yName] = kind === 'roc' ? ['false positive rate', 'true positive rate'] : ['recall', 'precision'];
	root.append('text').attr('class', 'axis-label').attr('x', (margin.left + width - margin.right) / 2).attr('y', height - 6).attr('text-anchor', 'middle').text(xName);
	root.append('text').attr('class', 'axis-label').attr('transform', `translate(11,${(margin.top + height - margin.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(yName);
	if (kind === 'roc') {
		// Chance: the diagonal a random ranking follows.
		root.append('line').attr('class', 'chance').attr('x1', x(0)).attr('y1', y(0)).attr('x2', x(1)).attr('y2', y(1)).attr('stroke', 'currentColor').attr('stroke-opacity', 0.35).attr('stroke-dasharray', '4 4');
	}
	const colour = d3.scaleOrdinal(d3.schemeTableau10);
	const line = d3
		.line<CurvePoint>()
		.x((point) => x(point.x))
		.y((point) => y(point.y))
		.curve(kind === 'roc' ? d3.curveLinear : d3.curveStepAfter);
	series.forEach((item, index) => {
		root
			.append('path')
			.attr('class', 'curve')
			.attr('fill', 'none')
			.attr('stroke', colour(String(index)))
			.attr('stroke-width', 2)
			.attr('d', line(item.points))
			.append('title')
			.text(`${item.label}: ${kind === 'roc' ? 'AUC' : 'average precision'} ${item.area.toFixed(3)}`);
		// ROC curves hug the top left, precision–recall curves the top: the lower corner stays free.
		const legendY = height - margin.bottom - 10 - (series.length - 1 - index) * 14;
		root
			.append('text')
			.attr('class', 'legend-text curve-area')
			.attr('x', kind === 'roc' ? width - margin.right - 4 : margin.left + 6)
			.attr('y', legendY)
			.attr('text-anchor', kind === 'roc' ? 'end' : 'start')
			.style('fill', colour(String(index)))
			.text(`${item.label}: ${kind === 'roc' ? 'AUC' : 'AP'} = ${Number.isFinite(item.area) ? item.area.toFixed(3) : 'n/a'}`);
	});
}
