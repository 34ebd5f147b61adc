/**
 * A table at a glance: the class balance as bars, and a histogram per numeric feature with one
 * outline per class (so overlapping classes stay visible). Many features (hashed text) → only
 * the first few are drawn, and the title says so. Rows without labels (no classes): one outline
 * of every row per feature, and no class balance.
 */
import * as d3 from 'd3';
import { classHistograms, type HistogramBin } from './class-histograms';

export interface DatasetViewData {
	title: string;
	/** Empty (with `labels`) for rows without labels. */
	classes: string[];
	labels: Int8Array;
	features: { name: string; values: Float32Array }[];
	/** How many numeric features the table has in all. */
	featureTotal: number;
}

const CLASS_COLOURS = d3.schemeTableau10;
const PANEL = { width: 170, height: 110 };

/** Panels: the class balance (when the rows have labels), then one per feature. */
const columnsFor = (panels: number) => Math.max(1, Math.min(4, panels));

/** The drawing's width in its own units for `features` histograms (and a class balance unless `labelled` is false): a page shows it at about this size, not stretched. */
export function datasetViewWidth(features: number, labelled = true): number {
	return columnsFor(features + (labelled ? 1 : 0)) * (PANEL.width + 14);
}

export function drawDatasetView(svg: SVGSVGElement, data: DatasetViewData): void {
	const labelled = data.classes.length > 0;
	const first = labelled ? 1 : 0;
	const columns = columnsFor(data.features.length + first);
	const rows = Math.ceil((data.features.length + first) / columns);
	const width = datasetViewWidth(data.features.length, labelled);
	const height = 24 + rows * (PANEL.height + 24);
	const root = d3.select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img').attr('aria-label', data.title);
	root.selectAll('*').remove();
	const shown = data.features.length < data.featureTotal ? ` (histograms of the first ${data.features.length} of ${data.featureTotal} features)` : '';
	root.append('text').attr('class', 'chart-title').attr('x', 0).attr('y', 14).text(data.title + shown);
	const at = (index: number) => `translate(${(index % columns) * (PANEL.width + 14)},${24 + Math.floor(index / columns) * (PANEL.height + 24)})`;

	// Class balance
	if (labelled) drawClassBalance(root, data, at(0));

	// Histograms: without labels, every row as one class.
	const labels = labelled ? data.labels : new Int8Array(data.features[0]?.values.length ?? 0);
	const classCount = labelled ? data.classes.length : 1;
	data.features.forEach((feature, index) => {
		const panel = root.append('g').attr('class', 'histogram').attr('data-feature', feature.name).attr('transform', at(index + first));
		panel.append('text').attr('class', 'axis-label').attr('y', 10).text(feature.name.length > 26 ? `${feature.name.slice(0, 25)}…` : feature.name);
		const counted = classHistograms(feature.values, labels, classCount, [4, PANEL.width - 4]);
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

/** Bars of rows per class (the first 8 classes), at `transform`. */
function drawClassBalance(root: d3.Selection<SVGSVGElement, unknown, null, undefined>, data: DatasetViewData, transform: string): void {
	const counts = new Array<number>(data.classes.length).fill(0);
	for (const label of data.labels) if (label >= 0 && label < counts.length) counts[label]!++;
	const balance = root.append('g').attr('class', 'class-balance').attr('transform', transform);
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
