import { describe, expect, it } from 'vitest';
import { rankModels } from '../../../src/lib/cells/select';
import { trainGridCell } from '../../../src/lib/cells/train-grid';
import type { LinearModel } from '../../../src/lib/ml/model';
import { markReplayable, replayPath } from '../../../src/lib/ml/path-replay';
import { surfaceData } from '../../../src/lib/ml/surface-scene';
import { PathReplays } from '../../../src/lib/workers/path-replays';
import { fakeContext } from '../cells/fake-context';
import { cloudSplits, gridParams } from '../cells/grid-fixture';

/** A CPU grid (which keeps paths), and its models as a GPU grid over CSR rows gives them: no path, replayable. */
async function gridWithoutPaths(cellId = 'grid', validation = true) {
	const splits = cloudSplits();
	if (!validation) splits.validation = null;
	const grid = await trainGridCell.run(gridParams({ schedules: ['constant', 'optimal'], seeds: ['1'], device: 'cpu' }), { data: [splits] }, { ...fakeContext(), cell: { id: cellId, title: 'Grid' } });
	const bare = grid.models.map(({ path: _path, ...model }) => markReplayable({ ...model, pathNote: 'paths are recorded on the GPU for dense rows only' }, splits.train.rowCount));
	return { splits, grid, bare };
}

describe('PathReplays', () => {
	it('chooses the best of each grid by objective, validation accuracy and F1 (at most three), as select best may', async () => {
		const { bare } = await gridWithoutPaths();
		const pending = new PathReplays().pending(bare, bare[0]!);
		const best = new Set((['objective', 'validation-accuracy', 'validation-f1'] as const).map((by) => rankModels(bare, by)[0]!.model));
		expect(new Set(pending)).toEqual(best);
		expect(pending.length).toBeLessThanOrEqual(3);
		// Without validation metrics only the objective ranks.
		const noValidation = (await gridWithoutPaths('grid', false)).bare;
		expect(new PathReplays().pending(noValidation, noValidation[0]!)).toEqual([rankModels(noValidation, 'objective')[0]!.model]);
		// Two grids: each its own best.
		const other = (await gridWithoutPaths('other')).bare;
		expect(new PathReplays().pending([...bare, ...other], bare[0]!)).toHaveLength(pending.length * 2);
	});

	it('replays nothing for models with paths, train cells, or models read from other rows than the scene', async () => {
		const { grid, bare } = await gridWithoutPaths();
		const replays = new PathReplays();
		expect(replays.pending(grid.models, grid.models[0]!)).toEqual([]);
		const { pathReplayable: _mark, ...unmarked } = bare[0]!;
		expect(replays.pending([unmarked], unmarked)).toEqual([]);
		const otherClasses = { ...bare[0]!, classes: ['pos', 'neg'] };
		expect(replays.pending(bare, otherClasses)).toEqual([]);
	});

	it("the replayed paths are the grid's, and the others say whose were replayed; once done nothing is replayed again", async () => {
		const { splits, grid, bare } = await gridWithoutPaths();
		const replays = new PathReplays();
		const pending = replays.pending(bare, bare[0]!);
		const data = surfaceData(bare[0]!, splits.train);
		replays.record(bare, pending, pending.map((model) => replayPath(data, model)));
		expect(replays.pending(bare, bare[0]!)).toEqual([]);
		bare.forEach((model, k) => {
			const shown = replays.shown(model);
			if (pending.includes(model)) {
				// The same seed visits the rows in the same order: the path the grid would have kept.
				expect([...shown.path!]).toEqual([...grid.models[k]!.path!]);
				expect(shown.pathNote).toBeUndefined();
			} else {
				expect(shown.path).toBeUndefined();
				expect(shown.pathNote).toMatch(/^paths are recorded on the GPU for dense rows only\. The best configurations?'s? paths? (were|was) replayed on the CPU: [^()]+$/);
				for (const replayed of pending) expect(shown.pathNote).toContain(replayed.origin.cellTitle);
			}
		});
		// A model never replayed shows its own path and note.
		expect(replays.shown(grid.models[0]!)).toEqual({ path: grid.models[0]!.path });
	});

	it('a replay that failed is said in the note of its model, and not tried again', async () => {
		const { bare } = await gridWithoutPaths();
		const replays = new PathReplays();
		const pending = replays.pending(bare, bare[0]!);
		replays.record(bare, pending, pending.map(() => ({ error: 'Floating-point under-/overflow occurred at row 3' })));
		expect(replays.pending(bare, bare[0]!)).toEqual([]);
		expect(replays.shown(pending[0]!).pathNote).toBe('paths are recorded on the GPU for dense rows only; its path could not be replayed on the CPU: Floating-point under-/overflow occurred at row 3');
		const other = bare.find((model) => !pending.includes(model)) as LinearModel;
		expect(replays.shown(other).pathNote).toBe('paths are recorded on the GPU for dense rows only');
	});
});
