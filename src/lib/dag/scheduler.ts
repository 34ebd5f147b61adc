/**
 * Runs a notebook: Kahn's algorithm over its links, with independent cells in parallel up to a
 * concurrency limit, an output cache by key, retries, and real cancellation.
 *
 * Invariants:
 * - Every run has a version; cancel() and a newer run() bump it, and anything that arrives for
 *   an older version (a result, a log line, the end of a retry delay) is dropped.
 * - States are immutable snapshots: each change makes a new CellRunState and a new map, so
 *   listeners can compare by identity. One exception keeps logging O(1) a line: a running
 *   attempt's log array only grows, in place (see Attempt.log), and each line still makes a new
 *   attempt, state and map.
 * - A cell's failure is a value on its attempt; it reaches downstream cells as
 *   'upstream_failed', never as an exception out of run().
 */
import { formatParamIssue, resolveParams, type CellRegistry } from '../cells/params';
import type { CellSummary } from '../cells/types';
import type { CellValue } from '../cells/values';
import type { CellId, Notebook, NotebookCell } from '../notebook/types';
import { findCycle, formatCycle } from './cycles';
import { cancelledState, fromCacheState, idleState } from './cell-states';
import { descendantsOf } from './descendants';
import { gatherInputs } from './inputs';
import { outputKeys, type FilesOf } from './keys';
import { planRun } from './plan';
import {
	systemClock,
	type Attempt,
	type CellRunState,
	type Clock,
	type ExecutionHandle,
	type ExecutionRequest,
	type Executor,
	type LogLine
} from './run-types';
import { topology, type Topology } from './topology';

/** Ended states that an edit of the cell (or of what feeds it) makes stale. */
const UNSETTLED_BY_EDIT = new Set(['failed', 'upstream_failed', 'cancelled']);

export interface CachedOutput {
	value: CellValue;
	summary: CellSummary;
}

/** Outputs by key. A Map will do; the store may pass something that evicts. */
export interface OutputCache {
	get(key: string): CachedOutput | undefined;
	set(key: string, output: CachedOutput): unknown;
}

export interface SchedulerOptions {
	registry: CellRegistry;
	executor: Executor;
	clock?: Clock;
	/** How many cells execute at once (default 1). */
	concurrency?: number;
	/** The file bound to a cell, if any: passed to its executor and part of its key. */
	files?: FilesOf;
	cache?: OutputCache;
}

export interface RunOptions {
	targets: 'all' | readonly CellId[];
	/** Also run every cell downstream of the targets. */
	withDownstream?: boolean;
	/** Recompute the targets even if the cache holds their keys. */
	force?: boolean;
	/**
	 * Cells an earlier phase of the same run settled (store/registry-order.ts): not planned again,
	 * so a failure there is not retried; cells below them read their state as it stands.
	 */
	settled?: readonly CellId[];
	/** Cells of the run executed even when the cache holds their key (their work is a side effect, e.g. the registry's). */
	recompute?: readonly CellId[];
}

export type StatesListener = (states: ReadonlyMap<CellId, CellRunState>) => void;

