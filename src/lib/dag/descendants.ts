/** Reachability: every cell downstream (or upstream) of a cell, through any number of links. */
import type { CellId } from '../notebook/types';
import type { Topology } from './topology';

function reachable(links: ReadonlyMap<CellId, CellId[]>, from: Iterable<CellId>): Set<CellId> {
	const seen = new Set<CellId>();
	const stack = [...from].flatMap((id) => links.get(id) ?? []);
	while (stack.length > 0) {
		const id = stack.pop()!;
		if (seen.has(id)) continue;
		seen.add(id);
		stack.push(...(links.get(id) ?? []));
	}
	return seen;
}

/** Cells downstream of `id`; `id` itself only if it lies on a cycle. */
export function descendantsOf(graph: Topology, id: CellId): Set<CellId> {
	return reachable(graph.children, [id]);
}

/** The cells and everything downstream of them. */
export function withDescendants(graph: Topology, ids: Iterable<CellId>): Set<CellId> {
	const start = [...ids];
	return new Set([...start, ...reachable(graph.children, start)]);
}

/** Cells upstream of `id`; `id` itself only if it lies on a cycle. */
export function ancestorsOf(graph: Topology, id: CellId): Set<CellId> {
	return reachable(graph.parents, [id]);
}

/** The cells and everything upstream of them. */
export function withAncestors(graph: Topology, ids: Iterable<CellId>): Set<CellId> {
	const start = [...ids];
	return new Set([...start, ...reachable(graph.parents, start)]);
}
