/**
 * The data section of a notebook file: the CSV files its dataset cells read, each named by the
 * SHA-256 of its UTF-8 text and, when the user chose, embedded. Opening the file elsewhere then
 * reproduces the run without other files, or asks for exactly the file that was used.
 */
import type { FileSource } from '../cells/types';
import { sha256Text } from './sha256';
import type { CellId, Notebook, NotebookData } from './types';

export interface DataProblem {
	keys: (string | number)[];
	message: string;
	cells: string[];
}

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/** What the schema cannot see: the cell exists and reads files, once; embedded text matches its hash. */
export function dataProblems(notebook: Notebook): DataProblem[] {
	const problems: DataProblem[] = [];
	const seen = new Set<string>();
	(notebook.data ?? []).forEach((data, index) => {
		const cell = notebook.cells.find((candidate) => candidate.id === data.cell);
		if (!cell) {
			problems.push({ keys: ['data', index, 'cell'], message: `data file '${data.fileName}' is for cell '${data.cell}', but no cell has that id`, cells: [] });
			return;
		}
		if (cell.kind !== 'dataset') problems.push({ keys: ['data', index, 'cell'], message: `data file '${data.fileName}' is for cell '${data.cell}', a ${cell.kind} cell: only dataset cells read files`, cells: [data.cell] });
		if (seen.has(data.cell)) problems.push({ keys: ['data', index, 'cell'], message: `cell '${data.cell}' has two data files`, cells: [data.cell] });
		seen.add(data.cell);
		if (data.text === undefined) return;
		const mismatch = embeddedMismatch(data);
		if (mismatch) problems.push({ keys: ['data', index, 'text'], message: mismatch, cells: [data.cell] });
	});
	return problems;
}

/** Why a text is not the file a data entry names, or null when it is. */
export function fileMismatch(data: Pick<NotebookData, 'fileName' | 'sha256'>, text: string): string | null {
	const hash = sha256Text(text);
	if (hash === data.sha256) return null;
	return `this is not the file the notebook was saved with: '${data.fileName}' had SHA-256 ${data.sha256.slice(0, 12)}…, this file has ${hash.slice(0, 12)}…`;
}

function embeddedMismatch(data: NotebookData): string | null {
	const text = data.text ?? '';
	if (sha256Text(text) !== data.sha256) return `embedded file '${data.fileName}' does not match its SHA-256: it was changed after the notebook was saved`;
	if (utf8Length(text) !== data.bytes) return `embedded file '${data.fileName}' has ${utf8Length(text)} bytes, the file says ${data.bytes}`;
	return null;
}

async function textOf(source: FileSource): Promise<string> {
	return typeof source.data === 'string' ? source.data : source.data.text();
}

/**
 * Files up to this size (5 MB, decimal like `formatBytes`) are embedded in a saved notebook
 * unless the user unticks them: a shared notebook then runs elsewhere as it is, where one that
 * only names its CSV by hash stops at "reads a file the notebook does not embed". Larger files
 * stay out by default, since they would bloat the notebook file and its history.
 */
export const EMBED_BY_DEFAULT_MAX_BYTES = 5_000_000;

/**
 * Whether a file of `bytes` just attached to dataset cell `cellId` starts ticked "embed". A
 * notebook that names that cell's file by hash without embedding it was saved by someone who
 * chose not to embed it: that choice holds. Otherwise small files embed, large ones do not.
 */
export function embedsByDefault(notebook: Notebook, cellId: CellId, bytes: number): boolean {
	const named = notebook.data?.find((data) => data.cell === cellId);
	if (named && named.text === undefined) return false;
	return bytes <= EMBED_BY_DEFAULT_MAX_BYTES;
}

/** The data section for the files attached to the notebook's dataset cells; `embed` chooses which travel inside. */
export async function describeFiles(notebook: Notebook, files: ReadonlyMap<CellId, FileSource>, embed: ReadonlySet<CellId>): Promise<NotebookData[]> {
	const data: NotebookData[] = [];
	for (const cell of notebook.cells) {
		const source = files.get(cell.id);
		if (cell.kind !== 'dataset' || !source) continue;
		const text = await textOf(source);
		const entry: NotebookData = { cell: cell.id, fileName: source.name, bytes: utf8Length(text), sha256: sha256Text(text) };
		data.push(embed.has(cell.id) ? { ...entry, text } : entry);
	}
	return data;
}

/** The embedded files as the sources the scheduler binds to their cells. */
export function embeddedSources(notebook: Notebook): Map<CellId, FileSource> {
	const sources = new Map<CellId, FileSource>();
	for (const data of notebook.data ?? []) {
		if (data.text !== undefined) sources.set(data.cell, { name: data.fileName, data: data.text, fingerprint: `sha256:${data.sha256}` });
	}
	return sources;
}

/**
 * A size for people, in SI units as the browser's downloads and file managers show them: 812 B,
 * 14.2 kB, 3.1 MB, 10.7 GB. The one byte formatter of the app (components/format.ts re-exports
 * it): a log that said "(0.0 MB)" for a 5 kB file came from a second one.
 */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes)) return '—';
	if (bytes < 1000) return `${Math.round(bytes)} B`;
	if (bytes < 999_950) return `${(bytes / 1000).toFixed(1)} kB`;
	if (bytes < 999_950_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
	return `${(bytes / 1_000_000_000).toFixed(1)} GB`;
}