interface Run {
	version: number;
	cells: Map<CellId, NotebookCell>;
	graph: Topology;
	keys: Map<CellId, string>;
	/** Planned cells, upstream first: the order in which ready cells are taken. */
	order: CellId[];
	rank: Map<CellId, number>;
	planned: Set<CellId>;
	force: Set<CellId>;
	/** Planned cells whose inputs are not all resolved yet. */
	waiting: Set<CellId>;
	ready: { id: CellId; attempt: number }[];
	requests: Map<CellId, Omit<ExecutionRequest, 'attempt'>>;
	handles: Map<CellId, ExecutionHandle>;
	/** Cells holding an execution slot. */
	active: number;
	/** Each upstream_failed cell of this run: the cells that actually failed above it. */
	failedRoots: Map<CellId, readonly CellId[]>;
	/** Each cell's place in the notebook, to name several failed cells in that order. */
	position: Map<CellId, number>;
	finished: Set<CellId>;
	done: () => void;
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export class Scheduler {
	#registry: CellRegistry;
	#executor: Executor;
	#clock: Clock;
	#concurrency: number;
	#files: FilesOf;
	#cache: OutputCache;
	#version = 0;
	#current: Run | null = null;
	#states: ReadonlyMap<CellId, CellRunState> = new Map();
	/** The last successful output of each cell, with the key it was computed for. */
	#outputs = new Map<CellId, CachedOutput & { key: string }>();
	#listeners = new Set<StatesListener>();

	constructor(options: SchedulerOptions) {
		this.#registry = options.registry;
		this.#executor = options.executor;
		this.#clock = options.clock ?? systemClock;
		this.#concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
		this.#files = options.files ?? (() => null);
		this.#cache = options.cache ?? new Map();
	}

	states(): ReadonlyMap<CellId, CellRunState> {
		return this.#states;
	}

	subscribe(listener: StatesListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** The value of the cell's last success, even if it is stale now. */
	output(id: CellId): CellValue | undefined {
		return this.#outputs.get(id)?.value;
	}

	/** Runs the targets and the upstream cells they need; resolves when all are settled or cancelled. */
	run(notebook: Notebook, options: RunOptions): Promise<void> {
		if (this.#current) this.cancel();
		const version = ++this.#version;
		this.#syncCells(notebook);
		const cells = new Map(notebook.cells.map((cell) => [cell.id, cell]));
		const graph = topology(notebook);
		const keys = outputKeys(notebook, this.#registry, this.#files);

		const earlier = new Set(options.settled ?? []);
		const targets = (options.targets === 'all' ? graph.ids : options.targets.filter((id) => cells.has(id))).filter((id) => !earlier.has(id));
		const { planned, order, unordered } = planRun(graph, targets, options.withDownstream ?? false, (id) => earlier.has(id) || this.#isCurrent(id, keys));

		let done!: () => void;
		const settled = new Promise<void>((resolve) => (done = resolve));
		const run: Run = {
			version,
			cells,
			graph,
			keys,
			order,
			rank: new Map(order.map((id, position) => [id, position])),
			planned,
			force: new Set([...(options.force ? targets : []), ...(options.recompute ?? [])]),
			waiting: new Set(order),
			ready: [],
			requests: new Map(),
			handles: new Map(),
			active: 0,
			failedRoots: new Map(),
			position: new Map(notebook.cells.map((cell, index) => [cell.id, index])),
			finished: new Set(),
			done
		};
		this.#current = run;
		for (const id of order) this.#set(id, { ...idleState(), state: 'queued', outputKey: keys.get(id) ?? null });
		// Cells on a cycle fail at once; what is below them becomes upstream_failed.
		for (const id of unordered) {
			if (!planned.has(id) || !descendantsOf(graph, id).has(id)) continue;
			run.waiting.delete(id);
			this.#fail(run, id, formatCycle(findCycle(graph, id) ?? [id]));
		}
		this.#advance(run);
		return settled;
	}

	/** Stops every running cell for real; queued and running cells become 'cancelled'. */
	cancel(): void {
		const run = this.#current;
		this.#version++;
		this.#current = null;
		if (!run) return;
		const now = this.#clock.now();
		for (const id of run.order) {
			const cancelled = cancelledState(this.#stateOf(id), now);
			if (cancelled) this.#set(id, cancelled);
		}
		for (const handle of run.handles.values()) {
			try {
				handle.cancel();
			} catch {
				// The work is being dropped either way; its result is ignored by version.
			}
		}
		run.done();
	}

	/**
	 * After an edit: cells whose last successful output was computed for another key than the
	 * one they have now become 'stale' (and back to 'success' if the edit is undone). A failed,
	 * upstream_failed or cancelled cell whose params or inputs changed since that run becomes
	 * 'stale' too: its old error is about what is no longer there (its log is kept).
	 */
	markStale(notebook: Notebook): void {
		this.#syncCells(notebook);
		const keys = outputKeys(notebook, this.#registry, this.#files);
		for (const cell of notebook.cells) {
			const state = this.#states.get(cell.id);
			if (!state) continue;
			const key = keys.get(cell.id);
			if (UNSETTLED_BY_EDIT.has(state.state)) {
				if (state.outputKey !== null && state.outputKey !== key) this.#set(cell.id, { ...state, state: 'stale', fromCache: false, reason: null });
				continue;
			}
			const output = this.#outputs.get(cell.id);
			if (!output) continue;
			const current = output.key === key;
			if (state.state === 'success' && !current) this.#set(cell.id, { ...state, state: 'stale' });
			else if (state.state === 'stale' && current) this.#set(cell.id, { ...state, state: 'success' });
		}
	}

	#isCurrent(id: CellId, keys: ReadonlyMap<CellId, string>): boolean {
		const state = this.#states.get(id)?.state;
		const key = keys.get(id);
		return key !== undefined && this.#outputs.get(id)?.key === key && (state === 'success' || state === 'stale');
	}

	/** One state per cell of the notebook: new cells idle, removed cells forgotten. */
	#syncCells(notebook: Notebook): void {
		const ids = new Set(notebook.cells.map((cell) => cell.id));
		const next = new Map([...this.#states].filter(([id]) => ids.has(id)));
		for (const id of ids) if (!next.has(id)) next.set(id, idleState());
		for (const id of this.#outputs.keys()) if (!ids.has(id)) this.#outputs.delete(id);
		const changed = next.size !== this.#states.size || [...next.keys()].some((id) => !this.#states.has(id));
		if (!changed) return;
		this.#states = next;
		this.#emit();
	}

	#set(id: CellId, state: CellRunState): void {
		this.#states = new Map(this.#states).set(id, state);
		this.#emit();
	}

	#emit(): void {
		for (const listener of this.#listeners) listener(this.#states);
	}

	#stateOf(id: CellId): CellRunState {
		return this.#states.get(id) ?? idleState();
	}

	#finish(run: Run, id: CellId, state: CellRunState): void {
		run.finished.add(id);
		this.#set(id, state);
	}

	/** Fails a cell without calling the executor (a bad param, an unlinked input, a cycle). */
	#fail(run: Run, id: CellId, message: string): void {
		const now = this.#clock.now();
		const attempt: Attempt = { number: 1, startedAt: now, endedAt: now, log: [], error: message, outcome: 'failed' };
		this.#finish(run, id, { ...this.#stateOf(id), state: 'failed', attempts: [attempt], durationMs: 0 });
	}

	/** Kahn's step: settle the cells whose inputs are resolved, then fill the free slots. */
	#advance(run: Run): void {
		if (run.version !== this.#version) return;
		// Cells whose upstream cells have all settled are prepared (which may settle them too,
		// e.g. from the cache), so repeat until nothing changes.
		let changed = true;
		while (changed) {
			changed = false;
			for (const id of run.order) {
				if (!run.waiting.has(id)) continue;
				const parents = run.graph.parents.get(id) ?? [];
				if (parents.some((parent) => run.planned.has(parent) && !run.finished.has(parent))) continue;
				run.waiting.delete(id);
				this.#prepare(run, id);
				changed = true;
			}
		}
		// Dispatch ready cells, upstream and earlier cells first, while slots are free.
		run.ready.sort((a, b) => (run.rank.get(a.id) ?? 0) - (run.rank.get(b.id) ?? 0));
		while (run.active < this.#concurrency && run.ready.length > 0) {
			const next = run.ready.shift()!;
			run.active++;
			void this.#attempt(run, next.id, next.attempt);
		}
		if (run.finished.size === run.planned.size && this.#current === run) {
			this.#current = null;
			run.done();
		}
	}

	/** The value of an upstream cell for this run, if it succeeded. */
	#upstreamValue(run: Run, id: CellId): CellValue | undefined {
		const state = this.#stateOf(id).state;
		const current = state === 'success' || (!run.planned.has(id) && state === 'stale');
		return current ? this.#outputs.get(id)?.value : undefined;
	}

	/** Gathers inputs and params; settles the cell at once if it cannot run or is cached. */
	#prepare(run: Run, id: CellId): void {
		const cell = run.cells.get(id)!;
		const definition = this.#registry[cell.kind];
		if (!definition) return this.#fail(run, id, `unknown cell kind '${cell.kind}'`);
		if (cell.skip) return this.#finish(run, id, { ...this.#stateOf(id), state: 'skipped', reason: 'switched off' });

		const gathered = gatherInputs(definition, cell, {
			cell: (upstream) => run.cells.get(upstream),
			value: (upstream) => this.#upstreamValue(run, upstream),
			skipped: (upstream) => this.#stateOf(upstream).state === 'skipped',
			// A failed cell is its own root; an upstream_failed one settled in this run recorded its own.
			failedRoots: (upstream) => run.failedRoots.get(upstream) ?? [upstream],
			position: (upstream) => run.position.get(upstream) ?? Number.MAX_SAFE_INTEGER
		});
		if (!gathered.ok && gathered.state === 'failed') return this.#fail(run, id, gathered.message);
		if (!gathered.ok && gathered.state === 'upstream_failed') run.failedRoots.set(id, gathered.failed);
		if (!gathered.ok) return this.#finish(run, id, { ...this.#stateOf(id), state: gathered.state, reason: gathered.reason });

		const params = resolveParams(definition, cell.params);
		if (!params.ok) return this.#fail(run, id, params.issues.map(formatParamIssue).join('; '));
		const key = run.keys.get(id);
		if (key === undefined) return this.#fail(run, id, 'cell has no key (is it on a cycle?)');

		const cached = run.force.has(id) ? undefined : this.#cache.get(key);
		if (cached) {
			this.#outputs.set(id, { ...cached, key });
			return this.#finish(run, id, fromCacheState(this.#stateOf(id), cached, key, this.#clock.now()));
		}
		run.requests.set(id, { cell, params: params.params, inputs: gathered.inputs, file: this.#files(cell) });
		run.ready.push({ id, attempt: 1 });
	}

	/** One try of a cell on the executor; schedules the next try or settles the cell. */
	async #attempt(run: Run, id: CellId, number: number): Promise<void> {
		const request = run.requests.get(id)!;
		const key = run.keys.get(id)!;
		const clock = this.#clock;
		const startedAt = clock.now();
		const log: LogLine[] = [];
		const attempt: Attempt = { number, startedAt, endedAt: null, log, error: null, outcome: 'running' };
		this.#set(id, { ...this.#stateOf(id), state: 'running', attempts: [...this.#stateOf(id).attempts, attempt], progress: null });

		// Hooks write only into this attempt of this run: a late line from a cancelled try is dropped.
		const live = () => {
			const state = this.#stateOf(id);
			return run.version === this.#version && state.state === 'running' && state.attempts.at(-1)?.number === number;
		};
		const hooks = {
			log: (message: string, atMs?: number) => {
				if (!live()) return;
				// Appended in place (a copy of the log per line made a 600-epoch cell quadratic); the
				// attempt is a new object, so listeners comparing by identity still see the line.
				// A worker's own stamp counts from when it began the cell, a moment after the attempt
				// started (the wait for inputs to copy is not in it); a line without one is stamped now.
				log.push({ atMs: atMs ?? clock.now() - startedAt, message });
				const state = this.#stateOf(id);
				this.#set(id, { ...state, attempts: [...state.attempts.slice(0, -1), { ...state.attempts.at(-1)! }] });
			},
			progress: (fraction: number, label?: string) => {
				if (!live()) return;
				const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
				this.#set(id, { ...this.#stateOf(id), progress: { fraction: clamped, label: label ?? '' } });
			}
		};

		let outcome: { ok: true; output: CachedOutput } | { ok: false; message: string };
		try {
			const handle = this.#executor.execute({ ...request, attempt: number }, hooks);
			run.handles.set(id, handle);
			outcome = { ok: true, output: await handle.result };
		} catch (error) {
			outcome = { ok: false, message: messageOf(error) };
		}
		// A result for a cancelled or superseded run is dropped.
		if (run.version !== this.#version) return;
		run.handles.delete(id);
		run.active--;

		const endedAt = clock.now();
		const state = this.#stateOf(id);
		const firstStart = state.attempts[0]?.startedAt ?? startedAt;
		const ended = (change: Partial<Attempt>) => [
			...state.attempts.slice(0, -1),
			{ ...state.attempts.at(-1)!, endedAt, ...change }
		];
		if (outcome.ok) {
			const { value, summary } = outcome.output;
			this.#outputs.set(id, { value, summary, key });
			this.#cache.set(key, { value, summary });
			this.#finish(run, id, {
				...state,
				state: 'success',
				attempts: ended({ outcome: 'success' }),
				durationMs: endedAt - firstStart,
				fromCache: false,
				outputKey: key,
				summary
			});
		} else if (number <= request.cell.retry.count) {
			this.#set(id, { ...state, state: 'up_for_retry', attempts: ended({ outcome: 'failed', error: outcome.message }) });
			// The slot is free while the cell waits.
			this.#advance(run);
			await clock.sleep(request.cell.retry.delayMs);
			if (run.version !== this.#version) return;
			run.ready.push({ id, attempt: number + 1 });
		} else {
			this.#finish(run, id, {
				...state,
				state: 'failed',
				attempts: ended({ outcome: 'failed', error: outcome.message }),
				durationMs: endedAt - firstStart
			});
		}
		this.#advance(run);
	}
}
