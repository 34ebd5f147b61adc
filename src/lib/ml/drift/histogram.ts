/**
 * numpy's histogram with Sturges' bins, as Evidently's `get_binned_data` bins a numeric column
 * for the Jensen–Shannon test: `np.histogram_bin_edges(concat(ref, cur), bins='sturges')`, then
 * `np.histogram(sample, edges)` — equal-width bins, each [left, right) but the last [left, right].
 */

/**
 * Sturges' edges over values in [min, max] of `count` values: width = range / (log2(count) + 1),
 * bins = ceil(range / width), edges as `np.linspace(min, max, bins + 1)`. A zero range becomes
 * [min − 0.5, max + 0.5] with one bin, as numpy does.
 */
export function sturgesEdges(min: number, max: number, count: number): Float64Array {
	let first = min;
	let last = max;
	if (first === last) {
		first -= 0.5;
		last += 0.5;
	}
	const width = (max - min) / (Math.log2(count) + 1);
	const bins = width > 0 ? Math.ceil((last - first) / width) : 1;
	return linspace(first, last, bins + 1);
}

/** `np.linspace(start, stop, num)`: start + i·step, the last exactly `stop`. */
function linspace(start: number, stop: number, num: number): Float64Array {
	const step = (stop - start) / (num - 1);
	const edges = new Float64Array(num);
	for (let i = 0; i < num; i++) edges[i] = i * step + start;
	edges[num - 1] = stop;
	return edges;
}

/**
 * Counts of `values` (finite) in the bins of `edges` (ascending, equal width), numpy's way:
 * the index from the scaled offset, corrected against the edges themselves, the last bin closed;
 * values outside [edges[0], edges[last]] are not counted.
 */
export function histogramCounts(values: ArrayLike<number>, edges: Float64Array): Float64Array {
	const bins = edges.length - 1;
	const first = edges[0]!;
	const last = edges[bins]!;
	const norm = bins / (last - first);
	const counts = new Float64Array(bins);
	for (let k = 0; k < values.length; k++) {
		const x = values[k]!;
		if (x < first || x > last) continue;
		let index = Math.floor((x - first) * norm);
		if (index === bins) index--;
		if (x < edges[index]!) index--;
		else if (index !== bins - 1 && x >= edges[index + 1]!) index++;
		counts[index]!++;
	}
	return counts;
}
