import { describe, expect, it } from 'vitest';
import { selectCell } from '../../src/lib/cells/select';
import { trainGridCell } from '../../src/lib/cells/train-grid';
import { fakeContext } from '../unit/cells/fake-context';
import { cloudSplits, gridParams } from '../unit/cells/grid-fixture';
import type { Splits, Table } from '../../src/lib/cells/values';
import type { LinearModel } from '../../src/lib/ml/model';
import { replayPath } from '../../src/lib/ml/path-replay';
import { surfaceData } from '../../src/lib/ml/surface-scene';
import { PathReplays } from '../../src/lib/workers/path-replays';
import { documents, expectClose } from './sgd-fixture';
import { instance } from './setup';

/** Hashed words (a sparse column of 256 buckets) and a numeric column: the table's matrix is CSR. */
function textTable(name: string, n: number, seed: number, classes: number): Table {
	const { matrix, y } = documents(n, 256, seed, { minWords: 1, maxWords: 20 });
	const labels = Int8Array.from(y, (label, i) => (classes === 2 ? (label > 0 ? 1 : 0) : i % classes));
	const words = Float32Array.from({ length: n }, (_, i) => matrix.indptr[i + 1]! - matrix.indptr[i]!);
	return {
		kind: 'table',
		name,
		rowCount: n,
		columns: [
			{ name: 'text', type: 'sparse', width: 256, indptr: matrix.indptr, indices: matrix.indices, values: matrix.values },
			{ name: 'words', type: 'numeric', values: words }
		],
		labelName: 'label',
		classes: ['neg', 'pos', 'third'].slice(0, classes),
		labels,
		source: `documents seed ${seed}`
	};
}

function textSplits(classes = 2): Splits {
	return { kind: 'splits', train: textTable('train', 150, 1, classes), test: textTable('test', 40, 2, classes), validation: textTable('validation', 40, 3, classes), preprocessing: [] };
}

function expectCloseModels(gpuModels: LinearModel[], cpuModels: LinearModel[]): void {
	expect(gpuModels).toHaveLength(cpuModels.length);
	gpuModels.forEach((model, k) => {
		const reference = cpuModels[k]!;
		expect(Math.abs(model.finalObjective - reference.finalObjective)).toBeLessThanOrEqual(1e-4 * Math.abs(reference.finalObjective));
		expectClose(model.coef, reference.coef, `${reference.origin.cellTitle} weights`);
	});
}

