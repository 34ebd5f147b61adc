/**
 * Tick labels that tell neighbouring ticks apart: as many significant digits as the step
 * between ticks needs at the size of the largest one (d3.precisionRound, as a scale's own
 * tickFormat does), raised further if two labels still read alike. A flat loss surface spans
 * 0.18–0.2: its ticks read 0.18, 0.185, 0.19, 0.195, 0.2, never 0.2, 0.2, 0.19, 0.18, 0.18.
 */
import * as d3 from 'd3';

/** The formatter for `ticks` (any order); the labels it gives them are all different. */
export function tickFormat(ticks: readonly number[]): (value: number) => string {
	const finite = ticks.filter(Number.isFinite);
	const sorted = [...new Set(finite)].sort((a, b) => a - b);
	const step = d3.min(d3.pairs(sorted), ([a, b]) => b - a);
	const magnitude = d3.max(sorted, Math.abs) ?? 0;
	let digits = step !== undefined && step > 0 && magnitude > 0 ? d3.precisionRound(step, magnitude) : 1;
	for (digits = Math.max(1, digits); digits < 17; digits++) {
		const format = d3.format(`.${digits}~r`);
		if (new Set(sorted.map(format)).size === sorted.length) return format;
	}
	return d3.format('.17~r');
}

/** The labels of `ticks`, in their order (tickFormat's). */
export function tickLabels(ticks: readonly number[]): string[] {
	const format = tickFormat(ticks);
	return ticks.map((tick) => format(tick));
}
