/**
 * Airflow's grid view: one column per run (oldest left), one row per cell, one square per cell
 * per run coloured by its state, with the state's word and the duration on hover and in the
 * square's accessible name.
 */
import * as d3 from 'd3';
import type { CellState } from '../dag/run-types';
import { STATE_COLOURS, STATE_LABELS, STATE_MARKS, stateTextColour } from './state-palette';

export interface RunGridRun {
	id: string;
	/** Shown under the column, e.g. "17:02:13". */
	label: string;
	cells: Record<string, { state: CellState; durationMs: number | null }>;
}

export interface RunGridData {
	cells: { id: string; title: string }[];
	runs: RunGridRun[];
}

const SQUARE = 16;
const GAP = 4;

export function drawRunGrid(svg: SVGSVGElement, data: RunGridData): void {
	const labelWidth = 180;
	const top = 22;
	const bottom = 72;
	const width = labelWidth + Math.max(1, data.runs.length) * (SQUARE + GAP) + 16;
	const height = top + data.cells.length * (SQUARE + GAP) + bottom;
	const root = d3.select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height).attr('role', 'img');
	root.selectAll('*').remove();
	root.append('text').attr('class', 'chart-title').attr('x', 0).attr('y', 14).text('runs × cells (oldest run on the left)');
	const x = (run: number) => labelWidth + run * (SQUARE + GAP);
	const y = (cell: number) => top + cell * (SQUARE + GAP);
	root
		.append('g')
		.selectAll('text')
		.data(data.cells)
		.join('text')
		.attr('class', 'grid-cell-label')
		.attr('x', labelWidth - 8)
		.attr('y', (_, index) => y(index) + SQUARE - 4)
		.attr('text-anchor', 'end')
		.text((cell) => (cell.title.length > 26 ? `${cell.title.slice(0, 25)}…` : cell.title))
		// A cut title keeps its whole text in a tooltip, as the pipeline graph's boxes do.
		.each(function (cell) {
			if (cell.title.length > 26) d3.select(this).append('title').text(cell.title);
		});
	const columns = root
		.append('g')
		.selectAll('g')
		.data(data.runs)
		.join('g')
		.attr('class', 'grid-run')
		.attr('data-run', (run) => run.id);
	columns
		.selectAll('rect')
		.data((run) => data.cells.map((cell, index) => ({ cell, index, entry: run.cells[cell.id] ?? null, run })))
		.join('rect')
		.attr('class', 'grid-square')
		.attr('x', (item) => x(data.runs.indexOf(item.run)))
		.attr('y', (item) => y(item.index))
		.attr('width', SQUARE)
		.attr('height', SQUARE)
		.attr('rx', 2)
		.attr('data-state', (item) => item.entry?.state ?? 'idle')
		.attr('fill', (item) => (item.entry ? STATE_COLOURS[item.entry.state] : 'none'))
		.attr('stroke', (item) => (item.entry ? 'none' : 'currentColor'))
		.attr('stroke-opacity', 0.25)
		.attr('stroke-dasharray', (item) => (item.entry?.state === 'stale' ? '3 2' : null))
		.append('title')
		.text((item) => `${item.cell.title}, run ${item.run.label}: ${describe(item.entry)}`);
	columns
		.selectAll('text.grid-mark')
		.data((run) => data.cells.map((cell, index) => ({ index, entry: run.cells[cell.id] ?? null, run })))
		.join('text')
		.attr('class', 'grid-mark')
		.attr('aria-hidden', 'true')
		.attr('x', (item) => x(data.runs.indexOf(item.run)) + SQUARE / 2)
		.attr('y', (item) => y(item.index) + SQUARE / 2 + 4)
		.attr('text-anchor', 'middle')
		.style('fill', (item) => (item.entry ? stateTextColour(item.entry.state) : 'none'))
		.style('pointer-events', 'none')
		.text((item) => (item.entry ? STATE_MARKS[item.entry.state] : ''));
	columns
		.append('text')
		.attr('class', 'grid-run-label')
		.attr('transform', (run) => `translate(${x(data.runs.indexOf(run)) + SQUARE / 2 + 4},${y(data.cells.length) + 4}) rotate(-60)`)
		.attr('text-anchor', 'end')
		.text((run) => run.label);
	fitToContent(svg, width, height);
}

/**
 * Shrinks the drawing to what was drawn: the margins above are room for the longest label that
 * might come (a 26-character title, a dated run label), and unused room was an empty band in the
 * panel. Where the SVG cannot be measured (not laid out, or no getBBox outside a browser) the
 * drawing keeps its full size.
 */
function fitToContent(svg: SVGSVGElement, width: number, height: number): void {
	const box = typeof svg.getBBox === 'function' ? svg.getBBox() : null;
	if (!box || box.width <= 0 || box.height <= 0) return;
	const pad = 4;
	const left = Math.max(0, box.x - pad);
	const top = Math.max(0, box.y - pad);
	const fitWidth = Math.min(width, box.x + box.width + pad) - left;
	const fitHeight = Math.min(height, box.y + box.height + pad) - top;
	d3.select(svg).attr('viewBox', `${left} ${top} ${fitWidth} ${fitHeight}`).attr('width', fitWidth).attr('height', fitHeight);
}

function describe(entry: { state: CellState; durationMs: number | null } | null): string {
	if (!entry) return 'not in this run';
	const duration = entry.durationMs === null ? '' : `, ${entry.durationMs < 1000 ? `${entry.durationMs.toFixed(0)} ms` : `${(entry.durationMs / 1000).toFixed(2)} s`}`;
	return `${STATE_LABELS[entry.state]}${duration}`;
}
