import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/lib/cells/values';
import { generateSynthetic } from '../../../src/lib/cells/dataset/synthetic';
import { tableToMatrix } from '../../../src/lib/data/table-matrix';
import type { LinearModel, SgdHyperparameters } from '../../../src/lib/ml/model';
import { fitLinearModel } from '../../../src/lib/ml/train';
import { surfaceScene } from '../../../src/lib/ml/surface-scene';
import { lossSurfaceCpu } from '../../../src/lib/ml/loss-surface';

const hyperparameters: SgdHyperparameters = {
	alpha: 0.01, schedule: 'constant', eta0: 0.05, powerT: 0.5, epochs: 5, seed: 1, shuffle: true, fitIntercept: true,
	average: false, classWeight: 'none', tol: 1e-3, nIterNoChange: 5, batchSize: 1
};

function model(table: Table, eta0: number): LinearModel {
	const fit = fitLinearModel(tableToMatrix(table), table.labels, table.classes, { ...hyperparameters, eta0 });
	return { kind: 'model', ...fit, preprocessing: [], trainMetrics: null!, validationMetrics: null, origin: { cellId: `sgd-${eta0}`, cellTitle: `η ${eta0}`, device: 'cpu' }, trainingMs: 0 };
}

/** Four features: x1, x2 and two copies with noise. */
function wideTable(): Table {
	const base = generateSynthetic('overlapping-blobs', { name: 'wide', rows: 120, noise: 0, seed: 2 });
	const [x1, x2] = base.columns.map((column) => column.values as Float32Array) as [Float32Array, Float32Array];
	return { ...base, columns: [...base.columns, { name: 'x3', type: 'numeric', values: x1.map((v, i) => v - x2[i]!) }, { name: 'x4', type: 'numeric', values: x2.map((v) => v * 0.5) }] };
}

describe('surfaceScene', () => {
	it('two features: the (w1, w2) square, each path ending at its model', () => {
		const table = generateSynthetic('two-blobs', { name: 'blobs', rows: 100, noise: 0, seed: 1 });
		const models = [model(table, 0.01), model(table, 0.1)];
		const scene = surfaceScene(models.map((m) => ({ title: m.origin.cellTitle, model: m })), 1, table, { resolution: 8, directions: 'principal' });
		expect(scene.plane.aRange).toEqual([-6, 6]);
		expect(scene.labels.a).toBe('w1');
		expect(scene.paths).toHaveLength(2);
		const last = scene.paths[0]!.points.slice(-2);
		expect([...last]).toEqual([models[0]!.coef[0], models[0]!.coef[1]]);
	});

	it('more features: a plane through the chosen model, which sits at (0, 0) and on the surface', () => {
		const table = wideTable();
		const models = [model(table, 0.01), model(table, 0.05)];
		const scene = surfaceScene(models.map((m) => ({ title: m.origin.cellTitle, model: m })), 1, table, { resolution: 9, directions: 'principal' });
		expect(scene.labels.a).toMatch(/^principal direction 1 \(\d+% of the path's variance\)$/);
		expect(scene.labels.note).toMatch(/4 weights/);
		const end = scene.paths[1]!.points.slice(-2);
		expect(Math.abs(end[0]!)).toBeLessThan(1e-5);
		expect(Math.abs(end[1]!)).toBeLessThan(1e-5);
		// The surface's centre value (odd resolution: grid point (4, 4) is a = b = 0) is the model's objective.
		const values = lossSurfaceCpu(scene.x, scene.y, scene.featureCount, scene.alpha, scene.plane);
		expect(values[4 * 9 + 4]).toBeCloseTo(models[1]!.finalObjective, 4);
		const random = surfaceScene(models.map((m) => ({ title: 'm', model: m })), 0, table, { resolution: 9, directions: 'random' });
		expect(random.labels.a).toBe('random direction 1');
	});
});
