/**
 * The first text column a table will have, known before any run: followed up a cell's `data`
 * links to the dataset cell they start from, read off that cell's params and its file's header
 * (`cells/dataset/header.ts`), as `csv-rows.ts` orders a table's columns (the feature columns as
 * listed, else the header's order without the label). Undefined where it is not known that way: no
 * header yet, a built-in source, or a vectorize cell on the way (it replaces a text column).
 */
import type { DatasetHeader } from '../cells/dataset/header-types';
import type { CellId, Notebook } from '../notebook/types';

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map((item) => String(item).trim()) : []);

export function firstTextColumnBeforeRun(notebook: Notebook, from: CellId | undefined, headerOf: (cellId: CellId) => DatasetHeader | null | undefined): string | undefined {
	const seen = new Set<CellId>();
	for (let id = from; id !== undefined && !seen.has(id); id = notebook.cells.find((cell) => cell.id === id)?.inputs.data?.[0]) {
		seen.add(id);
		const cell = notebook.cells.find((item) => item.id === id);
		if (!cell || cell.kind === 'vectorize') return undefined;
		if (cell.kind !== 'dataset') continue;
		const header = headerOf(cell.id);
		if (!header || cell.params.source !== 'csv') return undefined;
		const label = cell.params.labelled === false ? undefined : String(cell.params.labelColumn ?? '').trim() || header.columns.at(-1);
		const features = list(cell.params.featureColumns);
		const texts = list(cell.params.textColumns);
		return (features.length > 0 ? features : header.columns.filter((name) => name !== label)).find((name) => texts.includes(name));
	}
	return undefined;
}
