/**
 * Which cells a run executes, and in what order: the targets (with everything downstream if
 * asked), plus each upstream cell that has no current output, taken upstream first. Cells on
 * a cycle have no place in the order; they come back as `unordered`.
 */
import type { CellId } from '../notebook/types';
import { withDescendants } from './descendants';
import { topologicalOrder } from './order';
import type { Topology } from './topology';

export interface RunPlan {
	planned: Set<CellId>;
	/** Planned cells in topological order (ties by notebook order). */
	order: CellId[];
	/** Planned or not, the cells Kahn's algorithm could not order (on or below a cycle). */
	unordered: CellId[];
}

export function planRun(graph: Topology, targets: readonly CellId[], withDownstream: boolean, isCurrent: (id: CellId) => boolean): RunPlan {
	const planned = withDownstream ? withDescendants(graph, targets) : new Set(targets);
	const stack = [...planned].flatMap((id) => graph.parents.get(id) ?? []);
	while (stack.length > 0) {
		const id = stack.pop()!;
		if (planned.has(id) || isCurrent(id)) continue;
		planned.add(id);
		stack.push(...(graph.parents.get(id) ?? []));
	}
	const { order: sorted, unordered } = topologicalOrder(graph);
	return { planned, order: [...sorted, ...unordered].filter((id) => planned.has(id)), unordered };
}
