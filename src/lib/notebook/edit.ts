/**
 * Edits of a notebook: pure functions from a notebook to a new one; the old one is never
 * changed, so the UI can keep it for undo and compare by identity. An id that names no cell is
 * a programming error and throws; what makes the notebook invalid (a bad param, a cycle) is
 * allowed and reported by `validateNotebook`.
 */
import { defaultParams, type CellRegistry } from '../cells/params';
import { topologicalOrder } from '../dag/order';
import { topology } from '../dag/topology';
import { CellId, type CellRetry, type Notebook, type NotebookCell } from './types';

function updateCell(notebook: Notebook, id: CellId, change: (cell: NotebookCell) => NotebookCell): Notebook {
	if (!notebook.cells.some((cell) => cell.id === id)) throw new Error(`no cell '${id}'`);
	return { ...notebook, cells: notebook.cells.map((cell) => (cell.id === id ? change(cell) : cell)) };
}

/** `train-3`: the kind and the smallest number not yet taken. */
export function freshCellId(notebook: Notebook, kind: string): CellId {
	const taken = new Set<string>(notebook.cells.map((cell) => cell.id));
	let number = 1;
	while (taken.has(`${kind}-${number}`)) number++;
	return CellId(`${kind}-${number}`);
}

function freshTitle(notebook: Notebook, label: string): string {
	const taken = new Set(notebook.cells.map((cell) => cell.title));
	if (!taken.has(label)) return label;
	let number = 2;
	while (taken.has(`${label} ${number}`)) number++;
	return `${label} ${number}`;
}

/** Adds a cell of `kind` with default params, after `after` (or at the end). */
export function addCell(
	notebook: Notebook,
	kind: string,
	registry: CellRegistry,
	options: { after?: CellId; title?: string; id?: CellId } = {}
): Notebook {
	const definition = registry[kind];
	if (!definition) throw new Error(`unknown cell kind '${kind}'`);
	const cell: NotebookCell = {
		id: options.id ?? freshCellId(notebook, kind),
		kind,
		title: options.title ?? freshTitle(notebook, definition.label),
		params: defaultParams(definition),
		inputs: {},
		retry: { count: 0, delayMs: 0 }
	};
	if (notebook.cells.some((other) => other.id === cell.id)) throw new Error(`duplicate cell id '${cell.id}'`);
	const afterIndex = options.after === undefined ? -1 : notebook.cells.findIndex((other) => other.id === options.after);
	const at = afterIndex === -1 ? notebook.cells.length : afterIndex + 1;
	return { ...notebook, cells: [...notebook.cells.slice(0, at), cell, ...notebook.cells.slice(at)] };
}

function withoutLinksTo(inputs: Record<string, CellId[]>, id: CellId): Record<string, CellId[]> {
	const entries = Object.entries(inputs).map(([name, ids]) => [name, ids.filter((other) => other !== id)] as const);
	return Object.fromEntries(entries.filter(([, ids]) => ids.length > 0));
}

/** Removes the cell and every link to it. */
export function removeCell(notebook: Notebook, id: CellId): Notebook {
	if (!notebook.cells.some((cell) => cell.id === id)) throw new Error(`no cell '${id}'`);
	const cells = notebook.cells
		.filter((cell) => cell.id !== id)
		.map((cell) =>
			Object.values(cell.inputs).some((ids) => ids.includes(id)) ? { ...cell, inputs: withoutLinksTo(cell.inputs, id) } : cell
		);
	return { ...notebook, cells };
}

/** Moves the cell to `toIndex` (clamped to the list) in the notebook's own order. */
export function moveCell(notebook: Notebook, id: CellId, toIndex: number): Notebook {
	const from = notebook.cells.findIndex((cell) => cell.id === id);
	if (from === -1) throw new Error(`no cell '${id}'`);
	const cells = [...notebook.cells];
	const [cell] = cells.splice(from, 1) as [NotebookCell];
	cells.splice(Math.max(0, Math.min(cells.length, Math.trunc(toIndex))), 0, cell);
	return { ...notebook, cells };
}

/**
 * The cell one place up (-1) or down (+1) on screen, or null when it cannot go there: at an
 * end, or next to a cell it is linked with (upstream stays above downstream on screen). Two
 * neighbours in a topological order that are not linked directly can swap and the order stays
 * topological: any longer path between them would pass through a cell between them.
 */
