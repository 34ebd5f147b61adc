/**
 * Cycles as values: the cells of the cycle in link order (each feeds the next, the last feeds
 * the first), or null. Depth-first in notebook order, so the same notebook names the same cycle.
 */
import type { CellId } from '../notebook/types';
import type { Topology } from './topology';

/** A cycle in the graph, or one through `through` when given; null if there is none. */
export function findCycle(graph: Topology, through?: CellId): CellId[] | null {
	const starts = through === undefined ? graph.ids : [through];
	const done = new Set<CellId>();
	for (const start of starts) {
		const cycle = search(graph, start, done, through);
		if (cycle) return rotateToEarliest(graph, cycle);
	}
	return null;
}

function search(graph: Topology, start: CellId, done: Set<CellId>, through: CellId | undefined): CellId[] | null {
	// Iterative DFS keeping the current path; a child already on the path closes a cycle.
	const path: CellId[] = [];
	const onPath = new Set<CellId>();
	const stack: { id: CellId; next: number }[] = [];
	const enter = (id: CellId) => {
		path.push(id);
		onPath.add(id);
		stack.push({ id, next: 0 });
	};
	if (done.has(start)) return null;
	enter(start);
	while (stack.length > 0) {
		const top = stack[stack.length - 1]!;
		const child = graph.children.get(top.id)?.[top.next++];
		if (child === undefined) {
			stack.pop();
			path.pop();
			onPath.delete(top.id);
			done.add(top.id);
		} else if (onPath.has(child)) {
			if (through === undefined || child === through) return path.slice(path.indexOf(child));
		} else if (!done.has(child)) {
			enter(child);
		}
	}
	return null;
}

function rotateToEarliest(graph: Topology, cycle: CellId[]): CellId[] {
	let first = 0;
	const position = (id: CellId) => graph.index.get(id) ?? 0;
	for (let i = 1; i < cycle.length; i++) if (position(cycle[i]!) < position(cycle[first]!)) first = i;
	return [...cycle.slice(first), ...cycle.slice(0, first)];
}

/** "cycle: a → b → c → a" */
export function formatCycle(cycle: readonly string[]): string {
	return `cycle: ${[...cycle, cycle[0]].join(' → ')}`;
}
