import type * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { axisKind, axisValueFormat, buildAxis, formatAxisValue, varyingDimensions } from '../../../src/lib/viz/parallel-axes';
import { meshQuads, project, sampleSurface } from '../../../src/lib/viz/surface-projection';

describe('parallel coordinates axes', () => {
	const configurations = [
		{ label: 'a', values: { eta0: 0.001, alpha: 1e-4, schedule: 'constant', epochs: 10 }, metric: 0.5 },
		{ label: 'b', values: { eta0: 0.1, alpha: 1e-4, schedule: 'adaptive', epochs: 10 }, metric: 0.3 },
		{ label: 'c', values: { eta0: null, alpha: 1e-4, schedule: 'optimal', epochs: 10 }, metric: 0.4 }
	];

	it('varyingDimensions keeps only the hyperparameters that differ', () => {
		const dimensions = ['eta0', 'alpha', 'schedule', 'epochs'].map((key) => ({ key, label: key }));
		expect(varyingDimensions(configurations, dimensions).map((dimension) => dimension.key)).toEqual(['eta0', 'schedule']);
	});

	it('axisKind: log across decades, point for names, linear otherwise', () => {
		expect(axisKind([0.001, 0.01, 0.1, null])).toBe('log');
		expect(axisKind(['constant', 'optimal'])).toBe('point');
		expect(axisKind([10, 20, 30])).toBe('linear');
		expect(axisKind([0, 0.001, 0.1])).toBe('linear');
	});

	it('buildAxis places larger values higher and a missing value under the axis', () => {
		const axis = buildAxis('eta0', 'learning rate', [0.001, 0.1, null], { top: 10, bottom: 110 }, { missingLabel: 'not used' });
		expect(axis.position(0.1)).toBeLessThan(axis.position(0.001)!);
		expect(axis.position(0.01)).toBeCloseTo(60);
		expect(axis.position(null)).toBeNull();
		expect(axis.hasMissing).toBe(true);
		expect(axis.missingY).toBeGreaterThan(110);
	});

	it('formatAxisValue writes small alphas in exponent form', () => {
		expect(formatAxisValue(1e-5)).toBe('1e-5');
		expect(formatAxisValue(0.003)).toBe('0.003');
	});

	it('axisValueFormat writes every label of one axis in one form', () => {
		const rates = [1e-4, 1e-3, 0.01, 0.1];
		expect(rates.map(axisValueFormat(rates))).toEqual(['1e-4', '1e-3', '1e-2', '1e-1']);
		const plain = [0.001, 0.003, 0.01];
		expect(plain.map(axisValueFormat(plain))).toEqual(['0.001', '0.003', '0.01']);
		expect([0, 5e-4].map(axisValueFormat([0, 5e-4]))).toEqual(['0', '5e-4']);
	});

	it('buildAxis labels a listed log axis of rates in one form', () => {
		const { axis } = buildAxis('eta0', 'learning rate', [1e-4, 1e-3, 0.01], { top: 10, bottom: 110 });
		const format = (axis as d3.Axis<d3.NumberValue>).tickFormat()!;
		expect([1e-4, 1e-3, 0.01].map((value, index) => format(value, index))).toEqual(['1e-4', '1e-3', '1e-2']);
	});

	it('buildAxis keeps a share metric every configuration scores 1 on within 0–1 (bounds), an objective padded both ways', () => {
		const range = { top: 10, bottom: 110 };
		const share = buildAxis('metric', 'validation accuracy', [1, 1, 1], range, { listed: false, bounds: [0, 1] });
		expect(share.position(1)).toBe(10);
		expect(share.position(0.9)).toBe(110);
		const percent = buildAxis('metric', 'validation accuracy', [0.8, 0.9], range, { listed: false, bounds: [0, 1], percent: true }).axis as d3.Axis<d3.NumberValue>;
		expect(percent.tickFormat()!(0.85, 0)).toBe('85%');
		const objective = buildAxis('metric', 'final objective', [1, 1, 1], range, { listed: false });
		expect(objective.position(1)).toBeCloseTo(60);
	});
});

describe('3-D surface projection', () => {
	const resolution = 3;
	// values[j * resolution + i]: a bowl, lowest in the middle.
	const grid = { values: new Float32Array([8, 5, 8, 5, 0, 5, 8, 5, 8]), resolution, aRange: [-6, 6] as [number, number], bRange: [-6, 6] as [number, number] };

	it('project is a rotation: lengths are kept', () => {
		const point = project({ yaw: 0.7, pitch: 0.4 }, 0.3, -0.8, 0.5);
		expect(Math.hypot(point.x, point.y, point.depth)).toBeCloseTo(Math.hypot(0.3, -0.8, 0.5));
	});

	it('from above, a higher point is nearer the eye', () => {
		const camera = { yaw: 0, pitch: Math.PI / 2 };
		expect(project(camera, 0, 0, 0.5).depth).toBeGreaterThan(project(camera, 0, 0, -0.5).depth);
	});

	it('sampleSurface interpolates between grid points and is NaN off the grid', () => {
		expect(sampleSurface(grid, 0, 0)).toBe(0);
		expect(sampleSurface(grid, 3, 0)).toBeCloseTo(2.5);
		expect(sampleSurface(grid, 7, 0)).toBeNaN();
	});

	it('meshQuads gives the quads farthest first', () => {
		const quads = meshQuads(grid, { yaw: 0.3, pitch: 0.6 });
		expect(quads).toHaveLength(4);
		for (let k = 1; k < quads.length; k++) expect(quads[k]!.depth).toBeGreaterThanOrEqual(quads[k - 1]!.depth);
	});
});
