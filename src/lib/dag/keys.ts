/**
 * Output keys: what a cell's output depends on, hashed. key(cell) covers its kind, resolved
 * params, bound file and the keys of its inputs, so a change anywhere upstream changes the key
 * of every cell below it. The cache is indexed by it, and "stale" compares it.
 */
import type { FileSource } from '../cells/types';
import { paramsInUse, resolveParams, type CellRegistry, type InputKinds } from '../cells/params';
import { inputKindsOf, outputKinds } from '../notebook/output-kinds';
import { hashValue } from '../ml/hash';
import type { CellId, Notebook, NotebookCell } from '../notebook/types';
import { topologicalOrder } from './order';
import { topology } from './topology';

export type FilesOf = (cell: NotebookCell) => FileSource | null;

/** The key of one cell, given the keys of its upstream cells. */
export function cellKey(
	cell: NotebookCell,
	registry: CellRegistry,
	file: FileSource | null,
	upstreamKeys: ReadonlyMap<CellId, string>,
	inputKinds: InputKinds = {}
): string {
	const definition = registry[cell.kind];
	const resolved = definition ? resolveParams(definition, cell.params) : null;
	// Invalid params still get a key (of the raw params): the cell then fails when it runs.
	// A param its inputs make unused (predict's split part on a plain table) is left out.
	const params = resolved?.ok ? paramsInUse(definition!, resolved.params, inputKinds) : { raw: cell.params };
	const inputs = Object.fromEntries(
		Object.entries(cell.inputs).map(([name, ids]) => [name, ids.map((id) => upstreamKeys.get(id) ?? null)])
	);
	return hashValue({ kind: cell.kind, params, file: file?.fingerprint ?? null, inputs });
}

/** Keys of every cell that can be ordered (cells on or below a cycle have none). */
export function outputKeys(notebook: Notebook, registry: CellRegistry, files: FilesOf = () => null): Map<CellId, string> {
	const cells = new Map(notebook.cells.map((cell) => [cell.id, cell]));
	const keys = new Map<CellId, string>();
	const kinds = outputKinds(notebook, registry);
	for (const id of topologicalOrder(topology(notebook)).order) {
		const cell = cells.get(id)!;
		keys.set(id, cellKey(cell, registry, files(cell), keys, inputKindsOf(cell, kinds)));
	}
	return keys;
}
