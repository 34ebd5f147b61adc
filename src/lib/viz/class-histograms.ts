/**
 * The dataset view's histograms: bins that every finite value falls in, each of full width, and
 * their counts per class in one pass over the typed columns.
 *
 * A column of few values on an even grid (whole numbers 1–4, ratings in halves, 0/1 flags) gets
 * one bin centred on each grid value, so the bar of 4 is as wide as the bar of 1. Any other
 * column gets the niced scale's ticks as edges, and its last bin is closed: the nice domain puts
 * the maximum on the last edge whenever it is a round number, and it is counted in the last bin,
 * not in a bin of zero width beyond it (which is where d3.bin() put it).
 */
import * as d3 from 'd3';

export interface HistogramBin {
	x0: number;
	x1: number;
	count: number;
}

export interface ClassHistograms {
	/** From the first bin's left edge to the last bin's right edge. */
	x: d3.ScaleLinear<number, number>;
	perClass: HistogramBin[][];
	/** The values' spacing where each bin is centred on one of them; null where the edges are the scale's ticks. */
	grid: number | null;
}

/** A column of at most this many distinct values may be drawn as a grid of its own... */
const MOST_GRID_VALUES = 32;
/** ...if its grid, from the lowest value to the highest, has at most this many bins. */
const MOST_GRID_BINS = 40;
/** Bins of a continuous column: about this many, on the scale's ticks. */
const TICKS = 16;

export interface HistogramBinning {
	/** Ascending; bin j is [edges[j], edges[j + 1]), the last one closed. */
	edges: number[];
	grid: number | null;
}

/**
 * The edges for these values, over the finite ones (null when none is finite), in one pass. Whole
 * numbers keep the greatest common divisor of their distances from the first one (one remainder a
 * value); other values, a set of the distinct ones, dropped once it holds more than a grid may
 * (within the first few dozen values of a continuous column).
 */
export function histogramBinning(values: Float32Array): HistogramBinning | null {
	let low = Infinity;
	let high = -Infinity;
	let anchor = NaN;
	let divisor = 0;
	let distinct: Set<number> | null = null;
	let whole = true;
	for (let i = 0; i < values.length; i++) {
		const value = values[i]!;
		if (!Number.isFinite(value)) continue;
		if (value < low) low = value;
		if (value > high) high = value;
		if (whole) {
			if (value === Math.trunc(value)) {
				if (Number.isNaN(anchor)) anchor = value;
				const distance = value - anchor;
				if (distance % divisor !== 0) divisor = greatestCommonDivisor(divisor, distance);
				continue;
			}
			// The first fraction: the values so far, all whole, start the set.
			whole = false;
			distinct = new Set();
			for (let j = 0; j < i && distinct; j++) distinct = withValue(distinct, values[j]!);
		}
		if (distinct) distinct = withValue(distinct, value);
	}
	if (low > high) return null;

	// Few values on an even grid: a bin centred on each grid point.
	const grid = whole ? wholeGrid(high - low, divisor) : distinct ? gridStep([...distinct].sort((a, b) => a - b)) : null;
	if (grid !== null) {
		const bins = Math.round((high - low) / grid) + 1;
		return { edges: Array.from({ length: bins + 1 }, (_, j) => low + (j - 0.5) * grid), grid };
	}

	// Otherwise the niced scale's ticks, which start at or below the lowest value and end at or above the highest.
	const edges = d3.scaleLinear().domain([low, high]).nice(TICKS).ticks(TICKS);
	const step = edges.length > 1 ? edges[1]! - edges[0]! : 1;
	while (edges[0]! > low) edges.unshift(edges[0]! - step);
	while (edges.at(-1)! < high) edges.push(edges.at(-1)! + step);
	// Whole numbers on a whole step: a highest value on the last edge gets a bin of its own, so that every
	// bin holds `step` whole numbers (a closed last bin would hold one more than the others).
	if (whole && Number.isInteger(step) && high === edges.at(-1)) edges.push(high + step);
	return { edges, grid: null };
}

/** The set with `value` added if finite; null once it holds more values than a grid may. */
function withValue(distinct: Set<number>, value: number): Set<number> | null {
	if (Number.isFinite(value)) distinct.add(value);
	return distinct.size > MOST_GRID_VALUES ? null : distinct;
}

/** Whole numbers `span` apart at most, all a multiple of `divisor` from one another: their grid's spacing, if it has few enough points. */
function wholeGrid(span: number, divisor: number): number | null {
	if (span === 0) return 1;
	return span / divisor + 1 <= MOST_GRID_BINS ? divisor : null;
}

/**
 * The spacing of `sorted` (distinct, ascending, not all whole) when every value lies on an even
 * grid of at most MOST_GRID_BINS points, else null: the smallest gap, which every value must lie
 * a whole number of (to float32's precision) from the lowest.
 */
export function gridStep(sorted: number[]): number | null {
	const low = sorted[0]!;
	const span = sorted.at(-1)! - low;
	if (span === 0) return 1;
	let step = Infinity;
	for (let i = 1; i < sorted.length; i++) step = Math.min(step, sorted[i]! - sorted[i - 1]!);
	if (span / step + 1 > MOST_GRID_BINS) return null;
	const onGrid = (value: number) => {
		const steps = (value - low) / step;
		return Math.abs(steps - Math.round(steps)) < 1e-3;
	};
	return sorted.every(onGrid) ? step : null;
}

function greatestCommonDivisor(a: number, b: number): number {
	while (b !== 0) [a, b] = [b, a % b];
	return Math.abs(a);
}

/**
 * One histogram per class over the finite values (labels outside the classes left out), counted
 * in one pass over the typed arrays: copying each column into an array and filtering it per
 * class took seconds of the page's thread on 10⁶ rows × 32 features. Null when no value is finite.
 */
export function classHistograms(values: Float32Array, labels: Int8Array, classCount: number, width: [number, number]): ClassHistograms | null {
	const binning = histogramBinning(values);
	if (!binning) return null;
	const { edges, grid } = binning;
	const bins = edges.length - 1;
	const first = edges[0]!;
	const counts = Array.from({ length: classCount }, () => new Int32Array(bins));
	// The edges are evenly spaced: guess the bin from the step, then settle it against the edges (a value on
	// an edge goes right; the highest, in the last bin). A grid's values lie mid-bin, far from any edge.
	const step = (edges[bins]! - first) / bins;
	for (let i = 0; i < values.length; i++) {
		const value = values[i]!;
		if (!Number.isFinite(value)) continue;
		const row = counts[labels[i]!];
		if (!row) continue;
		let bin = Math.min(bins - 1, Math.max(0, Math.floor((value - first) / step)));
		if (grid === null) {
			while (bin < bins - 1 && edges[bin + 1]! <= value) bin++;
			while (bin > 0 && edges[bin]! > value) bin--;
		}
		row[bin]!++;
	}
	return {
		x: d3.scaleLinear([first, edges[bins]!], width),
		perClass: counts.map((row) => Array.from(row, (count, j) => ({ x0: edges[j]!, x1: edges[j + 1]!, count }))),
		grid
	};
}
