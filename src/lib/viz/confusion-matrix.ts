/** The confusion matrix as a heat map (rows actual, columns predicted), counts written in each square. */
import { formatPercent } from '../data/format-percent';
import * as d3 from 'd3';

export function drawConfusionMatrix(svg: SVGSVGElement, confusion: number[][], classes: string[]): void {
	const size = Math.max(34, Math.min(64, 260 / Math.max(1, classes.length)));
	const margin = { top: 40, right: 10, bottom: 10, left: 90 };
	const width = margin.left + size * classes.length + margin.right;
	const height = margin.top + size * classes.length + margin.bottom + 16;
	const root = d3.select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height).attr('role', 'img').attr('aria-label', 'confusion matrix');
	root.selectAll('*').remove();
	root.append('text').attr('class', 'chart-title').attr('x', 0).attr('y', 13).text('confusion matrix');
	root.append('text').attr('class', 'axis-label').attr('x', margin.left + (size * classes.length) / 2).attr('y', 28).attr('text-anchor', 'middle').text('predicted');
	root.append('text').attr('class', 'axis-label').attr('x', 0).attr('y', height - 4).text('rows: actual');
	const rowTotals = confusion.map((row) => d3.sum(row));
	// Colour by the share of the actual class, so an imbalanced class is not washed out.
	const colour = d3.scaleSequential(d3.interpolateBlues).domain([0, 1]);
	confusion.forEach((row, actual) => {
		root.append('text').attr('class', 'legend-text').attr('x', margin.left - 6).attr('y', margin.top + actual * size + size / 2 + 4).attr('text-anchor', 'end').text(classes[actual] ?? '');
		row.forEach((count, predicted) => {
			const share = rowTotals[actual]! > 0 ? count / rowTotals[actual]! : 0;
			const group = root.append('g').attr('class', 'confusion-cell').attr('transform', `translate(${margin.left + predicted * size},${margin.top + actual * size})`);
			group.append('rect').attr('width', size - 2).attr('height', size - 2).attr('fill', colour(share));
			group
				.append('text')
				.attr('x', (size - 2) / 2)
				.attr('y', (size - 2) / 2 + 4)
				.attr('text-anchor', 'middle')
				.style('fill', share > 0.55 ? '#fff' : '#1d2329')
				.attr('font-weight', actual === predicted ? 700 : 400)
				.text(count);
			group.append('title').text(`actual ${classes[actual]}, predicted ${classes[predicted]}: ${count} (${formatPercent(share)} of actual ${classes[actual]})`);
		});
	});
	classes.forEach((name, predicted) => {
		root.append('text').attr('class', 'legend-text').attr('x', margin.left + predicted * size + size / 2).attr('y', margin.top - 4).attr('text-anchor', 'middle').text(name.length > 8 ? `${name.slice(0, 7)}…` : name);
	});
}
