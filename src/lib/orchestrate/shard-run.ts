/**
 * The artifact-store side of shards (shard.ts): `run-cell --shard i/S` runs a train-grid cell
 * on its i-th slice through the same runCell as any cell (inputs from the store, cache hit when
 * done) but stores it under the shard's key; `run-cell --merge S` reads the S shard grids and
 * stores their merge under the cell's own key, as the unsharded cell would have. Either is a
 * cache hit when the cell's key is already stored (the cell ran whole, or was merged before).
 */
import type { CellRegistry } from '../cells/params';
import type { ModelGrid } from '../cells/values';
import { outputKeys, type FilesOf } from '../dag/keys';
import { systemClock, type Clock } from '../dag/run-types';
import type { Notebook, NotebookCell } from '../notebook/types';
import { ArtifactStore, thisWorker, type StoredLogLine, type StoredRun } from './artifact-store';
import { MissingInputError, runCell, type RunCellResult } from './run-cell';
import { mergeShardGrids, shardKey, shardRange, shardRegistry, type ShardSpec } from './shard';

export interface ShardRunOptions {
	notebook: Notebook;
	registry: CellRegistry;
	cellId: string;
	files: FilesOf;
	store: ArtifactStore;
	clock?: Clock;
}

/** The store seen by one shard: the cell's key reads and writes the shard's key instead. */
class ShardStore extends ArtifactStore {
	readonly #from: string;
	readonly #to: string;

	constructor(dir: string, from: string, to: string) {
		super(dir);
		this.#from = from;
		this.#to = to;
	}

	#map(key: string): string {
		return key === this.#from ? this.#to : key;
	}

	override summaryPath(key: string): string {
		return super.summaryPath(this.#map(key));
	}

	override failedPath(key: string): string {
		return super.failedPath(this.#map(key));
	}

	override done(key: string): StoredRun | null {
		return super.done(this.#map(key));
	}

	override failure(key: string): StoredRun | null {
		return super.failure(this.#map(key));
	}

	override writeOutput(key: string, value: Parameters<ArtifactStore['writeOutput']>[1]): NonNullable<StoredRun['output']> {
		return super.writeOutput(this.#map(key), value);
	}

	override writeRun(run: StoredRun): void {
		super.writeRun({ ...run, key: this.#map(run.key) });
	}
}

function gridCell(options: ShardRunOptions): { cell: NotebookCell; key: string } {
	const cell = options.notebook.cells.find((candidate) => candidate.id === options.cellId);
	if (!cell) throw new Error(`the notebook has no cell '${options.cellId}'`);
	if (cell.kind !== 'train-grid') throw new Error(`cell '${cell.id}' is a ${cell.kind} cell: only train-grid cells run as shards`);
	const key = outputKeys(options.notebook, options.registry, options.files).get(cell.id);
	if (key === undefined) throw new Error(`cell '${cell.id}' is on or below a cycle: it has no output key`);
	return { cell, key };
}

/** Trains shard `spec` of a train-grid cell; the returned key is the shard's. */
export async function runShard(options: ShardRunOptions & { shard: ShardSpec }): Promise<RunCellResult> {
	const { key } = gridCell(options);
	const whole = options.store.done(key);
	if (whole) return { outcome: 'cached', key, run: whole };
	const shard = shardKey(key, options.shard);
	const store = new ShardStore(options.store.dir, key, shard);
	const result = await runCell({ ...options, registry: shardRegistry(options.registry, options.shard), store, clock: options.clock });
	return { ...result, key: shard, run: { ...result.run, key: shard } };
}

/** Merges the `count` shards of a train-grid cell into its output, under its own key. */
export async function runMerge(options: ShardRunOptions & { count: number }): Promise<RunCellResult> {
	const { cell, key } = gridCell(options);
	const { store, count } = options;
	const clock = options.clock ?? systemClock;
	const done = store.done(key);
	if (done) return { outcome: 'cached', key, run: done };
	const started = clock.now();
	const shards: StoredRun[] = [];
	for (let index = 1; index <= count; index++) {
		const shard = shardKey(key, { index, count });
		const run = store.done(shard) ?? store.failure(shard);
		if (!run) {
			throw new MissingInputError(
				`cell '${cell.id}' merges ${count} shards; shard ${index}/${count} (key ${shard}) is not in ${store.dir}: run it first (descent run-cell … --cell ${cell.id} --shard ${index}/${count})`,
				cell.id,
				shard
			);
		}
		shards.push(run);
	}
	const record = (change: Partial<StoredRun> & Pick<StoredRun, 'state' | 'error'>): RunCellResult => {
		const startedAt = shards.map((run) => run.startedAt).sort()[0] ?? new Date().toISOString();
		const run: StoredRun = {
			format: 'descent-artifact',
			version: 1,
			key,
			cell: { id: cell.id, title: cell.title, kind: cell.kind },
			attempts: 1,
			log: [],
			summary: {},
			output: null,
			worker: thisWorker(),
			startedAt,
			durationMs: Math.max(0, Math.round(Date.now() - Date.parse(startedAt))),
			...change
		};
		store.writeRun(run);
		return { outcome: 'ran', key, run };
	};
	// A shard that did not succeed settles the cell the same way (skipped, upstream failed, failed).
	const unsettled = shards.findIndex((run) => run.state !== 'success');
	if (unsettled >= 0) {
		const run = shards[unsettled]!;
		const error = run.state === 'failed' ? `shard ${unsettled + 1}/${count} failed: ${run.error ?? 'see its log'}` : run.error;
		return record({ state: run.state, error, log: run.log, attempts: run.state === 'failed' ? run.attempts : 0 });
	}
	const grids = shards.map((run) => store.readOutput(run) as ModelGrid);
	const log: StoredLogLine[] = [];
	shards.forEach((run, index) => {
		for (const line of run.log.filter((entry) => entry.attempt === run.attempts)) log.push({ attempt: 1, atMs: line.atMs, message: `shard ${index + 1}/${count}: ${line.message}` });
	});
	const at = () => Math.round(clock.now() - started);
	try {
		const merged = mergeShardGrids(grids);
		const total = merged.models.length;
		const sizes = grids.map((grid) => grid.models.length).join(' + ');
		log.push({ attempt: 1, atMs: at(), message: `merged ${count} shards: ${sizes} = ${total} models` });
		const best = merged.models.reduce((a, b) => (b.finalObjective < a.finalObjective ? b : a));
		log.push({ attempt: 1, atMs: at(), message: `best final objective ${best.finalObjective.toPrecision(6)}: ${best.origin.cellTitle}` });
		const output = store.writeOutput(key, merged);
		const summary = options.registry[cell.kind]!.summarize(merged);
		return record({ state: 'success', error: null, log, summary, output });
	} catch (error) {
		return record({ state: 'failed', error: (error as Error).message, log });
	}
}

