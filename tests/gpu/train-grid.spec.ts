import { describe, expect, it } from 'vitest';
import { selectCell } from '../../src/lib/cells/select';
import { trainGridCell } from '../../src/lib/cells/train-grid';
import { fakeContext } from '../unit/cells/fake-context';
import { cloudSplits, gridParams } from '../unit/cells/grid-fixture';
import { instance } from './setup';

function expectCloseModels(gpuModels: { coef: Float32Array; finalObjective: number }[], cpuModels: typeof gpuModels): void {
	expect(gpuModels).toHaveLength(cpuModels.length);
	gpuModels.forEach((model, k) => {
		const reference = cpuModels[k]!;
		expect(Math.abs(model.finalObjective - reference.finalObjective)).toBeLessThanOrEqual(1e-4 * Math.abs(reference.finalObjective));
		model.coef.forEach((value, j) => {
			expect(Math.abs(value - reference.coef[j]!)).toBeLessThanOrEqual(1e-4 * Math.max(1e-3, Math.abs(reference.coef[j]!)));
		});
	});
}

describe('the train-grid cell on WebGPU (Dawn on SwiftShader)', () => {
	it('trains the grid on the GPU, names the adapter, and gives the CPU path’s models and best choice', async () => {
		const context = { ...fakeContext(), gpu: instance };
		const params = gridParams({ batchSize: 4, average: true });
		const onGpu = await trainGridCell.run(params, { data: [cloudSplits()] }, context);
		const onCpu = await trainGridCell.run({ ...params, device: 'cpu' }, { data: [cloudSplits()] }, fakeContext());
		expect(onGpu.device).toBe('gpu');
		expect(onGpu.adapter).toMatch(/swiftshader/i);
		expect(context.lines.some((line) => line.startsWith('WebGPU adapter:'))).toBe(true);
		expect(onGpu.models.map((model) => model.origin.cellTitle)).toEqual(onCpu.models.map((model) => model.origin.cellTitle));
		expectCloseModels(onGpu.models, onCpu.models);
		onGpu.models.forEach((model, k) => {
			expect(model.trainMetrics.accuracy).toBeCloseTo(onCpu.models[k]!.trainMetrics.accuracy, 2);
			expect(model.validationMetrics!.accuracy).toBeCloseTo(onCpu.models[k]!.validationMetrics!.accuracy, 2);
		});
		for (const by of ['objective', 'validation-accuracy'] as const) {
			const best = await selectCell.run({ by }, { models: [onGpu] }, fakeContext());
			const bestCpu = await selectCell.run({ by }, { models: [onCpu] }, fakeContext());
			expect(best.origin.cellTitle).toBe(bestCpu.origin.cellTitle);
		}
	});

	it('trains one-vs-rest for three classes as the CPU does', async () => {
		const params = gridParams({ schedules: ['optimal', 'constant'], seeds: ['3'] });
		const onGpu = await trainGridCell.run(params, { data: [cloudSplits(3)] }, { ...fakeContext(), gpu: instance });
		const onCpu = await trainGridCell.run({ ...params, device: 'cpu' }, { data: [cloudSplits(3)] }, fakeContext());
		expect(onGpu.device).toBe('gpu');
		expectCloseModels(onGpu.models, onCpu.models);
	});
});
