import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/lib/cells/values';
import { generateSynthetic } from '../../../src/lib/cells/dataset/synthetic';
import { denseToCsr, densePreview, type DenseMatrix } from '../../../src/lib/data/feature-matrix';
import { tableToMatrix } from '../../../src/lib/data/table-matrix';
import type { LinearModel, SgdHyperparameters } from '../../../src/lib/ml/model';
import { fitLinearModel } from '../../../src/lib/ml/train';
import { surfaceData, surfaceScene } from '../../../src/lib/ml/surface-scene';
import { lossSurfaceCpu } from '../../../src/lib/ml/loss-surface';
import { lossSurfaceProjected } from '../../../src/lib/ml/loss-surface-projected';
import { trainGridCell } from '../../../src/lib/cells/train-grid';
import type { Splits } from '../../../src/lib/cells/values';
import { fakeContext } from '../cells/fake-context';
import { cloudTable, gridParams } from '../cells/grid-fixture';

const hyperparameters: SgdHyperparameters = {
	alpha: 0.01, schedule: 'constant', eta0: 0.05, powerT: 0.5, epochs: 5, seed: 1, shuffle: true, fitIntercept: true,
	average: false, classWeight: 'none', tol: 1e-3, nIterNoChange: 5, batchSize: 1
};

function model(table: Table, eta0: number, alpha = hyperparameters.alpha): LinearModel {
	const fit = fitLinearModel(tableToMatrix(table), table.labels, table.classes, { ...hyperparameters, eta0, alpha });
	return { kind: 'model', ...fit, preprocessing: [], trainMetrics: null!, validationMetrics: null, origin: { cellId: `sgd-${eta0}`, cellTitle: `η ${eta0}`, device: 'cpu' }, trainingMs: 0 };
}

const titled = (models: LinearModel[]) => models.map((m) => ({ title: m.origin.cellTitle, model: m }));

/** Four features: x1, x2 and two copies with noise. */
function wideTable(): Table {
	const base = generateSynthetic('overlapping-blobs', { name: 'wide', rows: 120, noise: 0, seed: 2 });
	const [x1, x2] = base.columns.map((column) => column.values as Float32Array) as [Float32Array, Float32Array];
	return { ...base, columns: [...base.columns, { name: 'x3', type: 'numeric', values: x1.map((v, i) => v - x2[i]!) }, { name: 'x4', type: 'numeric', values: x2.map((v) => v * 0.5) }] };
}

/** The wide table's four features as one hashed-text-like CSR column of width 6 (two never used), with some zeros. */
function sparseTable(): Table {
	const wide = wideTable();
	const { matrix } = tableToMatrix(wide);
	const dense = matrix as DenseMatrix;
	const values = new Float32Array(dense.rowCount * 6);
	for (let i = 0; i < dense.rowCount; i++) {
		for (let j = 0; j < 4; j++) {
			// Zeros where a word would be absent: every third entry.
			if ((i + j) % 3 !== 0) values[i * 6 + [0, 2, 3, 5][j]!] = dense.values[i * 4 + j]!;
		}
	}
	const csr = denseToCsr({ format: 'dense', rowCount: dense.rowCount, featureCount: 6, values });
	return { ...wide, columns: [{ name: 'words', type: 'sparse', width: 6, indptr: csr.indptr, indices: csr.indices, values: csr.values }] };
}