export function displayNeighbour(notebook: Notebook, id: CellId, direction: -1 | 1): NotebookCell | null {
	const shown = cellsInDisplayOrder(notebook);
	const at = shown.findIndex((cell) => cell.id === id);
	const cell = shown[at];
	const other = shown[at + direction];
	if (!cell || !other) return null;
	const linked = (a: NotebookCell, b: NotebookCell) => Object.values(a.inputs).some((ids) => ids.includes(b.id));
	return linked(cell, other) || linked(other, cell) ? null : other;
}

/**
 * Moves the cell one place up or down on screen; the saved order becomes the screen's order, so
 * the file reads as the page does. A move `displayNeighbour` refuses changes nothing.
 */
export function moveCellOnScreen(notebook: Notebook, id: CellId, direction: -1 | 1): Notebook {
	const other = displayNeighbour(notebook, id, direction);
	if (!other) return notebook;
	const shown = cellsInDisplayOrder(notebook);
	const at = shown.findIndex((cell) => cell.id === id);
	const cells = [...shown];
	[cells[at], cells[at + direction]] = [cells[at + direction]!, cells[at]!];
	return { ...notebook, cells };
}

export function retitleCell(notebook: Notebook, id: CellId, title: string): Notebook {
	return updateCell(notebook, id, (cell) => ({ ...cell, title }));
}

export function setParam(notebook: Notebook, id: CellId, key: string, value: unknown): Notebook {
	return updateCell(notebook, id, (cell) => ({ ...cell, params: { ...cell.params, [key]: value } }));
}

/** Sets several params at once; params not named keep their values. */
export function setParams(notebook: Notebook, id: CellId, params: Record<string, unknown>): Notebook {
	return updateCell(notebook, id, (cell) => ({ ...cell, params: { ...cell.params, ...params } }));
}

/**
 * Links `upstreamId`'s output to the input: a single input is replaced, a multiple one gets it
 * appended (once). Whether an input is multiple is the kind's to say, hence the registry;
 * without it the link is appended (no link is ever lost silently; validation then reports a
 * single input given two cells).
 */
export function linkInput(
	notebook: Notebook,
	cellId: CellId,
	inputName: string,
	upstreamId: CellId,
	registry?: CellRegistry
): Notebook {
	return updateCell(notebook, cellId, (cell) => {
		const spec = registry?.[cell.kind]?.inputs.find((input) => input.name === inputName);
		const multiple = spec ? spec.multiple : true;
		const current = cell.inputs[inputName] ?? [];
		if (current.includes(upstreamId) && multiple) return cell;
		const linked = multiple ? [...current, upstreamId] : [upstreamId];
		return { ...cell, inputs: { ...cell.inputs, [inputName]: linked } };
	});
}

/** Removes one link of the input, or all of them when `upstreamId` is left out. */
export function unlinkInput(notebook: Notebook, cellId: CellId, inputName: string, upstreamId?: CellId): Notebook {
	return updateCell(notebook, cellId, (cell) => {
		const left = upstreamId === undefined ? [] : (cell.inputs[inputName] ?? []).filter((id) => id !== upstreamId);
		const { [inputName]: _removed, ...others } = cell.inputs;
		return { ...cell, inputs: left.length > 0 ? { ...others, [inputName]: left } : others };
	});
}

/** Switches a cell off (it and what needs it are skipped when run) or on again. */
export function setSkip(notebook: Notebook, id: CellId, skip: boolean): Notebook {
	return updateCell(notebook, id, (cell) => {
		const { skip: _, ...rest } = cell;
		return skip ? { ...rest, skip: true } : rest;
	});
}

export function setRetry(notebook: Notebook, id: CellId, retry: Partial<CellRetry>): Notebook {
	return updateCell(notebook, id, (cell) => ({ ...cell, retry: { ...cell.retry, ...retry } }));
}

/**
 * Upstream before downstream, otherwise the notebook's own order (a stable topological order).
 * Cells on a cycle cannot be ordered; they follow, in notebook order.
 */
export function cellsInDisplayOrder(notebook: Notebook): NotebookCell[] {
	const cells = new Map(notebook.cells.map((cell) => [cell.id, cell]));
	const { order, unordered } = topologicalOrder(topology(notebook));
	return [...order, ...unordered].map((id) => cells.get(id)!);
}
