/**
 * The pipeline as a graph: one box per cell coloured by its state, with its title, its kind and
 * its state on three lines (each cut on its own, the whole in the tooltip), arrows along the links, zoom and pan (d3-zoom), at the positions of a layout
 * (dag-layout.ts, computed in a worker). A new layout is drawn whole and fitted into view; while
 * only states change the layout stays and an update sets just the attributes of the nodes whose
 * state, labels or progress changed: a live run reports progress many times a second, and
 * re-joining every node and edge through d3 on each frame held the page's thread for tens of ms
 * on a large notebook.
 */
import * as d3 from 'd3';
import type { CellState } from '../dag/run-types';
import { NODE_HEIGHT, NODE_WIDTH, type DagEdge, type DagLayout } from './dag-layout';
import { STATE_COLOURS, STATE_LABELS, stateTextColour } from './state-palette';

export interface DagNode {
	id: string;
	title: string;
	kind: string;
	state: CellState;
	/** 0..1 while running. */
	progress: number | null;
}

export type { DagEdge, DagLayout };

export interface DagView {
	/**
	 * Draws the nodes at the layout's positions; the layout must be of these nodes and edges. A
	 * layout other than the last one drawn (by identity) redraws everything; the same one only
	 * repaints the nodes that changed.
	 */
	update(nodes: readonly DagNode[], layout: DagLayout): void;
	/**
	 * Fit the graph into the view. 'legible' (when a new layout is drawn) keeps titles at 9 px or
	 * more and shows the start of a graph too wide for that; 'all' (the Fit button) shows every
	 * box, however small: a Fit that left the last box outside the view was no fit.
	 */
	fit(mode?: 'legible' | 'all'): void;
}

/** Draws into `svg` (sized by CSS); `onselect` gets a cell id on click or Enter. */
export function createDagView(svg: SVGSVGElement, onselect: (id: string) => void): DagView {
	const root = d3.select(svg).attr('role', 'group');
	root.selectAll('*').remove();
	const defs = root.append('defs');
	defs
		.append('marker')
		.attr('id', 'dag-arrow')
		.attr('viewBox', '0 0 10 10')
		.attr('refX', 9)
		.attr('refY', 5)
		.attr('markerWidth', 7)
		.attr('markerHeight', 7)
		.attr('orient', 'auto-start-reverse')
		.append('path')
		.attr('d', 'M0,0L10,5L0,10z')
		.attr('class', 'dag-arrowhead');
	const scene = root.append('g').attr('class', 'dag-scene');
	const edgeLayer = scene.append('g').attr('class', 'dag-edges');
	const nodeLayer = scene.append('g').attr('class', 'dag-nodes');
	let layout: DagLayout | null = null;
	const zoom = d3
		.zoom<SVGSVGElement, unknown>()
		.scaleExtent([0.1, 3])
		.on('zoom', (event: d3.D3ZoomEvent<SVGSVGElement, unknown>) => scene.attr('transform', event.transform.toString()));
	root.call(zoom).on('dblclick.zoom', null);

	function fit(mode: 'legible' | 'all' = 'legible'): void {
		if (!layout) return;
		const box = svg.getBoundingClientRect();
		const transform = fitTransform(layout, box.width || 800, box.height || 300, mode);
		root.call(zoom.transform, d3.zoomIdentity.translate(transform.x, transform.y).scale(transform.k));
		// Titles cut by a character budget (no font known when they were drawn) are fitted again now.
		refit();
	}

	function refit(): void {
		for (const { node, parts } of drawn.values()) {
			const lines = nodeLines(node);
			for (const [element, text] of [[parts.title, lines.title], [parts.kind, lines.kind], [parts.state, lines.state]] as const) {
				if (!fitted.has(fitKey(element, text))) fitText(element, text);
			}
		}
	}

	/** What each node was last drawn with, and its elements: a state change touches only those. */
	const drawn = new Map<string, { node: DagNode; parts: NodeParts }>();

	/** The whole graph: edges, groups and positions. Once per layout (the notebook's structure). */
	function drawStructure(nodes: readonly DagNode[], current: DagLayout): void {
		const line = d3
			.line<{ x: number; y: number }>()
			.x((point) => point.x)
			.y((point) => point.y)
			.curve(d3.curveBasis);
		edgeLayer
			.selectAll<SVGPathElement, DagLayout['edges'][number]>('path.dag-edge')
			.data(current.edges, (edge) => `${edge.from}→${edge.to}`)
			.join('path')
			.attr('class', 'dag-edge')
			.attr('data-from', (edge) => edge.from)
			.attr('data-to', (edge) => edge.to)
			.attr('fill', 'none')
			.attr('marker-end', 'url(#dag-arrow)')
			.attr('d', (edge) => line(edge.points));

		drawn.clear();
		nodeLayer
			.selectAll<SVGGElement, DagNode>('g.dag-node')
			.data(nodes, (node) => node.id)
			.join((enter) => {
				// A link, not a button: it takes the user to the cell (and keeps button names such as Cancel unique).
				const group = enter.append('g').attr('class', 'dag-node').attr('tabindex', 0).attr('role', 'link');
				group.append('rect').attr('class', 'dag-box').attr('x', -NODE_WIDTH / 2).attr('y', -NODE_HEIGHT / 2).attr('width', NODE_WIDTH).attr('height', NODE_HEIGHT).attr('rx', 6);
				group.append('rect').attr('class', 'dag-progress').attr('x', -NODE_WIDTH / 2 + 6).attr('y', NODE_HEIGHT / 2 - 6).attr('height', 3).attr('rx', 1.5).attr('fill', '#1d2329');
				// Baselines: the title's 12 px, then two 10.5 px lines, clear of the progress bar at the bottom.
				group.append('text').attr('class', 'dag-title').attr('y', -11).attr('text-anchor', 'middle');
				group.append('text').attr('class', 'dag-kind').attr('y', 4).attr('text-anchor', 'middle');
				group.append('text').attr('class', 'dag-state').attr('y', 18).attr('text-anchor', 'middle');
				group.append('title');
				return group;
			})
			.attr('transform', (node) => {
				const at = current.nodes.get(node.id) ?? { x: 0, y: 0 };
				return `translate(${at.x},${at.y})`;
			})
			.attr('data-cell-id', (node) => node.id)
			.on('click', (_, node) => onselect(node.id))
			.on('keydown', (event: KeyboardEvent, node) => {
				if (event.key === 'Enter' || event.key === ' ') {
					event.preventDefault();
					onselect(node.id);
				}
			})
			.each(function (node) {
				const parts = nodeParts(this);
				paintNode(parts, node, null);
				drawn.set(node.id, { node, parts });
			});
	}

	function update(nodes: readonly DagNode[], current: DagLayout): void {
		if (current !== layout || nodes.some((node) => !drawn.has(node.id))) {
			layout = current;
			drawStructure(nodes, current);
			fit();
			return;
		}
		// Same structure: a live run changes a state or a progress bar, so only those nodes' attributes.
		for (const node of nodes) {
			const entry = drawn.get(node.id)!;
			if (paintNode(entry.parts, node, entry.node)) entry.node = node;
		}
	}

	return { update, fit };
}

