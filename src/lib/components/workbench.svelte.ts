/**
 * The open notebook and its run, as reactive state for the workbench UI. Thin: the notebook
 * model, the scheduler and the worker pool do the work; this class wires them to the page.
 */
import { formatTime } from './format';
import { cellRegistry } from '../cells/registry';
import { datasetNameFromFile } from '../cells/dataset/file-name';
import type { DatasetHeader } from '../cells/dataset/header-types';
import { fileSource, type FileSource } from '../cells/types';
import type { CellValue } from '../cells/values';
import type { CellRunState } from '../dag/run-types';
import { coalesce, type Coalesced, type FrameScheduler } from '../dag/coalesce';
import { Scheduler, type RunOptions } from '../dag/scheduler';
import * as edit from '../notebook/edit';
import { linkToCellsAbove } from '../notebook/auto-link';
import { EditHistory } from '../notebook/history';
import { parseNotebook, validateNotebook, type NotebookError } from '../notebook/parse';
import { describeFiles, embeddedSources, embedsByDefault, fileMismatch } from '../notebook/data';
import { serializeNotebook } from '../notebook/serialize';
import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type CellId, type Notebook, type NotebookData } from '../notebook/types';
import type { RunGridRun } from '../viz/run-grid';
import { createCellWorkerPool, type WorkerPool } from '../workers/pool';
import { keptFilesOffThread, outputsOffThread, saveVersionOffThread } from '../workers/store-client';
import { outputsInPlace } from '../store/outputs';
import type { LinearModel } from '../ml/model';
import type { RegistrationOutcome } from '../store/models';
import { onStoreNotice } from '../store/shared';
import { WorkbenchMemory } from '../store/workbench-memory';
import { registryPhases } from '../store/registry-order';

export function emptyNotebook(): Notebook {
	return { format: NOTEBOOK_FORMAT, version: NOTEBOOK_VERSION, title: 'Untitled notebook', description: '', cells: [] };
}

/**
 * The page's frame: states are published at most once per painted frame. Where there is no
 * requestAnimationFrame (Node, a worker), a 16 ms timer stands in for it.
 */
const animationFrame: FrameScheduler = (callback) =>
	typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => callback()) : setTimeout(callback, 16);

export interface WorkbenchOptions {
	/** When to publish the scheduler's latest states (default: the next animation frame). */
	frame?: FrameScheduler;
}

export class Workbench {
	notebook = $state.raw<Notebook>(emptyNotebook());
	states = $state.raw<ReadonlyMap<CellId, CellRunState>>(new Map());
	files = $state.raw<ReadonlyMap<CellId, FileSource>>(new Map());
	/**
	 * Dataset cells whose attached file is embedded in the saved notebook: small files start
	 * embedded (`embedsByDefault`), the user ticks or unticks each under "Saved with the notebook".
	 */
	embed = $state.raw<ReadonlySet<CellId>>(new Set());
	/**
	 * Each dataset cell's attached file's header (column names, declared string columns), as its
	 * view read it: its own column pickers and the cells downstream (a vectorize cell's "first text
	 * column") use it before any run. Absent while unread or when the file has none to show.
	 */
	headers = $state.raw<ReadonlyMap<CellId, DatasetHeader>>(new Map());
	/** A file refused for a cell: not the one the notebook names by its hash. */
	fileErrors = $state.raw<ReadonlyMap<CellId, string>>(new Map());
	/**
	 * Errors of the last file that could not be opened; the open notebook is untouched.
	 * `notebookOpen`: whether one with cells was open then (the message says it is unchanged).
	 */
	openErrors = $state.raw<{ fileName: string; errors: NotebookError[]; notebookOpen: boolean } | null>(null);
	running = $state(false);
	focusedCell = $state<CellId | null>(null);
	/** About keeping the user's work in this browser: a failed save, a full quota, another tab. */
	storeMessage = $state<string | null>(null);
	/** The runs of this session, oldest first, as each cell ended (for the runs × cells grid). */
	pastRuns = $state.raw<RunGridRun[]>([]);
	/** The id the open notebook has in this browser's store, once it is stored (the page puts it in the URL). */
	storedId = $state<string | null>(null);
	/** Cells shown as their header only (this page's choice, not part of the notebook). */
	collapsed = $state.raw<ReadonlySet<CellId>>(new Set());
	canUndo = $state(false);
	canRedo = $state(false);
	/** Problems of the notebook as it is now (e.g. after an edit made a link invalid). */
	problems = $derived(validateNotebook(this.notebook, cellRegistry));

