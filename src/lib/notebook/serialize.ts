/**
 * Writing a notebook file: pretty JSON with a fixed key order (so saving twice gives the same
 * bytes and diffs stay small) that `parseNotebook` reads back to an equal notebook.
 */
import type { Notebook, NotebookCell, NotebookData } from './types';

/** JSON has no NaN or Infinity; params spell them as the strings the params schema accepts. */
function encodeValue(value: unknown): unknown {
	if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
	if (Array.isArray(value)) return value.map(encodeValue);
	if (typeof value === 'object' && value !== null) return sortedObject(value as Record<string, unknown>, encodeValue);
	return value;
}

function sortedObject<T>(record: Record<string, T>, map: (value: T) => unknown): Record<string, unknown> {
	const keys = Object.keys(record).sort();
	return Object.fromEntries(keys.map((key) => [key, map(record[key] as T)]));
}

function encodeCell(cell: NotebookCell): Record<string, unknown> {
	return {
		id: cell.id,
		kind: cell.kind,
		title: cell.title,
		params: sortedObject(cell.params, encodeValue),
		inputs: sortedObject(cell.inputs, (ids) => [...ids]),
		...(cell.retry.count > 0 || cell.retry.delayMs > 0
			? { retry: { count: cell.retry.count, delayMs: cell.retry.delayMs } }
			: {}),
		...(cell.skip ? { skip: true } : {})
	};
}

function encodeData(data: NotebookData): Record<string, unknown> {
	const { cell, fileName, bytes, sha256, text, base64 } = data;
	return { cell, fileName, bytes, sha256, ...(text === undefined ? {} : { text }), ...(base64 === undefined ? {} : { base64 }) };
}

export function serializeNotebook(notebook: Notebook): string {
	const file = {
		format: notebook.format,
		version: notebook.version,
		title: notebook.title,
		description: notebook.description,
		cells: notebook.cells.map(encodeCell),
		...(notebook.data && notebook.data.length > 0 ? { data: notebook.data.map(encodeData) } : {})
	};
	return `${JSON.stringify(file, null, 2)}\n`;
}
