/**
 * The pipeline as a graph: one box per cell coloured by its state with the state written under
 * the title, arrows along the links, zoom and pan (d3-zoom), at the positions of a layout
 * (dag-layout.ts, computed in a worker). A new layout is fitted into view; while only states
 * change the layout stays, so a live run just recolours boxes.
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
	/** Draws the nodes at the layout's positions; the layout must be of these nodes and edges. */
	update(nodes: readonly DagNode[], layout: DagLayout): void;
	/** Fit the whole graph into the view. */
	fit(): void;
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

	function fit(): void {
		if (!layout) return;
		const box = svg.getBoundingClientRect();
		const width = box.width || 800;
		const height = box.height || 300;
		const scale = Math.min(1.2, width / (layout.width + 24), height / (layout.height + 24));
		// Below 0.75 the 12 px titles get smaller than 9 px: keep them legible and let the user pan instead.
		const readable = Math.max(scale, 0.75);
		// Centred; a graph larger than the view shows its middle (where a fan-out's source and sink sit).
		const x = Math.max(8, (width - layout.width * readable) / 2);
		const y = (height - layout.height * readable) / 2;
		root.call(zoom.transform, d3.zoomIdentity.translate(x, y).scale(readable));
	}

	function update(nodes: readonly DagNode[], current: DagLayout): void {
		const changed = current !== layout;
		layout = current;
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

		const groups = nodeLayer
			.selectAll<SVGGElement, DagNode>('g.dag-node')
			.data(nodes, (node) => node.id)
			.join((enter) => {
				// A link, not a button: it takes the user to the cell (and keeps button names such as Cancel unique).
				const group = enter.append('g').attr('class', 'dag-node').attr('tabindex', 0).attr('role', 'link');
				group.append('rect').attr('x', -NODE_WIDTH / 2).attr('y', -NODE_HEIGHT / 2).attr('width', NODE_WIDTH).attr('height', NODE_HEIGHT).attr('rx', 6);
				group.append('rect').attr('class', 'dag-progress').attr('x', -NODE_WIDTH / 2 + 6).attr('y', NODE_HEIGHT / 2 - 6).attr('height', 3).attr('rx', 1.5);
				group.append('text').attr('class', 'dag-title').attr('y', -4).attr('text-anchor', 'middle');
				group.append('text').attr('class', 'dag-state').attr('y', 12).attr('text-anchor', 'middle');
				group.append('title');
				return group;
			});
		groups
			.attr('transform', (node) => {
				const at = current.nodes.get(node.id) ?? { x: 0, y: 0 };
				return `translate(${at.x},${at.y})`;
			})
			.attr('data-cell-id', (node) => node.id)
			.attr('data-state', (node) => node.state)
			.attr('aria-label', (node) => `${node.title}: ${STATE_LABELS[node.state]}. Show the cell.`)
			.on('click', (_, node) => onselect(node.id))
			.on('keydown', (event: KeyboardEvent, node) => {
				if (event.key === 'Enter' || event.key === ' ') {
					event.preventDefault();
					onselect(node.id);
				}
			});
		groups
			.select('rect:not(.dag-progress)')
			.attr('fill', (node) => STATE_COLOURS[node.state])
			.attr('stroke-dasharray', (node) => (node.state === 'stale' ? '4 3' : null));
		groups
			.select('rect.dag-progress')
			.attr('width', (node) => (node.state === 'running' && node.progress !== null ? (NODE_WIDTH - 12) * node.progress : 0))
			.attr('fill', '#1d2329');
		groups
			.select('text.dag-title')
			.attr('fill', (node) => stateTextColour(node.state))
			.text((node) => truncate(node.title, 24));
		groups
			.select('text.dag-state')
			.attr('fill', (node) => stateTextColour(node.state))
			.text((node) => `${node.kind} · ${STATE_LABELS[node.state]}`);
		groups.select('title').text((node) => `${node.title} (${node.kind}): ${STATE_LABELS[node.state]}`);
		if (changed) fit();
	}

	return { update, fit };
}

function truncate(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
