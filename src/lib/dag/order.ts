/**
 * Kahn's topological order. Among the cells that are ready at the same time, the one earlier
 * in the notebook comes first, so the order is deterministic and otherwise keeps the notebook's.
 */
import type { CellId } from '../notebook/types';
import type { Topology } from './topology';

export interface TopologicalOrder {
	/** Upstream before downstream. */
	order: CellId[];
	/** Cells on a cycle or downstream of one, in notebook order: they cannot be ordered. */
	unordered: CellId[];
}

export function topologicalOrder(graph: Topology): TopologicalOrder {
	// Count each cell's unresolved parents.
	const waiting = new Map(graph.ids.map((id) => [id, graph.parents.get(id)?.length ?? 0]));
	const position = (id: CellId) => graph.index.get(id) ?? 0;
	// Start with the cells that have none, in notebook order.
	const ready = graph.ids.filter((id) => waiting.get(id) === 0);
	const order: CellId[] = [];
	while (ready.length > 0) {
		// Take the earliest ready cell in notebook order.
		let best = 0;
		for (let i = 1; i < ready.length; i++) if (position(ready[i]!) < position(ready[best]!)) best = i;
		const [id] = ready.splice(best, 1) as [CellId];
		order.push(id);
		// Resolve it for its children; those left with no parent to wait for become ready.
		for (const child of graph.children.get(id) ?? []) {
			const left = (waiting.get(child) ?? 0) - 1;
			waiting.set(child, left);
			if (left === 0) ready.push(child);
		}
	}
	const placed = new Set(order);
	return { order, unordered: graph.ids.filter((id) => !placed.has(id)) };
}