describe('surfaceScene', () => {
	it('two features: the (w1, w2) square, each path ending at its model', () => {
		const table = generateSynthetic('two-blobs', { name: 'blobs', rows: 100, noise: 0, seed: 1 });
		const models = [model(table, 0.01), model(table, 0.1)];
		const scene = surfaceScene(titled(models), 1, surfaceData(models[1]!, table), { resolution: 8, directions: 'principal' });
		expect(scene.plane.aRange).toEqual([-6, 6]);
		expect(scene.labels.a).toBe('w1');
		expect(scene.paths).toHaveLength(2);
		const last = scene.paths[0]!.points.slice(-2);
		expect([...last]).toEqual([models[0]!.coef[0], models[0]!.coef[1]]);
	});

	it('two features: the square widens to hold a path that leaves [-6, 6]²', () => {
		const table = generateSynthetic('two-blobs', { name: 'blobs', rows: 100, noise: 0, seed: 1 });
		const far = model(table, 0.1);
		// three points (w1, w2, b): the second reaches w2 = 9
		far.path = Float32Array.from([0, 0, 0, 4, 9, -2, -7.5, 1, 0.5]);
		const scene = surfaceScene(titled([far]), 0, surfaceData(far, table), { resolution: 8, directions: 'principal' });
		expect(scene.plane.aRange[1]).toBeCloseTo(9 * 1.15, 5);
		expect(scene.plane.bRange).toEqual(scene.plane.aRange);
		expect(scene.plane.aRange[0]).toBe(-scene.plane.aRange[1]);
	});

	it('one feature: says a surface needs two weights, instead of failing inside', () => {
		const base = generateSynthetic('two-blobs', { name: 'blobs', rows: 60, noise: 0, seed: 1 });
		const table: Table = { ...base, columns: base.columns.slice(0, 1) };
		const one = model(table, 0.1);
		expect(() => surfaceScene(titled([one]), 0, surfaceData(one, table), { resolution: 8, directions: 'principal' })).toThrow('no loss surface: it is drawn over two weights, and this model has one feature (w1)');
	});

	it('more features: a plane through the chosen model, which sits at (0, 0) and on the surface', () => {
		const table = wideTable();
		const models = [model(table, 0.01), model(table, 0.05)];
		const scene = surfaceScene(titled(models), 1, surfaceData(models[1]!, table), { resolution: 9, directions: 'principal' });
		expect(scene.labels.a).toMatch(/^principal direction 1 \(\d+% of the path's variance\)$/);
		expect(scene.labels.note).toMatch(/4 weights/);
		// the title names the model; the one-line note does not again (a long title cut it off at the chart's edge)
		expect(scene.labels.title).toContain(titled(models)[1]!.title);
		expect(scene.labels.note).not.toContain(titled(models)[1]!.title);
		expect(scene.labels.note).toMatch(new RegExp(`, α = ${models[1]!.hyperparameters.alpha}$`));
		const end = scene.paths[1]!.points.slice(-2);
		expect(Math.abs(end[0]!)).toBeLessThan(1e-5);
		expect(Math.abs(end[1]!)).toBeLessThan(1e-5);
		// The surface's centre value (odd resolution: grid point (4, 4) is a = b = 0) is the model's objective.
		const { matrix, y } = scene.data;
		const values = lossSurfaceCpu((matrix as DenseMatrix).values, y, 4, scene.alpha, scene.plane);
		expect(values[4 * 9 + 4]).toBeCloseTo(models[1]!.finalObjective, 4);
		const random = surfaceScene(titled(models), 0, scene.data, { resolution: 9, directions: 'random' });
		expect(random.labels.a).toBe('random direction 1');
	});

	it('hashed text (CSR): the rows stay CSR, and the surface equals the one over the same rows densified', () => {
		const table = sparseTable();
		const models = [model(table, 0.01), model(table, 0.05)];
		const data = surfaceData(models[1]!, table);
		expect(data.matrix.format).toBe('csr');
		// A single hashed column is read in place, not copied.
		expect(data.matrix.format === 'csr' && data.matrix.indices).toBe((table.columns[0] as { indices: Uint32Array }).indices);
		const scene = surfaceScene(titled(models), 1, data, { resolution: 9, directions: 'principal' });
		expect(scene.labels.note).toMatch(/6 weights/);
		expect(scene.paths).toHaveLength(2);

		const onCsr = lossSurfaceProjected(scene.data.matrix, scene.data.y, scene.alpha, scene.plane);
		const dense = densePreview(data.matrix, data.matrix.rowCount);
		const reference = lossSurfaceCpu(dense, data.y, 6, scene.alpha, scene.plane);
		for (let k = 0; k < reference.length; k++) expect(Math.abs(onCsr[k]! - reference[k]!) / reference[k]!).toBeLessThan(1e-4);
		// The chosen model sits at the centre, on its own objective.
		expect(onCsr[4 * 9 + 4]).toBeCloseTo(models[1]!.finalObjective, 4);
	});

	it('refuses data of another width than the model reads', () => {
		const table = wideTable();
		const models = [model(table, 0.01)];
		const narrow = { matrix: { format: 'dense' as const, rowCount: 1, featureCount: 3, values: new Float32Array(3) }, y: Int8Array.of(1) };
		expect(() => surfaceScene(titled(models), 0, narrow, { resolution: 4, directions: 'random' })).toThrow('the model reads 4 features, its data has 3');
	});

	it('principal directions when the chosen model has a path: the menu offers them and nothing needs saying', () => {
		const table = wideTable();
		const models = [model(table, 0.01), model(table, 0.05)];
		const scene = surfaceScene(titled(models), 1, surfaceData(models[1]!, table), { resolution: 5, directions: 'principal' });
		expect(scene).toMatchObject({ directions: 'principal', principalAvailable: true, note: null });
		expect(surfaceScene(titled(models), 1, scene.data, { resolution: 5, directions: 'random' })).toMatchObject({ directions: 'random', principalAvailable: true, note: null });
	});

	it('a chosen model without a path (a cached grid result): random directions, said so, and no path to replay', () => {
		const table = wideTable();
		const models = [model(table, 0.01), model(table, 0.05)].map(({ path: _path, ...rest }) => rest as LinearModel);
		const scene = surfaceScene(titled(models), 1, surfaceData(models[1]!, table), { resolution: 5, directions: 'principal' });
		expect(scene.directions).toBe('random');
		expect(scene.principalAvailable).toBe(false);
		expect(scene.labels.a).toBe('random direction 1');
		expect(scene.paths).toHaveLength(0);
		expect(scene.note).toBe(
			'No SGD path was recorded for η 0.05 or the other model: these results were restored from a cache that kept no path; press Recompute on its cell to record one. The plane is along random directions instead of the principal directions of its path.'
		);
	});

	it("says the trainer's reason when it kept no path, and a path too short to span a plane", () => {
		const table = wideTable();
		const wide = { ...model(table, 0.05), path: undefined, pathNote: 'paths are recorded on the GPU for dense rows only' };
		const scene = surfaceScene(titled([wide]), 0, surfaceData(wide, table), { resolution: 5, directions: 'random' });
		expect(scene.note).toBe('No SGD path was recorded for η 0.05: paths are recorded on the GPU for dense rows only. The plane is along the random directions chosen.');
		const short = model(table, 0.05);
		short.path = short.path!.slice(0, 2 * 5);
		expect(surfaceScene(titled([short]), 0, scene.data, { resolution: 5, directions: 'principal' }).note).toMatch(/: its path has 2 points, a plane needs 3\. The plane is along random directions/);
	});

	it('two features without a path: the (w1, w2) square, and the note says there is no path', () => {
		const table = generateSynthetic('two-blobs', { name: 'blobs', rows: 60, noise: 0, seed: 1 });
		const { path: _path, ...bare } = model(table, 0.1);
		const scene = surfaceScene(titled([bare as LinearModel]), 0, surfaceData(bare, table), { resolution: 5, directions: 'principal' });
		expect(scene).toMatchObject({ directions: null, principalAvailable: false, paths: [] });
		expect(scene.note).toMatch(/^No SGD path was recorded for η 0\.1: these results were restored from a cache/);
	});

	it('says which of the other models have no path, and why, while the chosen one has its own', () => {
		const table = wideTable();
		const models = [model(table, 0.01), model(table, 0.02), model(table, 0.05)];
		const note = "paths are recorded on the GPU for dense rows only. The best configuration's path was replayed on the CPU: η 0.05";
		const bare = models.map((item, k) => (k === 2 ? item : ({ ...item, path: undefined, pathNote: note } as LinearModel)));
		const scene = surfaceScene(titled(bare), 2, surfaceData(bare[2]!, table), { resolution: 5, directions: 'principal' });
		expect(scene).toMatchObject({ directions: 'principal', principalAvailable: true });
		expect(scene.paths.map((path) => path.label)).toEqual(['η 0.05']);
		expect(scene.note).toBe(`None of the other 2 models has a recorded path: ${note}.`);
		const one = models.map((item, k) => (k === 0 ? ({ ...item, path: undefined, pathNote: note } as LinearModel) : item));
		expect(surfaceScene(titled(one), 2, scene.data, { resolution: 5, directions: 'principal' }).note).toBe(`η 0.01 has no recorded path: ${note}.`);
		// Other reasons: one named for example, with no brackets within brackets.
		const mixed = models.map((item, k) => (k === 2 ? item : ({ ...item, path: undefined, pathNote: k === 0 ? note : 'the GPU could not keep the paths' } as LinearModel)));
		expect(surfaceScene(titled(mixed), 2, scene.data, { resolution: 5, directions: 'principal' }).note).toBe(`None of the other 2 models has a recorded path, e.g. η 0.01: ${note}.`);
	});

	it("says when paths of models trained with another α are drawn over the chosen model's objective", () => {
		const table = wideTable();
		const same = [model(table, 0.01), model(table, 0.05)];
		expect(surfaceScene(titled(same), 1, surfaceData(same[1]!, table), { resolution: 5, directions: 'principal' }).note).toBeNull();
		const mixed = [model(table, 0.01, 0.001), model(table, 0.02, 0.1), model(table, 0.05), model(table, 0.03, 0.1)];
		const scene = surfaceScene(titled(mixed), 2, surfaceData(mixed[2]!, table), { resolution: 5, directions: 'principal' });
		expect(scene.alpha).toBe(0.01);
		expect(scene.chosenPath).toBe(2);
		expect(scene.note).toBe('Paths of models with α = 0.001 or 0.1 (3 of the 4 paths) are drawn over this surface, whose objective uses α = 0.01: their own objective differs.');
		const one = surfaceScene(titled(mixed.slice(1, 3)), 1, scene.data, { resolution: 5, directions: 'principal' });
		expect(one.note).toBe('The path of η 0.02, trained with α = 0.1, is drawn over this surface, whose objective uses α = 0.01: its own objective differs.');
		// Two features too.
		const blobs = generateSynthetic('two-blobs', { name: 'blobs', rows: 60, noise: 0, seed: 1 });
		const pair = [model(blobs, 0.01, 0.1), model(blobs, 0.05)];
		expect(surfaceScene(titled(pair), 1, surfaceData(pair[1]!, blobs), { resolution: 5, directions: 'principal' }).note).toMatch(/^The path of η 0\.01, trained with α = 0\.1, is drawn over this surface, whose objective uses α = 0\.01/);
	});

	it("a grid's model on hashed text (CSR): the surface's centre is the model's final objective, for every α of the grid", async () => {
		// The 3 cloud features as one CSR column of width 5, as a hashed bag of words reads.
		const sparse = (table: Table): Table => {
			const { matrix } = tableToMatrix(table);
			const dense = matrix as DenseMatrix;
			const values = new Float32Array(dense.rowCount * 5);
			for (let i = 0; i < dense.rowCount; i++) for (let j = 0; j < 3; j++) if ((i + j) % 4 !== 0) values[i * 5 + [0, 2, 4][j]!] = dense.values[i * 3 + j]!;
			const csr = denseToCsr({ format: 'dense', rowCount: dense.rowCount, featureCount: 5, values });
			return { ...table, columns: [{ name: 'words', type: 'sparse', width: 5, indptr: csr.indptr, indices: csr.indices, values: csr.values }] };
		};
		const splits: Splits = { kind: 'splits', train: sparse(cloudTable('train', 61, 1)), test: sparse(cloudTable('test', 20, 2)), validation: sparse(cloudTable('validation', 23, 3)), preprocessing: [] };
		const grid = await trainGridCell.run(gridParams({ schedules: ['constant', 'optimal'], seeds: ['1'], device: 'cpu' }), { data: [splits] }, fakeContext());
		const models = grid.models.map((item) => ({ title: item.origin.cellTitle, model: item }));
		const data = surfaceData(grid.models[0]!, splits.train);
		expect(data.matrix.format).toBe('csr');
		for (let chosen = 0; chosen < models.length; chosen++) {
			const scene = surfaceScene(models, chosen, data, { resolution: 9, directions: 'random' });
			const values = lossSurfaceProjected(scene.data.matrix, scene.data.y, scene.alpha, scene.plane);
			expect(scene.alpha).toBe(grid.models[chosen]!.hyperparameters.alpha);
			expect(values[4 * 9 + 4]).toBeCloseTo(grid.models[chosen]!.finalObjective, 4);
		}
	});
});
