/**
 * Pure graph structure of a notebook: nodes (cells, in notebook order) and edges (links from
 * an upstream cell to the cell whose input names it). Links to cells that do not exist are
 * left out here; validation reports them.
 */
import type { CellId, Notebook } from '../notebook/types';

export interface Edge {
	from: CellId;
	to: CellId;
	/** The input of `to` that the link feeds. */
	input: string;
}

export interface Topology {
	/** Cell ids in notebook order: the tie-breaker of every ordering. */
	ids: CellId[];
	/** Position of each cell in the notebook. */
	index: ReadonlyMap<CellId, number>;
	edges: Edge[];
	/** Distinct upstream cells of each cell, in the order its inputs name them. */
	parents: ReadonlyMap<CellId, CellId[]>;
	/** Distinct downstream cells of each cell, in notebook order. */
	children: ReadonlyMap<CellId, CellId[]>;
}

export function notebookEdges(notebook: Pick<Notebook, 'cells'>): Edge[] {
	const known = new Set(notebook.cells.map((cell) => cell.id));
	const edges: Edge[] = [];
	for (const cell of notebook.cells) {
		for (const [input, upstream] of Object.entries(cell.inputs)) {
			for (const from of upstream) if (known.has(from)) edges.push({ from, to: cell.id, input });
		}
	}
	return edges;
}

export function topology(notebook: Pick<Notebook, 'cells'>): Topology {
	const ids = notebook.cells.map((cell) => cell.id);
	const index = new Map(ids.map((id, position) => [id, position] as const));
	const edges = notebookEdges(notebook);
	const parents = new Map<CellId, CellId[]>(ids.map((id) => [id, []]));
	const children = new Map<CellId, CellId[]>(ids.map((id) => [id, []]));
	for (const { from, to } of edges) {
		const up = parents.get(to);
		if (up && !up.includes(from)) up.push(from);
		const down = children.get(from);
		if (down && !down.includes(to)) down.push(to);
	}
	// Edges are listed by downstream cell, which is already notebook order for children.
	return { ids, index, edges, parents, children };
}
