/**
 * What the workbench remembers between visits: the notebook (autosaved) with the files attached
 * to its cells, its runs, its dataset versions and registrations (through `storingExecutor`) and
 * its outputs (so a reload shows the last results without recomputing). The workbench holds one
 * of these and calls it at a few points: after a load, after an edit, around a run.
 */
import { cellRegistry } from '../cells/registry';
import { registrationMetrics } from '../cells/register';
import { outputKeys, type FilesOf } from '../dag/keys';
import type { CellRunState, Executor } from '../dag/run-types';
import { topology } from '../dag/topology';
import type { LinearModel } from '../ml/model';
import { serializeNotebook } from '../notebook/serialize';
import type { CellId, Notebook } from '../notebook/types';
import type { FileSource } from '../cells/types';
import { messageOf, type Store } from './database';
import { bindPredictModels } from './model-binding';
import { registerModel, type RegistrationOutcome } from './models';
import { keepNotebookFile, notebookFiles } from './notebook-files';
import { getNotebook, listNotebooks, NotebookConflict, notebookHash, saveNotebook, saveNotebookNow } from './notebooks';
import { browserOpenPointer, openNotebookOf, type OpenPointer } from './open-notebook';
import { PersistentOutputCache, type OutputsBackend } from './outputs';
import { saveRun } from './runs';
import { sharedStore } from './shared';
import { lineageOf, runRecord, storingExecutor, type LinkContext } from './workbench-link';
import type { saveDatasetVersion } from './datasets';

export interface MemoryHost {
	notebook(): Notebook;
	states(): ReadonlyMap<CellId, CellRunState>;
	output(id: CellId): unknown;
	files: FilesOf;
	/** Attaches the files kept with a stored notebook (a cell that has a file keeps its own). */
	attachKept(files: ReadonlyMap<CellId, File>): void;
	/** Runs the given cells; used to show cached outputs after a load (all come from the cache). */
	restore(targets: CellId[]): Promise<void>;
	/** A message for the user about keeping their work (quota, another tab, a failed save). */
	notify(message: string): void;
	/** The open notebook is stored in this browser under `id` (found at load, or just saved). */
	stored?(id: string): void;
	/** Another tab saved the open notebook and this tab has no edit of its own: show that text. */
	replace?(text: string, id: string): void;
	/** What a cell reads outside the notebook changed (an alias moved): recompute which cells are stale. */
	inputsChanged?(): void;
	/** Keeps and reads back the files attached to a notebook (on a worker, on the page: their bytes are cloned); notebook-files.ts in place when absent. */
	keptFiles?: { keep: typeof keepNotebookFile; read: typeof notebookFiles };
	/** Stores a dataset output as a version (on a worker, on the page); saveDatasetVersion in place when absent. */
	saveVersion?: typeof saveDatasetVersion;
	/** Where the output cache reads and writes IndexedDB (a worker, on the page); in place when absent. */
	outputs?: OutputsBackend;
}