/**
 * The zoom that fits `layout` into a view of `width`×`height` px: translation (px) and scale,
 * centred. 'all' fits every box (scale at most 1.2); 'legible' keeps the scale at 0.65 or more
 * (a title's line stays over 9 px tall on screen) and, when the graph is then wider than the
 * view, shows its start
 * (the sources, where a reader begins). Pure, for the tests.
 */
export function fitTransform(layout: Pick<DagLayout, 'width' | 'height'>, width: number, height: number, mode: 'legible' | 'all'): { x: number; y: number; k: number } {
	const pad = 8;
	const scale = Math.min(1.2, (width - 2 * pad) / layout.width, (height - 2 * pad) / layout.height);
	// 0.65, not 0.75: the eight-cell teaching notebook needs 0.72 at 1024 px, and its last box was cut.
	const k = mode === 'all' ? scale : Math.max(scale, 0.65);
	const x = Math.max(pad, (width - layout.width * k) / 2);
	const y = Math.max(mode === 'all' ? pad : -Infinity, (height - layout.height * k) / 2);
	return { x, y, k };
}

/** The elements of one drawn node, found once so that a repaint does no selector queries. */
interface NodeParts {
	group: SVGGElement;
	box: SVGRectElement;
	progress: SVGRectElement;
	title: SVGTextElement;
	kind: SVGTextElement;
	state: SVGTextElement;
	tooltip: SVGTitleElement;
}

/**
 * The three lines of a node and its tooltip. The state has a line of its own: written after a
 * long kind ("Impute missing values · no…") it was the part cut off, and it is what a user
 * watching a run reads. Pure, for the tests.
 */
export function nodeLines(node: Pick<DagNode, 'title' | 'kind' | 'state'>): { title: string; kind: string; state: string; tooltip: string } {
	const state = STATE_LABELS[node.state];
	return { title: node.title, kind: node.kind, state, tooltip: `${node.title} (${node.kind}): ${state}` };
}

