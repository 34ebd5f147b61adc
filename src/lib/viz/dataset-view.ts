/**
 * A table at a glance: the class balance as bars, and a histogram per numeric feature with one
 * outline per class (so overlapping classes stay visible). Many features (hashed text) → only
 * the first few are drawn, and the title says so.
 */
import * as d3 from 'd3';
import { classHistograms, type HistogramBin } from './class-histograms';

export interface DatasetViewData {
	title: string;
	classes: string[];
	labels: Int8Array;
	features: { name: string; values: Float32Array }[];
	/** How many numeric features the table has in all. */
	featureTotal: number;
}

const CLASS_COLOURS = d3.schemeTableau10;
const PANEL = { width: 170, height: 110 };

const columnsFor = (features: number) => Math.min(4, features + 1);

/** The drawing's width in its own units: a page shows it at about this size, not stretched. */
export function datasetViewWidth(features: number): number {
	return columnsFor(features) * (PANEL.width + 14);
}

export function drawDatasetView(svg: SVGSVGElement, data: DatasetViewData): void {
	const columns = columnsFor(data.features.length);
	const rows = Math.ceil((data.features.length + 1) / columns);
	const width = datasetViewWidth(data.features.length);
	const height = 24 + rows * (PANEL.height + 24);
	const root = d3.select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img').attr('aria-label', data.title);
	root.selectAll('*').remove();
	const shown = data.features.length < data.featureTotal ? ` (histograms of the first ${data.features.length} of ${data.featureTotal} features)` : '';
	root.append('text').attr('class', 'chart-title').attr('x', 0).attr('y', 14).text(data.title + shown);
	const at = (index: number) => `translate(${(index % columns) * (PANEL.width + 14)},${24 + Math.floor(index / columns) * (PANEL.height + 24)})`;

	// Class balance
	const counts = new Array<number>(data.classes.length).fill(0);
	for (const label of data.labels) if (label >= 0 && label < counts.length) counts[label]!++;
	const balance = root.append('g').attr('class', 'class-balance').attr('transform', at(0));
	balance.append('text').attr('class', 'axis-label').attr('y', 10).text('rows per class');
	const shownClasses = data.classes.slice(0, 8);
	const barY = d3.scaleBand(shownClasses, [16, PANEL.height]).padding(0.2);
	const barX = d3.scaleLinear([0, d3.max(counts) ?? 1], [60, PANEL.width - 30]);
	shownClasses.forEach((name, k) => {
		const row = balance.append('g').attr('class', 'class-bar');
		row.append('text').attr('class', 'legend-text').attr('x', 56).attr('y', barY(name)! + barY.bandwidth() / 2 + 4).attr('text-anchor', 'end').text(name.length > 9 ? `${name.slice(0, 8)}…` : name);
		row.append('rect').attr('x', 60).attr('y', barY(name)!).attr('height', barY.bandwidth()).attr('width', barX(counts[k]!) - 60).attr('fill', CLASS_COLOURS[k % 10]!);
		row.append('text').attr('class', 'legend-text').attr('x', barX(counts[k]!) + 3).attr('y', barY(name)! + barY.bandwidth() / 2 + 4).text(counts[k]!);
	});

	// Histograms
	data.features.forEach((feature, index) => {
		const panel = root.append('g').attr('class', 'histogram').attr('data-feature', feature.name).attr('transform', at(index + 1));
		panel.append('text').attr('class', 'axis-label').attr('y', 10).text(feature.name.length > 26 ? `${feature.name.slice(0, 25)}…` : feature.name);
		const counted = classHistograms(feature.values, data.labels, data.classes.length, [4, PANEL.width - 4]);
		if (!counted) return;
		const { x, perClass, grid } = counted;
		const y = d3.scaleLinear([0, d3.max(perClass, (bins) => d3.max(bins, (b) => b.count)) ?? 1], [PANEL.height - 14, 16]);
		const axis = d3.axisBottom(x).ticks(4).tickSize(3);
		// A grid's ticks fall on its values (0 and 1 of a flag, not 0.5), printed to the grid's precision.
		if (grid !== null) axis.tickValues(gridTicks(x, grid)).tickFormat(d3.format(`.${d3.precisionFixed(grid)}f`));
		panel.append('g').attr('transform', `translate(0,${PANEL.height - 14})`).call(axis);
		perClass.forEach((bins, k) => {
			panel.append('path').attr('class', 'histogram-line').attr('d', outline(bins, x, y)).attr('fill', 'none').attr('stroke', CLASS_COLOURS[k % 10]!).attr('stroke-width', 1.5);
		});
	});
}

/** A histogram's outline: up from the baseline at the first bin's left edge, across each bin's full width at its count, down at the last bin's right edge. */
export function outline(bins: HistogramBin[], x: (value: number) => number, y: (count: number) => number): string {
	const path = d3.path();
	path.moveTo(x(bins[0]!.x0), y(0));
	for (const bin of bins) {
		path.lineTo(x(bin.x0), y(bin.count));
		path.lineTo(x(bin.x1), y(bin.count));
	}
	path.lineTo(x(bins.at(-1)!.x1), y(0));
	return path.toString();
}

/** About four of a grid's values to tick, or its lowest and highest where no round tick is one of them. */
function gridTicks(x: d3.ScaleLinear<number, number>, grid: number): number[] {
	const [first, last] = x.domain() as [number, number];
	const low = first + grid / 2;
	const onGrid = x.ticks(4).filter((tick) => Math.abs((tick - low) / grid - Math.round((tick - low) / grid)) < 1e-3);
	return onGrid.length > 0 ? onGrid : [low, last - grid / 2];
}
