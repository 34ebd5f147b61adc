/**
 * The data section of a notebook file: the files its dataset cells read (CSV, TSV, Parquet,
 * Arrow), each named by the SHA-256 of its bytes and, when the user chose, embedded: as `text`
 * when the file is UTF-8 text, else as `base64` of its bytes, so that either way the file comes
 * back byte for byte. Opening the file elsewhere then reproduces the run without other files, or
 * asks for exactly the file that was used.
 */
import type { FileSource } from '../cells/types';
import { fromBase64, toBase64 } from './base64';
import { sha256Bytes, sha256Text } from './sha256';
import type { CellId, Notebook, NotebookData } from './types';

export interface DataProblem {
	keys: (string | number)[];
	message: string;
	cells: string[];
}

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/** Whether a data entry carries its file (as text or as base64), not only its name and hash. */
export function isEmbedded(data: Pick<NotebookData, 'text' | 'base64'>): boolean {
	return data.text !== undefined || data.base64 !== undefined;
}

/** What the schema cannot see: the cell exists and reads files, once; an embedded file is one of text or base64 and matches its hash and size. */
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
		if (data.text !== undefined && data.base64 !== undefined) {
			problems.push({ keys: ['data', index, 'base64'], message: `data file '${data.fileName}' has both text and base64: an embedded file is one or the other`, cells: [data.cell] });
			return;
		}
		if (!isEmbedded(data)) return;
		const mismatch = embeddedMismatch(data);
		if (mismatch) problems.push({ keys: ['data', index, data.text === undefined ? 'base64' : 'text'], message: mismatch, cells: [data.cell] });
	});
	return problems;
}

/**
 * Why a file's bytes are not the file a data entry names, or null when they are. The hash is of
 * the bytes; notebooks saved before files were hashed as bytes hashed the file's text as the
 * browser decodes it (Blob.text(): UTF-8, a byte-order mark dropped, other bytes replaced), which
 * is the same hash for UTF-8 files and is still accepted for the others.
 */
export function fileMismatch(data: Pick<NotebookData, 'fileName' | 'sha256'>, bytes: Uint8Array): string | null {
	const hash = sha256Bytes(bytes);
	if (hash === data.sha256 || sha256Text(new TextDecoder().decode(bytes)) === data.sha256) return null;
	return `this is not the file the notebook was saved with: '${data.fileName}' had SHA-256 ${data.sha256.slice(0, 12)}…, this file has ${hash.slice(0, 12)}…`;
}

function embeddedMismatch(data: NotebookData): string | null {
	let bytes: Uint8Array;
	if (data.text !== undefined) bytes = new TextEncoder().encode(data.text);
	else {
		try {
			bytes = fromBase64(data.base64 ?? '');
		} catch {
			return `embedded file '${data.fileName}' is not base64: its bytes cannot be read`;
		}
	}
	if (sha256Bytes(bytes) !== data.sha256) return `embedded file '${data.fileName}' does not match its SHA-256: it was changed after the notebook was saved`;
	if (bytes.length !== data.bytes) return `embedded file '${data.fileName}' has ${bytes.length} bytes, the file says ${data.bytes}`;
	return null;
}

/**
 * The file's text when it is text that a notebook can carry as it is: UTF-8 without a byte-order
 * mark (which a decoded text would lose) and without control characters other than tab and line
 * ends (a file with NUL bytes is binary however its bytes decode). Null for any other file:
 * Latin-1 or Windows-1252 text, UTF-16, Parquet, Arrow.
 */
export function utf8TextOf(bytes: Uint8Array): string | null {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return null;
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return null;
	}
	// eslint-disable-next-line no-control-regex
	return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? null : text;
}

/** The file as a data entry embeds it: its text when it is UTF-8 text, else its bytes as base64. */
export function embeddedContent(bytes: Uint8Array): { text: string } | { base64: string } {
	const text = utf8TextOf(bytes);
	return text === null ? { base64: toBase64(bytes) } : { text };
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
	if (named && !isEmbedded(named)) return false;
	return bytes <= EMBED_BY_DEFAULT_MAX_BYTES;
}

/** The data section for the files attached to the notebook's dataset cells; `embed` chooses which travel inside. */
export async function describeFiles(notebook: Notebook, files: ReadonlyMap<CellId, FileSource>, embed: ReadonlySet<CellId>): Promise<NotebookData[]> {
	const data: NotebookData[] = [];
	for (const cell of notebook.cells) {
		const source = files.get(cell.id);
		if (cell.kind !== 'dataset' || !source) continue;
		if (typeof source.data === 'string') {
			// A file embedded as text and not replaced since.
			const text = source.data;
			const entry: NotebookData = { cell: cell.id, fileName: source.name, bytes: utf8Length(text), sha256: sha256Text(text) };
			data.push(embed.has(cell.id) ? { ...entry, text } : entry);
			continue;
		}
		const bytes = new Uint8Array(await source.data.arrayBuffer());
		const entry: NotebookData = { cell: cell.id, fileName: source.name, bytes: bytes.length, sha256: sha256Bytes(bytes) };
		data.push(embed.has(cell.id) ? { ...entry, ...embeddedContent(bytes) } : entry);
	}
	return data;
}

/**
 * The embedded files as the sources the scheduler binds to their cells: a text as a text, bytes
 * as a Blob of them, which a dataset cell reads as it reads the file itself (its format, its
 * encoding).
 */
export function embeddedSources(notebook: Notebook): Map<CellId, FileSource> {
	const sources = new Map<CellId, FileSource>();
	for (const data of notebook.data ?? []) {
		const fingerprint = `sha256:${data.sha256}`;
		if (data.text !== undefined) sources.set(data.cell, { name: data.fileName, data: data.text, fingerprint });
		else if (data.base64 !== undefined) sources.set(data.cell, { name: data.fileName, data: new Blob([fromBase64(data.base64)]), fingerprint });
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
