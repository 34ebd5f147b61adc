/**
 * Shards of a train-grid cell: `descent run-cell … --shard i/S` trains the i-th of S contiguous
 * slices of the cell's configurations (in the order gridConfigurations lists them) and stores
 * the partial grid under a key of its own, derived from the cell's output key; `--merge S` joins
 * the S partial grids, in shard order, into the grid the unsharded cell makes, and stores it
 * under the cell's own key, so the cells below read it as if the cell had run whole. Each
 * configuration trains independently of the others (its own seed and weights), so the merged
 * models are the unsharded ones; only their measured training times differ.
 */
import { gridConfigurations, type GridParams } from '../cells/grid-configurations';
import type { CellRegistry } from '../cells/params';
import { trainConfigurations, trainGridCell } from '../cells/train-grid';
import type { CellDefinition } from '../cells/types';
import type { ModelGrid } from '../cells/values';
import { hashValue } from '../ml/hash';

/** The i-th (1-based) of `count` shards. */
export interface ShardSpec {
	index: number;
	count: number;
}

/** The most shards a cell may be cut into; a grid holds at most 4096 configurations anyway. */
export const MAX_SHARDS = 4096;

/** Reads "i/S" (1 ≤ i ≤ S ≤ 4096, whole numbers); the error says what was wrong. */
export function parseShard(text: string): ShardSpec {
	const match = /^(\d+)\/(\d+)$/.exec(text.trim());
	if (!match) throw new Error(`expected i/S (e.g. 2/4, the second of four shards), got '${text}'`);
	const index = Number(match[1]);
	const count = Number(match[2]);
	if (count < 1 || count > MAX_SHARDS) throw new Error(`the shard count must be 1 to ${MAX_SHARDS}, got ${count}`);
	if (index < 1 || index > count) throw new Error(`the shard index must be 1 to ${count}, got ${index}`);
	return { index, count };
}

/** Reads a shard count S for `--merge S` / `--shards S`. */
export function parseShardCount(text: string): number {
	if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > MAX_SHARDS) throw new Error(`expected a whole number of shards, 1 to ${MAX_SHARDS}, got '${text}'`);
	return Number(text);
}

/**
 * The configurations of shard `spec` out of `total`: [start, end), contiguous, sizes differing by
 * at most one, together covering 0..total in order (shard i starts where shard i−1 ends).
 */
export function shardRange(total: number, spec: ShardSpec): { start: number; end: number } {
	return { start: Math.floor((total * (spec.index - 1)) / spec.count), end: Math.floor((total * spec.index) / spec.count) };
}

/** The key a shard's partial grid is stored under: a 16-hex-digit hash, as output keys are. */
export function shardKey(cellKey: string, spec: ShardSpec): string {
	return hashValue({ shardOf: cellKey, index: spec.index, count: spec.count });
}

const EMPTY_SUMMARY = { configurations: 0 };

/** The train-grid cell restricted to one shard's configurations: same fields, inputs and key. */
export function shardCellDefinition(spec: ShardSpec): CellDefinition<GridParams, ModelGrid> {
	return {
		...trainGridCell,
		async run(params, inputs, context) {
			const all = gridConfigurations(params);
			const { start, end } = shardRange(all.length, spec);
			context.log(`shard ${spec.index}/${spec.count}: configurations ${start + 1}–${end} of ${all.length}`);
			if (start === end) return { kind: 'model-grid', models: [], device: 'cpu', adapter: null };
			return trainConfigurations(params, all.slice(start, end), inputs, context);
		},
		summarize: (grid) => (grid.models.length === 0 ? EMPTY_SUMMARY : trainGridCell.summarize(grid))
	};
}

/** `registry` with its train-grid kind replaced by the shard's. */
export function shardRegistry(registry: CellRegistry, spec: ShardSpec): CellRegistry {
	return { ...registry, 'train-grid': shardCellDefinition(spec) } as CellRegistry;
}

/**
 * The grid of the whole cell from its shards' grids, given in shard order. It ran on the GPU only
 * if every shard did (a shard that lost its device fell back to the CPU, as the whole cell would).
 * Throws when no shard trained a model, as the unsharded cell does.
 */
export function mergeShardGrids(grids: readonly ModelGrid[]): ModelGrid {
	const models = grids.flatMap((grid) => grid.models);
	if (models.length === 0) throw new Error('every configuration failed: see the shards\' logs');
	const onGpu = grids.filter((grid) => grid.models.length > 0).every((grid) => grid.device === 'gpu');
	return {
		kind: 'model-grid',
		models,
		device: onGpu ? 'gpu' : 'cpu',
		adapter: onGpu ? (grids.find((grid) => grid.adapter)?.adapter ?? null) : null
	};
}
