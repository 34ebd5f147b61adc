/**
 * The open notebook and its run, as reactive state for the workbench UI. Thin: the notebook
 * model, the scheduler and the worker pool do the work; this class wires them to the page.
 */
import { cellRegistry } from '../cells/registry';
import type { FileSource } from '../cells/types';
import type { CellValue } from '../cells/values';
import type { CellRunState } from '../dag/run-types';
import { Scheduler } from '../dag/scheduler';
import * as edit from '../notebook/edit';
import { parseNotebook, validateNotebook, type NotebookError } from '../notebook/parse';
import { serializeNotebook } from '../notebook/serialize';
import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type CellId, type Notebook } from '../notebook/types';
import { createCellWorkerPool, type WorkerPool } from '../workers/pool';

export function emptyNotebook(): Notebook {
	return { format: NOTEBOOK_FORMAT, version: NOTEBOOK_VERSION, title: 'Untitled notebook', description: '', cells: [] };
}

export class Workbench {
	notebook = $state.raw<Notebook>(emptyNotebook());
	states = $state.raw<ReadonlyMap<CellId, CellRunState>>(new Map());
	files = $state.raw<ReadonlyMap<CellId, FileSource>>(new Map());
	/** Errors of the last file that could not be opened; the open notebook is untouched. */
	openErrors = $state.raw<{ fileName: string; errors: NotebookError[] } | null>(null);
	running = $state(false);
	focusedCell = $state<CellId | null>(null);
	/** Problems of the notebook as it is now (e.g. after an edit made a link invalid). */
	problems = $derived(validateNotebook(this.notebook, cellRegistry));

	#pool: WorkerPool;
	#scheduler: Scheduler;

	constructor() {
		this.#pool = createCellWorkerPool();
		this.#scheduler = new Scheduler({
			registry: cellRegistry,
			executor: this.#pool,
			concurrency: this.#pool.size,
			files: (cell) => this.files.get(cell.id) ?? null
		});
		this.#scheduler.subscribe((states) => {
			this.states = new Map(states);
		});
	}

	get poolSize(): number {
		return this.#pool.size;
	}

	load(notebook: Notebook): void {
		this.#scheduler.cancel();
		this.notebook = notebook;
		this.openErrors = null;
		this.#scheduler.markStale(notebook);
	}

	/** Opens a notebook file's text; a bad file leaves the open notebook as it is. */
	open(text: string, fileName: string): boolean {
		const parsed = parseNotebook(text, cellRegistry);
		if (!parsed.ok) {
			this.openErrors = { fileName, errors: parsed.errors };
			return false;
		}
		this.load(parsed.notebook);
		return true;
	}

	edit(change: (notebook: Notebook) => Notebook): void {
		this.notebook = change(this.notebook);
		this.#scheduler.markStale(this.notebook);
	}

	addCell(kind: string): CellId {
		const before = new Set(this.notebook.cells.map((cell) => cell.id));
		this.edit((notebook) => edit.addCell(notebook, kind, cellRegistry, {}));
		const added = this.notebook.cells.find((cell) => !before.has(cell.id));
		if (added) this.focusedCell = added.id;
		return added?.id ?? ('' as CellId);
	}

	attachFile(cellId: CellId, file: File): void {
		const source: FileSource = {
			name: file.name,
			data: file,
			fingerprint: `${file.name}:${file.size}:${file.lastModified}`
		};
		this.files = new Map(this.files).set(cellId, source);
		this.#scheduler.markStale(this.notebook);
	}

	async runAll(): Promise<void> {
		await this.#run(() => this.#scheduler.run(this.notebook, { targets: 'all' }));
	}

	async runCell(id: CellId, options: { force?: boolean } = {}): Promise<void> {
		await this.#run(() => this.#scheduler.run(this.notebook, { targets: [id], force: options.force }));
	}

	async runWithDownstream(id: CellId): Promise<void> {
		await this.#run(() => this.#scheduler.run(this.notebook, { targets: [id], withDownstream: true }));
	}

	cancel(): void {
		this.#scheduler.cancel();
	}

	output(id: CellId): CellValue | null {
		// Read states so a component re-reads the output when the run changes.
		void this.states;
		return this.#scheduler.output(id) ?? null;
	}

	serialize(): string {
		return serializeNotebook(this.notebook);
	}

	async #run(start: () => Promise<void>): Promise<void> {
		this.running = true;
		try {
			await start();
		} finally {
			this.running = false;
		}
	}
}
