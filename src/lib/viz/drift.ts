/**
 * A drift report drawn: per column the reference and current distributions overlaid (histogram
 * bars on shared bins for a numeric column, paired bars for categories, top tokens or hashed
 * buckets), titled with the test, its score against the threshold, and the verdict. Plus the
 * orderings the report offers (by drift score, by name) as pure functions.
 */
import { formatPercent } from '../data/format-percent';
import * as d3 from 'd3';
import type { ColumnDrift, DriftDistribution } from '../ml/drift/types';

export const REFERENCE_COLOUR = '#8a99a8';
export const CURRENT_COLOUR = '#e07a1f';

/**
 * How strongly a column drifts, comparable across tests: the score over the threshold for a
 * distance, the threshold over the score for a p-value (p = 0 is Infinity); above 1 = drifted
 * (at 1 a distance drifts, as does a KS p-value). An untested column ranks last (−1).
 */
export function driftSeverity(column: ColumnDrift): number {
	if (column.score === null) return -1;
	if (column.scoreKind === 'distance') return column.threshold === 0 ? (column.score > 0 ? Infinity : 1) : column.score / column.threshold;
	return column.score === 0 ? Infinity : column.threshold / column.score;
}

export type DriftOrder = 'severity' | 'name' | 'report';

/** The columns in the chosen order (a new array): most drifted first, by name, or as the table has them. */
export function orderColumns(columns: readonly ColumnDrift[], order: DriftOrder): ColumnDrift[] {
	const copy = [...columns];
	if (order === 'name') return copy.sort((a, b) => a.column.localeCompare(b.column));
	if (order === 'severity') return copy.sort((a, b) => driftSeverity(b) - driftSeverity(a) || a.column.localeCompare(b.column));
	return copy;
}

/** "0.0123" / "1.2e-8" / "0": a score as the report prints it. */
export function formatScore(score: number | null): string {
	if (score === null) return '—';
	if (score === 0 || !Number.isFinite(score)) return String(score);
	return Math.abs(score) < 1e-3 ? score.toExponential(2) : score.toPrecision(3);
}

/** What a column's `statistic` is, by test: "D", "χ²", "z", "distance" (raw, in the column's units), "JS distance". */
export function statisticLabel(column: ColumnDrift): string {
	const names: Partial<Record<ColumnDrift['test'], string>> = { ks: 'D', chisquare: 'χ²', z: 'z', wasserstein: 'distance in units', 'tokens-permutation': 'JS distance' };
	return names[column.test] ?? 'statistic';
}

/** "K-S p-value 0.00123 ≤ 0.05: drift" — the verdict line of one column. */
export function verdictLine(column: ColumnDrift): string {
	if (column.score === null) return `${column.testLabel}: not tested (${column.note ?? 'no values'})`;
	const comparison =
		column.scoreKind === 'p-value'
			? column.drifted
				? column.test === 'ks' ? '≤' : '<'
				: column.test === 'ks' ? '>' : '≥'
			: column.drifted ? '≥' : '<';
	// 100 permutations resolve p to 0.01: none as far apart reads "< 0.01", not 0.
	if (column.test === 'tokens-permutation' && column.score === 0) return `${column.testLabel} < 0.01 (threshold ${column.threshold}): ${column.drifted ? 'drift' : 'no drift'}`;
	return `${column.testLabel} ${formatScore(column.score)} ${comparison} ${column.threshold}: ${column.drifted ? 'drift' : 'no drift'}`;
}

const WIDTH = 300;
const HEIGHT = 150;
const MARGIN = { top: 8, right: 8, bottom: 30, left: 36 };
/** The axis labels' font size (d3's axis default) and a character's width at it, in viewBox units. */
const TICK_FONT = 10;
const CHAR_WIDTH = 6;
const MAX_LABEL = 9;

/** A category or token cut to 9 characters ("delivered" stays, "refunded…" for longer): the tick's title keeps it whole. */
export const shortLabel = (label: string): string => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

/**
 * Which category labels to draw under bars `step` viewBox units apart (one band with its
 * padding), and how, so that no two overlap: upright when every (shortened) label fits its band;
 * otherwise turned vertical, where labels are one font height thick and each band holds one when
 * it is at least that wide, else every k-th label is drawn (k = how many bands a font height
 * needs). `extraHeight` is what the turned labels need below the axis beyond the upright margin.
 */
export function categoryTicks(labels: readonly string[], step: number): { shown: number[]; vertical: boolean; extraHeight: number } {
	const widest = labels.reduce((most, label) => Math.max(most, shortLabel(label).length), 0) * CHAR_WIDTH;
	const all = labels.map((_, k) => k);
	if (widest + 4 <= step) return { shown: all, vertical: false, extraHeight: 0 };
	const every = Math.max(1, Math.ceil((TICK_FONT + 2) / step));
	return { shown: all.filter((k) => k % every === 0), vertical: true, extraHeight: Math.max(0, widest + 12 - MARGIN.bottom) };
}