describe('the train-grid cell on WebGPU (Dawn on SwiftShader)', () => {
	it("'auto' leaves a software adapter (SwiftShader) for the CPU path, which is faster, and says so", async () => {
		const context = { ...fakeContext(), gpu: instance };
		const grid = await trainGridCell.run(gridParams({ device: 'auto' }), { data: [cloudSplits()] }, context);
		expect(grid.device).toBe('cpu');
		expect(context.lines.find((line) => line.startsWith('WebGPU adapter:'))).toMatch(/, a software renderer on the CPU: 'auto' trains on the CPU, which is faster here \(choose 'GPU' to train on it anyway\)$/);
	});

	it('trains the grid on the GPU, names the adapter, and gives the CPU path’s models and best choice', async () => {
		const context = { ...fakeContext(), gpu: instance };
		const params = gridParams({ batchSize: 4, average: true, device: 'gpu' });
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
		const params = gridParams({ schedules: ['optimal', 'constant'], seeds: ['3'], device: 'gpu' });
		const onGpu = await trainGridCell.run(params, { data: [cloudSplits(3)] }, { ...fakeContext(), gpu: instance });
		const onCpu = await trainGridCell.run({ ...params, device: 'cpu' }, { data: [cloudSplits(3)] }, fakeContext());
		expect(onGpu.device).toBe('gpu');
		expectCloseModels(onGpu.models, onCpu.models);
	});

	it('trains hashed text (CSR rows) on the GPU as the CPU does, binary and one-vs-rest', async () => {
		for (const classes of [2, 3]) {
			const params = gridParams({ schedules: ['constant', 'optimal'], learningRates: ['0.01'], seeds: ['3'], average: classes === 3, device: 'gpu' });
			const context = { ...fakeContext(), gpu: instance };
			const onGpu = await trainGridCell.run(params, { data: [textSplits(classes)] }, context);
			const onCpu = await trainGridCell.run({ ...params, device: 'cpu' }, { data: [textSplits(classes)] }, fakeContext());
			expect(onGpu.device).toBe('gpu');
			expect(context.lines.some((line) => /CSR/.test(line))).toBe(true);
			expectCloseModels(onGpu.models, onCpu.models);
			onGpu.models.forEach((model, k) => {
				expect(model.trainMetrics.accuracy).toBeCloseTo(onCpu.models[k]!.trainMetrics.accuracy, 2);
				expect(model.validationMetrics!.accuracy).toBeCloseTo(onCpu.models[k]!.validationMetrics!.accuracy, 2);
			});
		}
	});

	it("records every configuration's SGD path in the dense kernel, as the CPU grid records it", async () => {
		const params = gridParams({ schedules: ['constant', 'optimal'], seeds: ['1'], device: 'gpu' });
		const onGpu = await trainGridCell.run(params, { data: [cloudSplits()] }, { ...fakeContext(), gpu: instance });
		const onCpu = await trainGridCell.run({ ...params, device: 'cpu' }, { data: [cloudSplits()] }, fakeContext());
		expect(onGpu.device).toBe('gpu');
		onGpu.models.forEach((model, k) => {
			expect(model.pathNote).toBeUndefined();
			expectClose(model.path!, onCpu.models[k]!.path!, `${model.origin.cellTitle} path`);
		});
	});

	it("hashed text (CSR), where the GPU keeps no path: the grid replays none, the surface worker's replay of the best gives the CPU's paths ending at the GPU's models", async () => {
		const context = { ...fakeContext(), gpu: instance };
		const params = gridParams({ schedules: ['constant', 'optimal'], seeds: ['1'], device: 'gpu' });
		const splits = textSplits();
		const onGpu = await trainGridCell.run(params, { data: [splits] }, context);
		const onCpu = await trainGridCell.run({ ...params, device: 'cpu' }, { data: [textSplits()] }, fakeContext());
		expect(onGpu.device).toBe('gpu');
		for (const model of onGpu.models) {
			expect(model.path).toBeUndefined();
			expect(model.pathReplayable).toBe(true);
			expect(model.pathNote).toMatch(/^paths are recorded on the GPU for dense rows only.*; the loss-surface panel records the best configurations' paths by training them again on the CPU$/);
		}
		expect(context.lines.some((line) => /again|replay/i.test(line))).toBe(false);
		// What the panel's worker does: the best ones, over the split's rows as the panel builds them.
		const replays = new PathReplays();
		const pending = replays.pending(onGpu.models, onGpu.models[0]!);
		expect(pending.length).toBeGreaterThanOrEqual(1);
		expect(pending.length).toBeLessThanOrEqual(3);
		const best = await selectCell.run({ by: 'validation-accuracy' }, { models: [onGpu] }, fakeContext());
		expect(pending.map((model) => model.origin.cellTitle)).toContain(best.origin.cellTitle);
		const data = surfaceData(onGpu.models[0]!, splits.train);
		replays.record(onGpu.models, pending, pending.map((model) => replayPath(data, model)));
		const d = onGpu.models[0]!.coef.length;
		for (const model of pending) {
			const path = replays.shown(model).path!;
			const reference = onCpu.models.find((item) => item.origin.cellTitle === model.origin.cellTitle)!;
			expectClose(path, reference.path!, `${model.origin.cellTitle} path`);
			expect([...path.slice(-(d + 1))]).toEqual([...model.coef, model.intercept[0]!]);
		}
		for (const model of onGpu.models.filter((item) => !pending.includes(item))) {
			expect(replays.shown(model).pathNote).toMatch(/^paths are recorded on the GPU for dense rows only.*The best configurations?'s? paths? (were|was) replayed on the CPU: /);
		}
	});
});
