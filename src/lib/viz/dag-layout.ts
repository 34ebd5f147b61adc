/**
 * Where each cell of the pipeline graph goes: a layered layout (dagre, left to right). Pure and
 * DOM-free, so it runs in a worker (layout.worker.ts): dagre takes about half a second for a
 * notebook of 120 cells, which the page should not spend on its own thread.
 */
import dagre from '@dagrejs/dagre';

export interface DagEdge {
	from: string;
	to: string;
}

export interface DagLayout {
	width: number;
	height: number;
	nodes: Map<string, { x: number; y: number }>;
	edges: { from: string; to: string; points: { x: number; y: number }[] }[];
}

export const NODE_WIDTH = 168;
/** Three lines: the title, the kind, the state (dag.ts `nodeLines`). */
export const NODE_HEIGHT = 58;

/** Pure: positions of node centres and edge polylines. */
export function layoutDag(nodes: readonly { id: string }[], edges: readonly DagEdge[]): DagLayout {
	const graph = new dagre.graphlib.Graph();
	graph.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 56, marginx: 12, marginy: 12 });
	graph.setDefaultEdgeLabel(() => ({}));
	for (const node of nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
	for (const edge of edges) if (graph.hasNode(edge.from) && graph.hasNode(edge.to)) graph.setEdge(edge.from, edge.to);
	dagre.layout(graph);
	const positions = new Map<string, { x: number; y: number }>();
	for (const id of graph.nodes()) {
		const node = graph.node(id);
		positions.set(id, { x: node.x, y: node.y });
	}
	const routed = graph.edges().map((edge) => ({ from: edge.v, to: edge.w, points: graph.edge(edge).points ?? [] }));
	const label = graph.graph();
	return { width: label.width ?? 0, height: label.height ?? 0, nodes: positions, edges: routed };
}
