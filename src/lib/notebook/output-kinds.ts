/**
 * The kind of value each cell outputs. Usually the kind's declared output; a kind whose output
 * follows an input (vectorize: table in, table out; splits in, splits out) takes the kind of
 * the cell linked there, so kinds are resolved upstream first.
 */
import type { CellRegistry } from '../cells/params';
import type { ValueKind } from '../cells/values';
import { topologicalOrder } from '../dag/order';
import { topology } from '../dag/topology';
import type { CellId, Notebook, NotebookCell } from './types';

export function outputKinds(notebook: Notebook, registry: CellRegistry): Map<CellId, ValueKind> {
	const kinds = new Map<CellId, ValueKind>();
	const byId = new Map(notebook.cells.map((cell) => [cell.id, cell]));
	const { order, unordered } = topologicalOrder(topology(notebook));
	for (const id of [...order, ...unordered]) {
		const cell = byId.get(id);
		const definition = cell ? registry[cell.kind] : undefined;
		if (!cell || !definition) continue;
		const follows = definition.outputFollowsInput;
		const upstream = follows ? cell.inputs[follows]?.[0] : undefined;
		kinds.set(id, (upstream && kinds.get(upstream)) || definition.output);
	}
	return kinds;
}

/** The kind linked to each of `cell`'s inputs (its first link), from `outputKinds`. */
export function inputKindsOf(cell: NotebookCell, kinds: ReadonlyMap<CellId, ValueKind>): Record<string, ValueKind | undefined> {
	return Object.fromEntries(Object.entries(cell.inputs).map(([name, ids]) => [name, ids[0] === undefined ? undefined : kinds.get(ids[0])]));
}
