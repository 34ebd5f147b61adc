/**
 * A table at a glance: the class balance as bars, and a histogram per numeric feature with one
 * outline per class (so overlapping classes stay visible). Many features (hashed text) → only
 * the first few are drawn, and the title says so.
 */
import * as d3 from 'd3';

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
		const counted = classHistograms(feature.values, data.labels, data.classes.length);
		if (!counted) return;
		const { x, perClass } = counted;
		const y = d3.scaleLinear([0, d3.max(perClass, (bins) => d3.max(bins, (b) => b.count)) ?? 1], [PANEL.height - 14, 16]);
		panel.append('g').attr('transform', `translate(0,${PANEL.height - 14})`).call(d3.axisBottom(x).ticks(4).tickSize(3));
		perClass.forEach((bins, k) => {
			const area = d3
				.line<HistogramBin>()
				.x((b) => x((b.x0 + b.x1) / 2))
				.y((b) => y(b.count))
				.curve(d3.curveStep);
			panel.append('path').attr('class', 'histogram-line').attr('d', area(bins)).attr('fill', 'none').attr('stroke', CLASS_COLOURS[k % 10]!).attr('stroke-width', 1.5);
		});
	});
}

export interface HistogramBin {
	x0: number;
	x1: number;
	count: number;
}

/**
 * One histogram per class over the finite values, on the niced scale's 16 ticks: the bins
 * d3.bin() makes for that domain and those thresholds, counted in one pass over the typed
 * arrays. (Copying each column into an array and filtering it per class took seconds of the
 * page's thread on 10⁶ rows × 32 features.) Null when no value is finite.
 */
export function classHistograms(values: Float32Array, labels: Int8Array, classCount: number): { x: d3.ScaleLinear<number, number>; perClass: HistogramBin[][] } | null {
	let low = Infinity;
	let high = -Infinity;
	for (const value of values) {
		if (!Number.isFinite(value)) continue;
		if (value < low) low = value;
		if (value > high) high = value;
	}
	if (low > high) return null;
	const x = d3.scaleLinear([low, high === low ? low + 1 : high], [4, PANEL.width - 4]).nice();
	// d3.bin() of nothing: its bins' edges, the thresholds it keeps inside the domain.
	const edges = d3.bin().domain(x.domain() as [number, number]).thresholds(x.ticks(16))([]);
	const thresholds = edges.slice(1).map((bin) => bin.x0!);
	const [first, last] = [edges[0]!.x0!, edges.at(-1)!.x1!];
	const counts = Array.from({ length: classCount }, () => new Int32Array(edges.length));
	// The ticks are evenly spaced: guess the bin from the step, then settle it against the thresholds so it is
	// exactly d3.bisectRight's (the number of thresholds ≤ value); the generic bisect was most of the time on 10⁶ rows.
	const step = thresholds.length > 1 ? (thresholds.at(-1)! - thresholds[0]!) / (thresholds.length - 1) : 1;
	const start = thresholds[0] ?? first;
	const m = thresholds.length;
	for (let i = 0; i < values.length; i++) {
		const value = values[i]!;
		// As d3.bin: values outside the domain (and NaN, ±Infinity) are left out; a value on a threshold goes right.
		if (!(value >= first && value <= last)) continue;
		const row = counts[labels[i]!];
		if (!row) continue;
		let bin = Math.min(m, Math.max(0, Math.floor((value - start) / step) + 1));
		while (bin < m && thresholds[bin]! <= value) bin++;
		while (bin > 0 && thresholds[bin - 1]! > value) bin--;
		row[bin]!++;
	}
	return { x, perClass: counts.map((row) => Array.from(row, (count, j) => ({ x0: edges[j]!.x0!, x1: edges[j]!.x1!, count }))) };
}
