/**
 * A new cell's inputs, linked as a user building a pipeline top to bottom expects: each input to
 * the nearest cell above it whose output the input accepts (a split below a dataset reads the
 * dataset; an evaluate below "select best" reads its model and the nearest splits). An input
 * taking several cells (select's models) gets every such cell above that nothing reads yet, or
 * the nearest one. An optional input is linked only to the nearest fitting cell nothing reads
 * yet (a register cell below an evaluate cell reads its evaluation). Inputs with nothing fitting
 * above stay unlinked, as before.
 */
import type { CellRegistry } from '../cells/params';
import { cellsInDisplayOrder, linkInput } from './edit';
import { linkFits } from './link-fit';
import { outputKinds } from './output-kinds';
import type { CellId, Notebook } from './types';

export function linkToCellsAbove(notebook: Notebook, id: CellId, registry: CellRegistry): Notebook {
	const cell = notebook.cells.find((item) => item.id === id);
	const definition = cell ? registry[cell.kind] : undefined;
	if (!cell || !definition) return notebook;
	const shown = cellsInDisplayOrder(notebook);
	const above = shown.slice(0, shown.findIndex((item) => item.id === id)).reverse();
	const kinds = outputKinds(notebook, registry);
	const read = new Set(notebook.cells.flatMap((item) => Object.values(item.inputs).flat()));
	let linked = notebook;
	for (const spec of definition.inputs) {
		if ((cell.inputs[spec.name] ?? []).length > 0) continue;
		const fitting = above.filter((item) => linkFits(spec, item, kinds.get(item.id), registry));
		if (fitting.length === 0) continue;
		const unread = fitting.filter((item) => !read.has(item.id));
		// An optional input (register's evaluation, predict's expectations) takes the nearest fitting cell only when nothing reads it yet: an evaluate cell right above a register cell is meant for it.
		if (!spec.required) {
			if (unread.length > 0) linked = linkInput(linked, id, spec.name, unread[0]!.id, registry);
			continue;
		}
		const chosen = spec.multiple && unread.length > 0 ? [...unread].reverse() : [fitting[0]!];
		for (const upstream of chosen) linked = linkInput(linked, id, spec.name, upstream.id, registry);
	}
	return linked;
}