function nodeParts(group: SVGGElement): NodeParts {
	return {
		group,
		box: group.querySelector<SVGRectElement>('rect.dag-box')!,
		progress: group.querySelector<SVGRectElement>('rect.dag-progress')!,
		title: group.querySelector<SVGTextElement>('text.dag-title')!,
		kind: group.querySelector<SVGTextElement>('text.dag-kind')!,
		state: group.querySelector<SVGTextElement>('text.dag-state')!,
		tooltip: group.querySelector<SVGTitleElement>('title')!
	};
}

/**
 * Which of a node's drawn parts differ from how it was drawn (`previous`, null when never):
 * `look` is its state (colour, labels), `progress` its bar's width in px. Pure, for the tests.
 */
export function nodeChanges(node: DagNode, previous: DagNode | null): { look: boolean; progress: boolean } {
	if (!previous) return { look: true, progress: true };
	const look = node.state !== previous.state || node.title !== previous.title || node.kind !== previous.kind;
	return { look, progress: look || progressWidth(node) !== progressWidth(previous) };
}

/** The progress bar's width in px: only a running cell with a known fraction has one. */
export function progressWidth(node: DagNode): number {
	return node.state === 'running' && node.progress !== null ? (NODE_WIDTH - 12) * Math.min(1, Math.max(0, node.progress)) : 0;
}

/** Sets the attributes of `node` that differ from `previous`; says whether it set any. */
function paintNode(parts: NodeParts, node: DagNode, previous: DagNode | null): boolean {
	const { look, progress } = nodeChanges(node, previous);
	if (look) {
		const lines = nodeLines(node);
		const text = stateTextColour(node.state);
		parts.group.setAttribute('data-state', node.state);
		parts.group.setAttribute('aria-label', `${node.title}: ${lines.state}. Show the cell.`);
		parts.box.setAttribute('fill', STATE_COLOURS[node.state]);
		if (node.state === 'stale') parts.box.setAttribute('stroke-dasharray', '4 3');
		else parts.box.removeAttribute('stroke-dasharray');
		for (const [element, line] of [[parts.title, lines.title], [parts.kind, lines.kind], [parts.state, lines.state]] as const) {
			element.setAttribute('fill', text);
			fitText(element, line);
		}
		parts.tooltip.textContent = lines.tooltip;
	}
	if (progress) parts.progress.setAttribute('width', String(progressWidth(node)));
	return look || progress;
}

/** Room for a line of text inside a box, with its padding. */
const TEXT_ROOM = NODE_WIDTH - 14;

/**
 * Sets `text`, cut with an ellipsis until it fits the box in the text's own font (a character
 * count let wide titles spill over both edges). Widths come from a canvas in the element's
 * computed font, not from getComputedTextLength: that forced a layout of the whole page per
 * try, in the frame where a finished cell's output was being mounted. Where there is no
 * canvas or the font is not known yet (a detached element, no rendering), a character budget
 * stands in and the text is fitted again later (`refit`).
 */
function fitText(element: SVGTextElement, text: string): void {
	// Titles and state labels repeat on every state change: fit each text (in its style) once.
	const key = fitKey(element, text);
	const known = fitted.get(key);
	if (known !== undefined) {
		element.textContent = known;
		return;
	}
	const width = textMeasure(element);
	if (!width) {
		element.textContent = text.length > 24 ? `${text.slice(0, 23)}…` : text;
		return;
	}
	let shown = text;
	for (let length = text.length; length > 1 && width(shown) > TEXT_ROOM; ) {
		length -= 1;
		shown = `${text.slice(0, length).trimEnd()}…`;
	}
	element.textContent = shown;
	fitted.set(key, shown);
}

const fitted = new Map<string, string>();
const fitKey = (element: SVGTextElement, text: string) => `${element.getAttribute('class')}\u0000${text}`;

/** CSS fonts by the class of the text: one computed style per kind of label. */
const fonts = new Map<string, string>();
let canvasContext: CanvasRenderingContext2D | null | undefined;

/** A measure of text width (px, user units) in `element`'s font, or null where none can be had. */
function textMeasure(element: SVGTextElement): ((text: string) => number) | null {
	if (canvasContext === undefined) {
		try {
			canvasContext = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
		} catch {
			canvasContext = null;
		}
	}
	const context = canvasContext;
	if (!context) return null;
	const kind = element.getAttribute('class') ?? '';
	let font = fonts.get(kind);
	if (font === undefined) {
		// A detached element has no computed style yet: no font to cache.
		if (!element.isConnected) return null;
		const style = getComputedStyle(element);
		if (!style.fontSize || !style.fontFamily) return null;
		font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
		fonts.set(kind, font);
	}
	const css = font;
	return (text) => {
		context.font = css;
		return context.measureText(text).width;
	};
}
