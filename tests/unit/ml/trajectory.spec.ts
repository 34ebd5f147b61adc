import { denseMatrix } from '../../../src/lib/data/feature-matrix';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEACH_STATE, parseTeachState, teachStateQuery, withAxes } from '../../../src/lib/components/teach-state';
import type { TeachFeature } from '../../../src/lib/ml/teach-features';
import { sgdTrajectory } from '../../../src/lib/ml/trajectory';
import type { SgdOptions } from '../../../src/lib/ml/sgd';

const options: SgdOptions = {
	alpha: 0.01, schedule: 'constant', eta0: 0.1, powerT: 0.5, epochs: 5, seed: 1, shuffle: true,
	fitIntercept: true, average: false, tol: 1e-3, nIterNoChange: 5, batchSize: 1
};
const data = { matrix: denseMatrix(Float32Array.of(1, 2, -1, -2, 2, 1, -2, -1), 2), y: Int8Array.of(1, -1, 1, -1) };

describe('sgdTrajectory', () => {
	it('keeps every step from the start point for a short run', () => {
		const run = sgdTrajectory(data, { ...options, initialWeights: Float32Array.of(3, -2) });
		expect(run.diverged).toBeNull();
		expect(run.path.length / 3).toBe(5 * 4 + 1);
		expect([...run.path.slice(0, 3)]).toEqual([3, -2, 0]);
		expect(run.objectives).toHaveLength(5);
	});

	it('a diverging learning rate keeps the finite part of its path and says why it stopped', () => {
		const run = sgdTrajectory(data, { ...options, alpha: 0, eta0: 1e39, epochs: 50 });
		expect(run.diverged).toMatch(/became/);
		expect(run.path.every(Number.isFinite)).toBe(true);
		expect(run.path.length).toBeGreaterThan(0);
	});
});

describe('teaching state in the URL', () => {
	it('round-trips every field', () => {
		const state = { ...DEFAULT_TEACH_STATE, dataset: 'xor' as const, w1: 2.5, w2: -1.25, eta0: 0.3, compare: false, batchSize: 8 };
		expect(parseTeachState(new URLSearchParams(teachStateQuery(state)))).toEqual(state);
	});

	it('falls back to defaults for missing or bad values', () => {
		const parsed = parseTeachState(new URLSearchParams('dataset=moons&w1=99&eta0=abc&epochs=3'));
		expect(parsed).toEqual({ ...DEFAULT_TEACH_STATE, epochs: 3 });
	});
});

describe('teaching features in the URL', () => {
	it('round-trips the features, the surface axes and the epoch', () => {
		const state = { ...DEFAULT_TEACH_STATE, features: ['x1', 'x2', 'x1x2'] as TeachFeature[], axisA: 'x1x2' as const, axisB: 'x2' as const, epoch: 3.5, intercept: true, noise: 0.25 };
		expect(parseTeachState(new URLSearchParams(teachStateQuery(state)))).toEqual(state);
	});

	it('keeps features in their canonical order, needs two, and puts the axes among them', () => {
		expect(parseTeachState(new URLSearchParams('features=sinx2,x1sq&axisA=x1')).features).toEqual(['x1sq', 'sinx2']);
		expect(parseTeachState(new URLSearchParams('features=x1sq,sinx2&axisA=x1'))).toMatchObject({ axisA: 'x1sq', axisB: 'sinx2' });
		expect(parseTeachState(new URLSearchParams('features=x1')).features).toEqual(['x1', 'x2']);
		expect(withAxes({ ...DEFAULT_TEACH_STATE, axisA: 'x2', axisB: 'x2' })).toMatchObject({ axisA: 'x2', axisB: 'x1' });
	});
});