const AUTOSAVE_MS = 400;
const newId = () => `nb-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export class WorkbenchMemory {
	readonly cache: PersistentOutputCache;
	#host: MemoryHost;
	#store: Promise<Store>;
	/** The store once open, for saving while the page is left (no time to await it then). */
	#storeNow: Store | null = null;
	/** When the open notebook was first saved, if it was. */
	#createdAt: number | null = null;
	#loaded: Promise<unknown>;
	#restoring: Promise<void> = Promise.resolve();
	#id: string | null = null;
	/** Resolves the id of the notebook loaded last (an earlier record with the same text keeps its id). */
	#idReady: Promise<string> = Promise.resolve(newId());
	#loads = 0;
	#saveTimer: ReturnType<typeof setTimeout> | null = null;
	/** Edits made, and how many of them a finished save holds: the rest are not stored yet. */
	#edits = 0;
	#savedEdits = 0;
	/** Hash of the stored text the open notebook was read from or last saved as; null if not stored. */
	#baseHash: string | null = null;
	/** The registry models bound to predict cells, as resolved before the last run or load. */
	#models: ReadonlyMap<CellId, FileSource> = new Map();
	/** The notebook opened or worked on last: what a page loaded without naming one opens. */
	#pointer: OpenPointer;

	constructor(host: MemoryHost, store: Promise<Store> = sharedStore(), pointer: OpenPointer = browserOpenPointer()) {
		this.#host = host;
		this.#store = store;
		this.#pointer = pointer;
		void store.then((opened) => {
			this.#storeNow = opened;
			opened.onChange((area) => {
				if (area === 'notebooks' || area === 'all') void this.#followOtherTab();
				if (area === 'models' || area === 'all') void this.#rebindModels();
			});
		}, () => undefined);
		this.cache = new PersistentOutputCache(store, { onError: host.notify, ...(host.outputs ? { backend: host.outputs } : {}) });
		this.#loaded = this.cache.load().catch((error: unknown) => host.notify(`saved results could not be read: ${messageOf(error)}`));
	}

	get notebookId(): string | null {
		return this.#id;
	}

	#context(): LinkContext {
		return {
			store: () => this.#store,
			notebook: () => this.#host.notebook(),
			notebookId: () => this.#id,
			notebookHash: () => notebookHash(serializeNotebook(this.#host.notebook())),
			outputOf: (id) => this.#host.output(id),
			...(this.#host.saveVersion ? { saveVersion: this.#host.saveVersion } : {})
		};
	}

	wrap(executor: Executor): Executor {
		return storingExecutor(executor, this.#context());
	}

	/** The model bound to a predict cell (its alias resolved in the registry), if any. */
	modelFile(id: CellId): FileSource | null {
		return this.#models.get(id) ?? null;
	}

	/** Resolves every predict cell's alias or version now, so the run's keys follow the registry. */
	async bindModels(): Promise<void> {
		const notebook = this.#host.notebook();
		if (!notebook.cells.some((cell) => cell.kind === 'predict' || cell.kind === 'register')) return;
		try {
			this.#models = await bindPredictModels(await this.#store, notebook);
		} catch (error) {
			this.#host.notify(`the registry could not be read for the predict cells: ${messageOf(error)}`);
		}
	}

	/** An alias moved or a version was registered (here or in another tab): predict cells reading it become stale. */
	async #rebindModels(): Promise<void> {
		if (!this.#host.notebook().cells.some((cell) => cell.kind === 'predict')) return;
		await this.bindModels();
		this.#host.inputsChanged?.();
	}

	/**
	 * The open notebook's text (the one opened or worked on last, else the most recently saved:
	 * `openNotebookOf`), if nothing was loaded since the page opened.
	 */
	async latestUnlessLoaded(): Promise<{ id: string; text: string } | null> {
		const loadsBefore = this.#loads;
		const { notebooks } = await listNotebooks(await this.#store);
		const latest = openNotebookOf(notebooks, this.#pointer.get());
		return latest && this.#loads === loadsBefore ? { id: latest.id, text: latest.text } : null;
	}

	/** The open notebook is kept under `id` (found at load, or just saved): it is the open one from now on. */
	#stored(id: string): void {
		this.#pointer.set(id);
		this.#host.stored?.(id);
	}

	async storedText(id: string): Promise<string | null> {
		return (await getNotebook(await this.#store, id))?.text ?? null;
	}

	/** After a notebook is loaded: find its id (or give it one) and show its cached outputs. */
	afterLoad(notebook: Notebook, id?: string): void {
		this.#loads++;
		this.#savedEdits = this.#edits;
		this.#id = id ?? null;
		this.#createdAt = null;
		const hash = notebookHash(serializeNotebook(notebook));
		const stored = this.#store
			.then(async (store) => (id ? getNotebook(store, id) : (await listNotebooks(store)).notebooks.find((record) => record.hash === hash)))
			.catch(() => undefined);
		this.#idReady = id ? Promise.resolve(id) : stored.then((record) => record?.id ?? newId());
		// Still the notebook loaded here (edited or not): it has its id from now on.
		const load = this.#loads;
		this.#baseHash = null;
		void Promise.all([this.#idReady, stored]).then(([resolved, record]) => {
			if (this.#loads !== load) return;
			this.#id = resolved;
			this.#createdAt = record?.createdAt ?? null;
			this.#baseHash = record?.hash ?? null;
			if (record) this.#stored(resolved);
		});
		// Kept files first: the output keys of their cells, and of every cell below, depend on them.
		this.#restoring = (id ? this.#restoreFiles(notebook, id) : Promise.resolve()).then(() => this.#restoreOutputs(notebook)).catch(() => undefined);
	}

	/**
	 * Resolves once the cached results of the notebook loaded last are shown (or found absent). A
	 * run the user starts waits for it: showing them is itself a run of the scheduler, and a newer
	 * run cancels the one before, so either order would lose the user's run or its result.
	 */
	restored(): Promise<void> {
		return this.#restoring;
	}

	/** A file attached to a cell is kept with the notebook, so a reload finds it attached. */
	async afterAttach(cell: CellId, file: File): Promise<void> {
		try {
			const id = await this.#idReady;
			this.#id = id;
			await (this.#host.keptFiles?.keep ?? keepNotebookFile)(await this.#store, id, cell, file);
		} catch (error) {
			this.#host.notify(`${file.name} could not be kept in this browser (attach it again after a reload): ${messageOf(error)}`);
		}
		this.afterEdit();
	}

	/** Edits are saved a moment after the last one. */
	afterEdit(): void {
		this.#edits++;
		if (this.#saveTimer) clearTimeout(this.#saveTimer);
		this.#saveTimer = setTimeout(() => {
			this.#saveTimer = null;
			void this.save();
		}, AUTOSAVE_MS);
	}

	/**
	 * The page is being left or hidden: an edit not stored yet (its autosave waiting, or under way)
	 * is saved now, in one request issued at once: a reload or a closed tab does not wait for
	 * awaited steps.
	 */
	flush(): Promise<void> {
		if (this.#saveTimer) clearTimeout(this.#saveTimer);
		this.#saveTimer = null;
		if (this.#edits === this.#savedEdits) return Promise.resolve();
		const edits = this.#edits;
		const notebook = this.#host.notebook();
		if (!this.#storeNow || !this.#id || notebook.cells.length === 0) return this.save();
		const text = serializeNotebook(notebook);
		const now = Date.now();
		const record = { id: this.#id, title: notebook.title, hash: notebookHash(text), text, createdAt: this.#createdAt ?? now, updatedAt: now };
		const id = this.#id;
		return saveNotebookNow(this.#storeNow, record).then(
			() => {
				this.#savedEdits = Math.max(this.#savedEdits, edits);
				if (this.#id === id) this.#baseHash = record.hash;
			},
			(error: unknown) => this.#host.notify(`the notebook could not be saved in this browser: ${messageOf(error)}`)
		);
	}

	async save(): Promise<void> {
		const ready = this.#idReady;
		try {
			const [id, store] = await Promise.all([ready, this.#store]);
			// Another notebook loaded meanwhile: the one this save was for was flushed as it went.
			if (this.#idReady !== ready) return;
			this.#id = id;
			// The notebook as it is when the write starts: a save never stores an older text than one before it.
			const notebook = this.#host.notebook();
			if (notebook.cells.length === 0) return;
			const edits = this.#edits;
			const cells = notebook.cells.map((cell) => cell.id);
			const text = serializeNotebook(notebook);
			let saved;
			try {
				saved = await saveNotebook(store, id, notebook.title, text, { cells, basedOn: this.#baseHash });
			} catch (error) {
				if (!(error instanceof NotebookConflict)) throw error;
				return await this.#keepAsCopy(store, notebook, edits);
			}
			if (this.#id === id) this.#baseHash = saved.hash;
			if (this.#id === id) {
				this.#createdAt = saved.createdAt;
				this.#stored(id);
			}
			this.#savedEdits = Math.max(this.#savedEdits, edits);
		} catch (error) {
			this.#host.notify(`the notebook could not be saved in this browser: ${messageOf(error)}`);
		}
	}

	/**
	 * This tab's edits met a newer text saved by another tab: neither is lost. The other tab's
	 * text stays under the id; this tab's becomes a new notebook, "(this tab)", and it says so.
	 */
	async #keepAsCopy(store: Store, notebook: Notebook, edits: number): Promise<void> {
		const id = newId();
		const title = `${notebook.title} (this tab)`;
		const copy = { ...notebook, title };
		const saved = await saveNotebook(store, id, title, serializeNotebook(copy), { cells: notebook.cells.map((cell) => cell.id) });
		this.#id = id;
		this.#idReady = Promise.resolve(id);
		this.#createdAt = saved.createdAt;
		this.#baseHash = saved.hash;
		this.#savedEdits = Math.max(this.#savedEdits, edits);
		this.#host.replace?.(saved.text, id);
		this.#stored(id);
		this.#host.notify(`this notebook was changed in another tab while you edited it here: your version is kept as a separate notebook, '${title}', and the other tab's stays as it was`);
	}

	/** Another tab saved the notebook open here: show its text when this tab has no edit waiting, else say so. */
	async #followOtherTab(): Promise<void> {
		const id = this.#id;
		if (!id || this.#baseHash === null) return;
		const record = await getNotebook(await this.#store, id).catch(() => null);
		if (!record || record.hash === this.#baseHash || this.#id !== id) return;
		if (record.hash === notebookHash(serializeNotebook(this.#host.notebook()))) {
			this.#baseHash = record.hash;
			return;
		}
		if (this.#edits === this.#savedEdits && !this.#saveTimer) {
			this.#host.replace?.(record.text, id);
			this.#host.notify('this notebook was changed in another tab: it now shows those changes');
		} else {
			this.#host.notify('this notebook was changed in another tab: your edits here will be kept as a separate notebook');
		}
	}

	/** After a run: the notebook and the run record are saved. */
	async afterRun(startedAt: number): Promise<void> {
		await this.save();
		const notebook = this.#host.notebook();
		const record = runRecord(`run-${startedAt.toString(36)}-${Math.random().toString(36).slice(2, 6)}`, notebook, this.#host.states(), {
			notebookId: this.#id,
			notebookHash: notebookHash(serializeNotebook(notebook)),
			startedAt,
			endedAt: Date.now(),
			outputOf: (id) => this.#host.output(id)
		});
		if (record.cells.length === 0) return;
		try {
			await saveRun(await this.#store, record);
		} catch (error) {
			this.#host.notify(`the run could not be recorded: ${messageOf(error)}`);
		}
	}

	/** The "Register" button of a trained model: no gate, the alias moved if given. */
	async registerModel(model: LinearModel, name: string, alias: string): Promise<RegistrationOutcome> {
		const cellId = model.origin.cellId as CellId;
		return registerModel(await this.#store, {
			name,
			alias,
			model,
			...registrationMetrics(model, undefined),
			lineage: await lineageOf(this.#context(), model, cellId, model.origin.cellTitle)
		});
	}

	async #restoreFiles(notebook: Notebook, id: string): Promise<void> {
		try {
			const files = await (this.#host.keptFiles?.read ?? notebookFiles)(await this.#store, id);
			if (this.#host.notebook() === notebook && files.size > 0) this.#host.attachKept(files);
		} catch (error) {
			this.#host.notify(`the files of this notebook could not be read back: ${messageOf(error)}`);
		}
	}

	/** After an undo brings cells back: their results come back from the cache, as after a load. */
	restoreCached(): Promise<void> {
		return this.#restoreOutputs(this.#host.notebook());
	}

	/** Runs the cells whose output, and every upstream output, is in the cache: nothing recomputes. */
	async #restoreOutputs(notebook: Notebook): Promise<void> {
		await this.#loaded;
		if (this.#host.notebook() !== notebook) return;
		await this.bindModels();
		if (this.#host.notebook() !== notebook) return;
		const keys = outputKeys(notebook, cellRegistry, this.#host.files);
		const graph = topology(notebook);
		const cached = new Set<CellId>();
		for (const id of keys.keys()) {
			const parents = graph.parents.get(id) ?? [];
			if (this.cache.has(keys.get(id)!) && parents.every((parent) => cached.has(parent))) cached.add(id);
		}
		if (cached.size > 0) await this.#host.restore([...cached]);
	}
}