/** The band step of `count` categories across the plot (d3.scaleBand with padding 0.2, as drawn). */
const categoryStep = (count: number): number => d3.scaleBand<number>().domain(d3.range(count)).range([MARGIN.left, WIDTH - MARGIN.right]).padding(0.2).step();

function percentAxis(root: d3.Selection<SVGSVGElement, unknown, null, undefined>, y: d3.ScaleLinear<number, number>): void {
	root.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(4).tickFormat(d3.format('.0%')));
}

function drawHistogram(root: d3.Selection<SVGSVGElement, unknown, null, undefined>, distribution: Extract<DriftDistribution, { type: 'histogram' }>): void {
	const { edges } = distribution;
	const x = d3.scaleLinear().domain([edges[0]!, edges[edges.length - 1]!]).range([MARGIN.left, WIDTH - MARGIN.right]);
	const top = d3.max([...distribution.reference, ...distribution.current]) ?? 1;
	const y = d3.scaleLinear().domain([0, top || 1]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
	for (const [side, shares, colour, opacity] of [['reference', distribution.reference, REFERENCE_COLOUR, 0.55], ['current', distribution.current, CURRENT_COLOUR, 0.45]] as const) {
		root
			.append('g')
			.attr('class', `bars ${side}`)
			.selectAll('rect')
			.data(shares)
			.join('rect')
			.attr('x', (_, k) => x(edges[k]!))
			.attr('width', (_, k) => Math.max(0.5, x(edges[k + 1]!) - x(edges[k]!) - 0.5))
			.attr('y', (share) => y(share))
			.attr('height', (share) => y(0) - y(share))
			.attr('fill', colour)
			.attr('fill-opacity', opacity)
			.append('title')
			.text((share, k) => `${side}: ${formatPercent(share)} in [${d3.format('.4~g')(edges[k]!)}, ${d3.format('.4~g')(edges[k + 1]!)}${k === shares.length - 1 ? ']' : ')'}`);
	}
	root.append('g').attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`).call(d3.axisBottom(x).ticks(5).tickFormat(d3.format('.3~g')));
	percentAxis(root, y);
}

function drawCategories(root: d3.Selection<SVGSVGElement, unknown, null, undefined>, distribution: Extract<DriftDistribution, { type: 'categories' }>): void {
	const x = d3.scaleBand<number>().domain(d3.range(distribution.labels.length)).range([MARGIN.left, WIDTH - MARGIN.right]).padding(0.2);
	const top = d3.max([...distribution.reference, ...distribution.current]) ?? 1;
	const y = d3.scaleLinear().domain([0, top || 1]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
	const half = x.bandwidth() / 2;
	for (const [side, shares, colour, offset] of [['reference', distribution.reference, REFERENCE_COLOUR, 0], ['current', distribution.current, CURRENT_COLOUR, half]] as const) {
		root
			.append('g')
			.attr('class', `bars ${side}`)
			.selectAll('rect')
			.data(shares)
			.join('rect')
			.attr('x', (_, k) => x(k)! + offset)
			.attr('width', Math.max(0.5, half))
			.attr('y', (share) => y(share))
			.attr('height', (share) => y(0) - y(share))
			.attr('fill', colour)
			.append('title')
			.text((share, k) => `${distribution.labels[k]} — ${side}: ${formatPercent(share)}`);
	}
	const ticks = categoryTicks(distribution.labels, x.step());
	const axis = root
		.append('g')
		.attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`)
		.call(d3.axisBottom(x).tickValues(ticks.shown).tickFormat((k) => shortLabel(distribution.labels[k] ?? '')));
	// A cut label reads in full on hover.
	axis.selectAll<SVGTextElement, number>('.tick text').append('title').text((k) => distribution.labels[k] ?? '');
	if (ticks.vertical) axis.selectAll('.tick text').attr('text-anchor', 'end').attr('transform', 'rotate(-90)').attr('x', -9).attr('y', 0).attr('dy', '0.32em');
	percentAxis(root, y);
}

/** One column's two distributions into `svg` (its contents replaced). */
export function drawColumnDrift(svg: SVGSVGElement, column: ColumnDrift): void {
	const labels = column.distribution.type === 'categories' ? column.distribution.labels.length : 0;
	const height = HEIGHT + (labels > 0 && column.distribution.type === 'categories' ? categoryTicks(column.distribution.labels, categoryStep(labels)).extraHeight : 0);
	const root = d3.select(svg).attr('viewBox', `0 0 ${WIDTH} ${height}`).attr('role', 'img').attr('aria-label', `${column.column}: reference and current distributions`);
	root.selectAll('*').remove();
	if (column.distribution.type === 'histogram') drawHistogram(root, column.distribution);
	else if (labels > 0) drawCategories(root, column.distribution);
	else root.append('text').attr('x', WIDTH / 2).attr('y', HEIGHT / 2).attr('text-anchor', 'middle').text('no values to draw');
}