	#pool: WorkerPool;
	#history = new EditHistory<Notebook>();
	#scheduler: Scheduler;
	/** Counts runs, cancels and loads: a run's later phase goes ahead only if none came since it began. */
	#generation = 0;
	/** Autosave, run history, dataset versions, registrations and the persistent output cache. */
	#memory: WorkbenchMemory;
	/** The scheduler's states, passed on to `states` once a frame. */
	#publish: Coalesced<ReadonlyMap<CellId, CellRunState>>;

	constructor(options: WorkbenchOptions = {}) {
		this.#pool = createCellWorkerPool();
		this.#memory = new WorkbenchMemory({
			notebook: () => this.notebook,
			// The scheduler's own states, not the published ones, which may be a frame behind.
			states: () => this.#scheduler.states(),
			output: (id) => this.#scheduler.output(id),
			files: (cell) => this.files.get(cell.id) ?? this.#memory.modelFile(cell.id),
			attachKept: (files) => this.#attachKept(files),
			restore: (targets) => this.#run({ targets }, false),
			notify: (message) => (this.storeMessage = message),
			stored: (id) => (this.storedId = id),
			inputsChanged: () => this.#scheduler.markStale(this.notebook),
			// Storing a dataset version (hash, statistics, IndexedDB's clone) and the output cache's reads and
			// writes take seconds of a large table: on the store's worker, not the page's thread.
			saveVersion: saveVersionOffThread,
			keptFiles: keptFilesOffThread,
			outputs: outputsOffThread(outputsInPlace),
			// Another tab's text of this notebook, or this tab's kept as a copy: shown in place.
			replace: (text, id) => {
				if (this.open(text, 'saved notebook', id)) this.storedId = id;
			}
		});
		this.#scheduler = new Scheduler({
			registry: cellRegistry,
			executor: this.#memory.wrap(this.#pool),
			cache: this.#memory.cache,
			concurrency: this.#pool.size,
			files: (cell) => this.files.get(cell.id) ?? this.#memory.modelFile(cell.id)
		});
		// Every log line and progress tick changes the states (a 600-epoch cell: 1,200 changes in
		// about a second); re-rendering the workbench for each kept the page's thread busy. The
		// scheduler's snapshots are immutable, so the latest one is published as it is, once a frame.
		this.#publish = coalesce((states) => (this.states = states), options.frame ?? animationFrame);
		this.#scheduler.subscribe((states) => this.#publish.push(states));
		onStoreNotice((message) => (this.storeMessage = message));
		// An edit made just before the tab closes or the page reloads is saved, not dropped with its timer.
		if (typeof document !== 'undefined') {
			addEventListener('pagehide', () => void this.#memory.flush());
			document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && void this.#memory.flush());
		}
		// A plain visit (no example, file or id asked for) reopens the notebook opened or worked on last.
		void this.#memory.latestUnlessLoaded().then((latest) => latest && this.open(latest.text, 'saved notebook', latest.id), () => undefined);
	}

	/** Sets (or, with null, forgets) a dataset cell's header. */
	setHeader(cellId: CellId, header: DatasetHeader | null): void {
		if ((this.headers.get(cellId) ?? null) === header) return;
		const headers = new Map(this.headers);
		if (header) headers.set(cellId, header);
		else headers.delete(cellId);
		this.headers = headers;
	}

	get poolSize(): number {
		return this.#pool.size;
	}

	load(notebook: Notebook, storedId?: string): void {
		// The notebook open until now keeps its last edit.
		void this.#memory.flush();
		this.#generation++;
		this.#scheduler.cancel();
		this.notebook = notebook;
		// Undo stays within one notebook: another file is not an edit of this one.
		this.#history.clear();
		this.storedId = null;
		this.canUndo = false;
		this.canRedo = false;
		this.openErrors = null;
		// Files attached to the notebook open before are not this one's: its cells start with its
		// embedded data files (checked against their hashes when parsed), then the files kept with it.
		const embedded = embeddedSources(notebook);
		this.files = new Map(embedded);
		this.embed = new Set(embedded.keys());
		this.fileErrors = new Map();
		this.#scheduler.markStale(notebook);
		this.#memory.afterLoad(notebook, storedId);
	}

	/**
	 * Keeps the open notebook in this browser now, not only after its first edit (a file the user
	 * opened, a shared link, a notebook a trigger will re-run; an example is kept once edited, so
	 * visits add no copies). Gives its id; null for a notebook without cells (never kept).
	 */
	async keep(): Promise<string | null> {
		await this.#memory.save();
		return this.#memory.notebookId;
	}

	/** Opens a notebook kept in this browser (the start page's "Your notebooks"). */
	async openStored(id: string): Promise<boolean> {
		const text = await this.#memory.storedText(id);
		return text !== null && this.open(text, 'saved notebook', id);
	}

	/** The "Register" button of a trained model. */
	registerModel(model: LinearModel, name: string, alias: string): Promise<RegistrationOutcome> {
		return this.#memory.registerModel(model, name, alias);
	}

	/** Opens a notebook file's text; a bad file leaves the open notebook as it is. */
	open(text: string, fileName: string, storedId?: string): boolean {
		// A table chosen where a notebook is expected: say where it goes rather than "not JSON".
		if (/\.(csv|tsv|txt|parquet|arrow|feather)$/i.test(fileName)) {
			this.openErrors = {
				fileName,
				errors: [{ path: '$', message: 'this is a data file, not a notebook: add a dataset cell, set its source to a file, and attach it there', severity: 'error' }],
				notebookOpen: this.notebook.cells.length > 0
			};
			return false;
		}
		// A notebook kept in this browser is the user's own edit, invalid fields and all: it opens.
		const parsed = parseNotebook(text, cellRegistry, { asEdited: storedId !== undefined });
		if (!parsed.ok) {
			this.openErrors = { fileName, errors: parsed.errors, notebookOpen: this.notebook.cells.length > 0 };
			return false;
		}
		this.load(parsed.notebook, storedId);
		return true;
	}

	edit(change: (notebook: Notebook) => Notebook): void {
		const before = this.notebook;
		const after = change(before);
		if (after === before) return;
		this.#history.record(before);
		this.#show(after);
	}

	toggleCollapsed(id: CellId): void {
		const next = new Set(this.collapsed);
		if (!next.delete(id)) next.add(id);
		this.collapsed = next;
	}

	/** Collapse every cell (true) or expand them all (false). */
	collapseAll(collapse: boolean): void {
		this.collapsed = collapse ? new Set(this.notebook.cells.map((cell) => cell.id)) : new Set();
	}

	/** Ctrl+Z: the notebook as it was before the last edit (a removed cell comes back with its links). */
	undo(): void {
		const previous = this.#history.undo(this.notebook);
		if (previous) this.#showRestored(previous);
	}

	/** Ctrl+Shift+Z: the edit undone last, again. */
	redo(): void {
		const next = this.#history.redo(this.notebook);
		if (next) this.#showRestored(next);
	}

	/** An undone or redone notebook; a cell it brings back shows its cached result, not "not run". */
	#showRestored(notebook: Notebook): void {
		this.#show(notebook);
		if (!this.running) void this.#memory.restoreCached();
	}

	#show(notebook: Notebook): void {
		this.notebook = notebook;
		this.canUndo = this.#history.canUndo;
		this.canRedo = this.#history.canRedo;
		this.#scheduler.markStale(notebook);
		this.#memory.afterEdit();
	}

	addCell(kind: string): CellId {
		const before = new Set(this.notebook.cells.map((cell) => cell.id));
		// One edit (one undo): the cell, linked to the cells above it as a pipeline read top to bottom.
		this.edit((notebook) => {
			const grown = edit.addCell(notebook, kind, cellRegistry, {});
			const added = grown.cells.find((cell) => !before.has(cell.id));
			return added ? linkToCellsAbove(grown, added.id, cellRegistry) : grown;
		});
		const added = this.notebook.cells.find((cell) => !before.has(cell.id));
		if (added) this.focusedCell = added.id;
		return added?.id ?? ('' as CellId);
	}

	/**
	 * A file chosen with a dataset cell's own button (Attach, Replace file…): any file, which
	 * replaces the one the opened notebook names or embeds for the cell. The notebook stops naming
	 * the old file (one edit), so neither a save nor a reload of the kept notebook brings it back.
	 */
	replaceFile(cellId: CellId, file: File): void {
		if (this.notebook.data?.some((data) => data.cell === cellId)) {
			this.edit((notebook) => {
				const data = (notebook.data ?? []).filter((item) => item.cell !== cellId);
				const next = { ...notebook };
				delete next.data;
				return data.length > 0 ? { ...next, data } : next;
			});
		}
		if (this.fileErrors.has(cellId)) {
			const errors = new Map(this.fileErrors);
			errors.delete(cellId);
			this.fileErrors = errors;
		}
		this.#attach(cellId, file);
	}

	/** Attaches the file a notebook asks for: when it names the file by its hash, only that file is accepted. */
	attachFile(cellId: CellId, file: File): void {
		const expected = this.notebook.data?.find((data) => data.cell === cellId);
		if (expected) void this.#attachChecked(cellId, file, expected);
		else this.#attach(cellId, file);
	}

	async #attachChecked(cellId: CellId, file: File, expected: NotebookData): Promise<void> {
		const problem = fileMismatch(expected, new Uint8Array(await file.arrayBuffer()));
		const errors = new Map(this.fileErrors);
		if (problem) this.fileErrors = errors.set(cellId, `${file.name}: ${problem}`);
		else {
			errors.delete(cellId);
			this.fileErrors = errors;
			this.#attach(cellId, file);
		}
	}

	#attach(cellId: CellId, file: File): void {
		// A dataset still under the default name takes the file's, so unrelated files do not
		// become versions of one dataset called "data".
		const cell = this.notebook.cells.find((item) => item.id === cellId);
		const name = datasetNameFromFile(file.name);
		if (cell?.kind === 'dataset' && (cell.params.name ?? 'data') === 'data' && name) this.edit((notebook) => edit.setParam(notebook, cellId, 'name', name));
		this.files = new Map(this.files).set(cellId, fileSource(file));
		this.#embedIfSmall([[cellId, file]]);
		this.#scheduler.markStale(this.notebook);
		void this.#memory.afterAttach(cellId, file);
	}

	#attachKept(kept: ReadonlyMap<CellId, File>): void {
		const files = new Map(this.files);
		const added = [...kept].filter(([cellId]) => !files.has(cellId));
		for (const [cellId, file] of added) files.set(cellId, fileSource(file));
		this.files = files;
		this.#embedIfSmall(added);
		this.#scheduler.markStale(this.notebook);
	}

	/** Sets "embed" for newly attached files as the default says (a new file replaces the old one's choice); other cells' choices stay. */
	#embedIfSmall(attached: readonly (readonly [CellId, File])[]): void {
		if (attached.length === 0) return;
		const embed = new Set(this.embed);
		for (const [cellId, file] of attached) {
			if (embedsByDefault(this.notebook, cellId, file.size)) embed.add(cellId);
			else embed.delete(cellId);
		}
		this.embed = embed;
	}

	async runAll(): Promise<void> {
		await this.#run({ targets: 'all' });
	}

	async runCell(id: CellId, options: { force?: boolean } = {}): Promise<void> {
		await this.#run({ targets: [id], force: options.force });
	}

	async runWithDownstream(id: CellId): Promise<void> {
		await this.#run({ targets: [id], withDownstream: true });
	}

	cancel(): void {
		this.#generation++;
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

	/** The file with a data section: attached files named by hash, the chosen ones embedded. */
	async serializeWithData(): Promise<string> {
		const described = await describeFiles(this.notebook, this.files, this.embed);
		// Files named by the opened notebook but not provided here stay named.
		const kept = (this.notebook.data ?? []).filter((data) => !described.some((item) => item.cell === data.cell) && this.notebook.cells.some((cell) => cell.id === data.cell));
		const data = [...described, ...kept];
		return serializeNotebook({ ...this.notebook, data });
	}

	#recordRun(): void {
		const cells: RunGridRun['cells'] = {};
		for (const [id, run] of this.#scheduler.states()) {
			if (run.state !== 'idle' && run.state !== 'stale') cells[id] = { state: run.state, durationMs: run.durationMs };
		}
		const label = formatTime(Date.now());
		this.pastRuns = [...this.pastRuns, { id: `run-${this.pastRuns.length + 1}`, label, cells }].slice(-30);
	}

	/** Runs the cells `options` names; register cells before the predict cells that read their model (registryPhases). */
	async #run(options: RunOptions, record = true): Promise<void> {
		// A run the user starts waits until a load's cached results are shown (WorkbenchMemory.restored).
		if (record) await this.#memory.restored();
		const startedAt = Date.now();
		// Only a user's run disables the Run buttons: were showing cached results to disable them too,
		// a click landing just as that began would hit a disabled button and be lost (a user's run
		// waits for it anyway).
		if (record) this.running = true;
		try {
			// A user's run executes its register cells even when cached: what they do is in the
			// registry, not the cache (an alias moved since, by an undo or another notebook, moves back).
			const registers = this.notebook.cells.filter((cell) => cell.kind === 'register').map((cell) => cell.id);
			const phases = record ? registryPhases(this.notebook, options).map((phase) => ({ ...phase, recompute: registers })) : [options];
			const generation = ++this.#generation;
			for (const phase of phases) {
				// Predict cells get the versions their aliases point to now (their keys follow):
				// after the first phase, the versions its register cells stored.
				await this.#memory.bindModels();
				await this.#scheduler.run(this.notebook, phase);
				// A cancel, a load or another run since this one began: its later phases are dropped.
				if (this.#generation !== generation) break;
			}
			if (record) await this.#memory.afterRun(startedAt);
		} finally {
			// The run's last states are on screen when the buttons come back.
			this.#publish.flush();
			if (record) this.running = false;
			this.#recordRun();
		}
	}
}
