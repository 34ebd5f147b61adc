/** A notebook cell for the orchestrate tests: id, kind, params and inputs by id; title the id in capitals. */
import { CellId, type NotebookCell } from '../../../src/lib/notebook/types';

export const cell = (id: string, kind: string, params: Record<string, unknown>, inputs: Record<string, string[]> = {}): NotebookCell => ({
	id: CellId(id),
	kind,
	title: id.toUpperCase(),
	params,
	inputs: Object.fromEntries(Object.entries(inputs).map(([name, ids]) => [name, ids.map(CellId)])),
	retry: { count: 0, delayMs: 0 }
});
