import { describe, expect, it } from 'vitest';
import { gridConfigurations } from '../../../src/lib/cells/grid-configurations';
import { selectCell } from '../../../src/lib/cells/select';
import { NO_WEBGPU_NOTICE, trainGridCell } from '../../../src/lib/cells/train-grid';
import type { ModelGrid } from '../../../src/lib/cells/values';
import { pathLength } from '../../../src/lib/ml/path';
import { fakeContext } from './fake-context';
import { cloudSplits, gridParams, wideTextSplits } from './grid-fixture';

describe('the train-grid kind', () => {
	it('is named without a device: its Device field says where it trains (a grid set to the CPU was shown as "Train grid (GPU)")', () => {
		expect(trainGridCell.label).toBe('Train grid');
		expect(trainGridCell.fields.some((field) => field.key === 'device')).toBe(true);
	});
});

describe('gridConfigurations', () => {
	it('is the product of the lists, optimal once per alpha and seed, each titled by its settings', () => {
		const configurations = gridConfigurations(gridParams());
		// constant, invscaling, adaptive: 2 rates × 2 alphas × 2 seeds; optimal: 2 alphas × 2 seeds
		expect(configurations).toHaveLength(3 * 8 + 4);
		expect(configurations[0]!.title).toBe('lr=0.001 α=0.0001 constant seed 1');
		expect(configurations.map((item) => item.title)).toContain('α=0.01 optimal seed 2');
		expect(new Set(configurations.map((item) => item.title)).size).toBe(configurations.length);
	});

	it('names the list and the position of a bad value', () => {
		expect(() => gridConfigurations(gridParams({ learningRates: ['0.1', 'fast'] }))).toThrow("params.learningRates[1]: 'fast' is not a number");
		expect(() => gridConfigurations(gridParams({ schedules: ['constant', 'linear'] }))).toThrow("params.schedules[1]: 'linear' is not one of");
		expect(() => gridConfigurations(gridParams({ epochs: ['2.5'] }))).toThrow('params.epochs[0]: 2.5 must be a whole number ≥ 1');
		expect(() => gridConfigurations(gridParams({ alphas: [] }))).toThrow('params.alphas: give at least one value');
	});
});

describe("train-grid without WebGPU (Node)", () => {
	it("trains every configuration on the CPU and says why in the log", async () => {
		const context = fakeContext();
		const grid = await trainGridCell.run(gridParams({ schedules: ['constant', 'optimal'], seeds: ['1'] }), { data: [cloudSplits()] }, context);
		expect(grid.device).toBe('cpu');
		expect(grid.adapter).toBeNull();
		expect(grid.models).toHaveLength(6);
		expect(context.lines).toContain(NO_WEBGPU_NOTICE);
		expect(grid.models.every((model) => model.validationMetrics !== null && model.origin.device === 'cpu')).toBe(true);
		expect(context.fractions.at(-1)).toBe(1);
		expect(trainGridCell.summarize(grid)).toMatchObject({ configurations: 6, device: 'CPU' });
	});

	it("trains one-vs-rest for three classes; forcing the GPU where there is none fails with the reason", async () => {
		const grid = await trainGridCell.run(gridParams({ schedules: ['optimal'], seeds: ['1'], device: 'cpu' }), { data: [cloudSplits(3)] }, fakeContext());
		expect(grid.models[0]!.intercept).toHaveLength(3);
		await expect(trainGridCell.run(gridParams({ device: 'gpu' }), { data: [cloudSplits()] }, fakeContext())).rejects.toThrow('WebGPU is not available here');
	});

	it('records the SGD path of every binary configuration, from the start to its model, as a train cell does', async () => {
		const grid = await trainGridCell.run(gridParams({ schedules: ['constant', 'optimal'], seeds: ['1'], device: 'cpu' }), { data: [cloudSplits()] }, fakeContext());
		expect(grid.models).toHaveLength(6);
		for (const model of grid.models) {
			const path = model.path!;
			expect(pathLength(path, 3)).toBeGreaterThanOrEqual(3);
			expect([...path.slice(0, 4)]).toEqual([0, 0, 0, 0]);
			expect([...path.slice(-4)]).toEqual([...model.coef, model.intercept[0]!]);
			expect(model.pathNote).toBeUndefined();
		}
		// One-vs-rest models have no single path, and nothing is said for them.
		const ovr = await trainGridCell.run(gridParams({ schedules: ['optimal'], seeds: ['1'], device: 'cpu' }), { data: [cloudSplits(3)] }, fakeContext());
		expect(ovr.models[0]!.path).toBeUndefined();
	});

	it('a grid too wide to keep paths spends no CPU fit on them: its models have none, are marked replayable and say who records them', async () => {
		// 9 configurations over 2^18 hashed buckets: a grid share holds no point, a train cell's 3.
		const context = fakeContext();
		const grid = await trainGridCell.run(gridParams({ learningRates: ['0.001', '0.01', '0.1'], alphas: ['0.0001', '0.001', '0.01'], schedules: ['constant'], seeds: ['1'], device: 'cpu' }), { data: [wideTextSplits(1 << 18)] }, context);
		expect(grid.models).toHaveLength(9);
		for (const model of grid.models) {
			expect(model.path).toBeUndefined();
			expect(model.pathReplayable).toBe(true);
			expect(model.pathNote).toBe(
				"at 262,145 weights one point of a path takes 1 MiB, more than the 0.89 MiB each of this grid's 9 configurations may keep; the loss-surface panel records the best configurations' paths by training them again on the CPU"
			);
		}
		expect(context.lines.some((line) => /again|replay/i.test(line))).toBe(false);
	});

	it('a model too wide for any path keeps the reason and is not replayable', async () => {
		const grid = await trainGridCell.run(gridParams({ learningRates: ['0.1'], alphas: ['0.0001', '0.01'], schedules: ['constant'], seeds: ['1'], device: 'cpu' }), { data: [wideTextSplits(1 << 19)] }, fakeContext());
		for (const model of grid.models) {
			expect(model.path).toBeUndefined();
			expect(model.pathReplayable).toBeUndefined();
			expect(model.pathNote).toBe('at 524,289 weights the 3 points a plane needs take 6 MiB, more than the 4 MiB a path may keep');
		}
	});

	it('keeps the configurations that trained when one diverges', async () => {
		const context = fakeContext();
		const grid = await trainGridCell.run(gridParams({ learningRates: ['0.01', '1e38'], alphas: ['0.0001'], schedules: ['constant'], seeds: ['1'], device: 'cpu' }), { data: [cloudSplits()] }, context);
		expect(grid.models.map((model) => model.origin.cellTitle)).toEqual(['lr=0.01 α=0.0001 constant']);
		expect(context.lines.some((line) => line.startsWith('lr=1e+38 α=0.0001 constant failed:'))).toBe(true);
	});
});

describe('select best on a grid', () => {
	it('ranks the models of a grid cell as it ranks separate cells', async () => {
		const grid: ModelGrid = await trainGridCell.run(gridParams({ seeds: ['1'], device: 'cpu' }), { data: [cloudSplits()] }, fakeContext());
		const fromGrid = await selectCell.run({ by: 'objective' }, { models: [grid] }, fakeContext());
		const fromCells = await selectCell.run({ by: 'objective' }, { models: grid.models }, fakeContext());
		expect(fromGrid.origin.cellTitle).toBe(fromCells.origin.cellTitle);
		expect(fromGrid.selection!.ranking).toHaveLength(grid.models.length);
		expect(fromGrid.finalObjective).toBe(Math.min(...grid.models.map((model) => model.finalObjective)));
	});
});
