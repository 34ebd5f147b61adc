import { describe, expect, it } from 'vitest';
import { trainCell } from '../../../src/lib/cells/train';
import { trainGridCell } from '../../../src/lib/cells/train-grid';
import type { Splits } from '../../../src/lib/cells/values';
import { tableToMatrix } from '../../../src/lib/data/table-matrix';
import type { LinearModel } from '../../../src/lib/ml/model';
import { pathLength } from '../../../src/lib/ml/path';
import { markReplayable, replayedNote, replayPath } from '../../../src/lib/ml/path-replay';
import { surfaceData } from '../../../src/lib/ml/surface-scene';
import { fakeContext } from '../cells/fake-context';
import { cloudSplits, gridParams, wideTextSplits } from '../cells/grid-fixture';

/** The train cell's model of `model`'s hyperparameters on `splits`. */
function trainCellModel(splits: Splits, model: LinearModel): Promise<LinearModel> {
	return trainCell.run(model.hyperparameters as never, { data: [splits] }, fakeContext());
}

/** The grid's model as a GPU grid over CSR rows gives it: no path, the grid's note. */
function bare({ path: _path, ...model }: LinearModel, note = 'paths are recorded on the GPU for dense rows only'): LinearModel {
	return markReplayable({ ...model, pathNote: note }, 61);
}

describe('surfaceData of a grid model: the rows the grid trained on', () => {
	it('is the training matrix and labels as the grid cell built them, dense or CSR, in the same order', async () => {
		const formats: string[] = [];
		for (const splits of [cloudSplits(), wideTextSplits(64)]) {
			const grid = await trainGridCell.run(gridParams({ schedules: ['optimal'], alphas: ['0.001'], seeds: ['1'], device: 'cpu' }), { data: [splits] }, fakeContext());
			const data = surfaceData(grid.models[0]!, splits.train);
			expect(data.matrix).toEqual(tableToMatrix(splits.train).matrix);
			expect([...data.y]).toEqual([...splits.train.labels].map((label) => (label === 1 ? 1 : -1)));
			formats.push(data.matrix.format);
		}
		expect(formats).toEqual(['dense', 'csr']);
	});
});

describe('replayPath(data, model)', () => {
	it("records the path the grid would have kept, which is a train cell's, and ends it at the grid's model", async () => {
		const splits = cloudSplits();
		const grid = await trainGridCell.run(gridParams({ schedules: ['constant', 'optimal'], seeds: ['1'], device: 'cpu' }), { data: [splits] }, fakeContext());
		for (const model of grid.models) {
			const replayed = replayPath(surfaceData(model, splits.train), bare(model));
			if (!('path' in replayed)) throw new Error(`no path replayed: ${replayed.pathNote}`);
			// The same seed visits the rows in the same order: the path the grid kept.
			expect([...replayed.path]).toEqual([...model.path!]);
			expect([...replayed.path]).toEqual([...(await trainCellModel(splits, model)).path!]);
			expect([...replayed.path.slice(-4)]).toEqual([...model.coef, model.intercept[0]!]);
		}
	});

	it("ends at the grid's model where that differs from the CPU's (a GPU's agrees to 1e-4)", async () => {
		const splits = cloudSplits();
		const grid = await trainGridCell.run(gridParams({ schedules: ['optimal'], alphas: ['0.001'], seeds: ['1'], device: 'cpu' }), { data: [splits] }, fakeContext());
		const model = grid.models[0]!;
		const gpuLike = { ...bare(model), coef: model.coef.map((value) => value + 1e-5), intercept: Float32Array.of(model.intercept[0]! - 1e-5) };
		const replayed = replayPath(surfaceData(model, splits.train), gpuLike);
		if (!('path' in replayed)) throw new Error('no path replayed');
		expect([...replayed.path.slice(-4)]).toEqual([...gpuLike.coef, gpuLike.intercept[0]!]);
		expect([...replayed.path.slice(0, -4)]).toEqual([...model.path!.slice(0, -4)]);
	});

	it("over hashed text (CSR) too wide for a grid's share: a train cell's path of 3 points, ending at the grid's model", async () => {
		const splits = wideTextSplits(1 << 18);
		const grid = await trainGridCell.run(gridParams({ learningRates: ['0.01', '0.1'], alphas: ['0.0001', '0.001', '0.01', '0.1', '1'], schedules: ['constant'], seeds: ['1'], device: 'cpu' }), { data: [splits] }, fakeContext());
		const model = grid.models[3]!;
		expect(model.path).toBeUndefined();
		expect(model.pathReplayable).toBe(true);
		const replayed = replayPath(surfaceData(model, splits.train), model);
		if (!('path' in replayed)) throw new Error(`no path replayed: ${replayed.pathNote}`);
		const d = (1 << 18) + 1;
		expect(pathLength(replayed.path, d)).toBe(3);
		expect(replayed.path).toEqual((await trainCellModel(splits, model)).path);
		expect([...replayed.path.slice(-(d + 1))]).toEqual([...model.coef, model.intercept[0]!]);
	});

	it('gives the reason when a train cell could keep no path either, and refuses one-vs-rest', () => {
		const d = 1 << 19;
		const data = { matrix: { format: 'csr' as const, rowCount: 2, featureCount: d, indptr: Uint32Array.of(0, 1, 2), indices: Uint32Array.of(0, 1), values: Float32Array.of(1, 1) }, y: Int8Array.of(1, -1) };
		const hyperparameters = cloudSplitsHyperparameters();
		expect(replayPath(data, { coef: new Float32Array(d), intercept: new Float32Array(1), hyperparameters })).toEqual({
			pathNote: 'at 524,288 weights the 3 points a plane needs take 6 MiB, more than the 4 MiB a path may keep'
		});
		expect(() => replayPath(data, { coef: new Float32Array(2 * d), intercept: new Float32Array(2), hyperparameters })).toThrow('path replay: only a binary model has a path (this one is one-vs-rest)');
	});
});

describe('markReplayable and replayedNote', () => {
	it("say the panel records the best paths, then whose were, with the grid's reason", async () => {
		const grid = await trainGridCell.run(gridParams({ schedules: ['optimal'], alphas: ['0.001'], seeds: ['1'], device: 'cpu' }), { data: [cloudSplits()] }, fakeContext());
		const marked = bare(grid.models[0]!);
		expect(marked.pathReplayable).toBe(true);
		expect(marked.pathNote).toBe("paths are recorded on the GPU for dense rows only; the loss-surface panel records the best configurations' paths by training them again on the CPU");
		// A model with its path, or of one-vs-rest, is left as it is.
		expect(markReplayable(grid.models[0]!, 61)).toBe(grid.models[0]);
		expect(replayedNote(marked.pathNote, ['η 0.1'])).toBe("paths are recorded on the GPU for dense rows only. The best configuration's path was replayed on the CPU: η 0.1");
		expect(replayedNote(marked.pathNote, ['A', 'B', 'C'])).toBe("paths are recorded on the GPU for dense rows only. The best configurations' paths were replayed on the CPU: A, B, and C");
		expect(replayedNote(marked.pathNote, [])).toBe('paths are recorded on the GPU for dense rows only');
	});
});

function cloudSplitsHyperparameters(): LinearModel['hyperparameters'] {
	return { alpha: 0.001, schedule: 'optimal', eta0: 0.01, powerT: 0.5, epochs: 2, seed: 1, shuffle: true, fitIntercept: true, average: false, classWeight: 'none', tol: 1e-3, nIterNoChange: 5, batchSize: 1 };
}
