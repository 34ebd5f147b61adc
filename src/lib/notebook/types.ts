/**
 * The notebook model: what a `.descent.json` file holds once parsed.
 * A notebook carries data and parameters, never code.
 */

/** A cell's id, unique within its notebook. Branded so a title or a kind cannot be passed for it. */
export type CellId = string & { readonly __brand: 'CellId' };
export const CellId = (value: string): CellId => value as CellId;

export const NOTEBOOK_FORMAT = 'descent-notebook';
export const NOTEBOOK_VERSION = 1;

/** How often a failed cell is tried again, and how long to wait between tries. */
export interface CellRetry {
	count: number;
	delayMs: number;
}

export interface NotebookCell {
	id: CellId;
	/** A key of the cell registry (`src/lib/cells/registry.ts`). */
	kind: string;
	title: string;
	/** Validated against the kind's fields; unknown keys are refused. */
	params: Record<string, unknown>;
	/** Input name (declared by the kind) → the upstream cells whose outputs feed it, in order. */
	inputs: Record<string, CellId[]>;
	retry: CellRetry;
	/** Switched off: the cell does not run and is 'skipped', as are the cells that need it. */
	skip?: boolean;
}

/**
 * A data file a dataset cell reads (the CSV, TSV, Parquet or Arrow file attached to it), named by
 * the SHA-256 of its bytes so that whoever opens the notebook is asked for exactly that file.
 * When the user chose to embed it, the file itself travels too, byte for byte: as `text` when it
 * is UTF-8 text, else (Latin-1 text, Parquet, Arrow, any binary) as `base64` of its bytes; never
 * both. Optional in version 1 files.
 */
export interface NotebookData {
	cell: CellId;
	fileName: string;
	/** Size of the file in bytes (of its UTF-8 text, for a text). */
	bytes: number;
	/** SHA-256 of the file's bytes (of its UTF-8 text, for a text), lower-case hex. */
	sha256: string;
	text?: string;
	base64?: string;
}

export interface Notebook {
	format: typeof NOTEBOOK_FORMAT;
	version: typeof NOTEBOOK_VERSION;
	title: string;
	description: string;
	cells: NotebookCell[];
	data?: NotebookData[];
}
