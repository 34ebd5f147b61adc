import { denseMatrix, type DenseMatrix } from '../../src/lib/data/feature-matrix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuContext } from '../../src/lib/gpu/device';
import { trainSgdGrid, type GridConfig } from '../../src/lib/gpu/sgd-grid';
import type { LearningRateSchedule } from '../../src/lib/ml/model';
import { createRandom } from '../../src/lib/ml/rng';
import { trainBinarySgd } from '../../src/lib/ml/sgd';
import { testGpu } from './setup';

let gpu: GpuContext;
beforeAll(async () => {
	gpu = await testGpu();
});
afterAll(() => gpu.device.destroy());

/** Two noisy clouds, odd sizes by default; some zero features like hashed text. */
function blobs(n: number, d: number, seed: number): { matrix: DenseMatrix; y: Int8Array } {
	const random = createRandom(seed);
	const x = new Float32Array(n * d);
	const y = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		y[i] = random.next() < 0.45 ? 1 : -1;
		for (let j = 0; j < d; j++) x[i * d + j] = random.next() < 0.2 ? 0 : random.normal() + (j % 3 === 0 ? 0.8 * y[i]! : 0);
	}
	return { matrix: denseMatrix(x, d), y };
}

function config(overrides: Partial<GridConfig> = {}): GridConfig {
	return {
		alpha: 1e-3,
		schedule: 'optimal',
		eta0: 0.01,
		powerT: 0.5,
		epochs: 4,
		seed: 1,
		shuffle: true,
		fitIntercept: true,
		average: false,
		tol: 1e-3,
		nIterNoChange: 2,
		batchSize: 1,
		...overrides
	};
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
	expect(actual.length, label).toBe(expected.length);
	let scale = 0;
	for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
	for (let i = 0; i < expected.length; i++) {
		const tolerance = 1e-4 * Math.max(Math.abs(expected[i]!), scale * 1e-2, 1e-6);
		expect(Math.abs(actual[i]! - expected[i]!), `${label}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance);
	}
}

async function compareWithCpu(data: { matrix: DenseMatrix; y: Int8Array }, configs: GridConfig[], chunkRows?: number) {
	const outcomes = await trainSgdGrid(gpu, data, configs, { chunkRows });
	configs.forEach((item, k) => {
		const reference = trainBinarySgd(data, item);
		const outcome = outcomes[k]!;
		if (!outcome.ok) throw new Error(`configuration ${k}: ${outcome.error}`);
		const label = `${item.schedule} batch ${item.batchSize} average ${item.average} seed ${item.seed}`;
		expectClose(outcome.fit.weights, reference.weights, `${label} weights`);
		expectClose([outcome.fit.bias], [reference.bias], `${label} bias`);
		expectClose(outcome.fit.objectives, reference.objectives, `${label} objectives`);
	});
	return outcomes;
}

const schedules: LearningRateSchedule[] = ['constant', 'optimal', 'invscaling', 'adaptive'];

describe('trainSgdGrid (sgd_hinge.wgsl) matches trainBinarySgd', () => {
	const data = blobs(157, 7, 11);

	it('for every schedule, batch sizes 1 and 5, with and without averaging, in one dispatch', async () => {
		const configs = schedules.flatMap((schedule) =>
			[1, 5].flatMap((batchSize) =>
				[false, true].map((average) => config({ schedule, batchSize, average, eta0: schedule === 'invscaling' ? 0.1 : 0.01, seed: batchSize }))
			)
		);
		await compareWithCpu(data, configs);
	});

	it('with adaptive plateaus, no intercept, no shuffle and different epochs per configuration', async () => {
		const configs = [
			config({ schedule: 'adaptive', eta0: 0.5, epochs: 9, nIterNoChange: 1, tol: 10 }),
			config({ schedule: 'constant', fitIntercept: false, shuffle: false, epochs: 2 }),
			config({ schedule: 'optimal', alpha: 0.01, epochs: 6, seed: 3, batchSize: 33 })
		];
		const outcomes = await compareWithCpu(data, configs);
		expect(outcomes.map((item) => (item.ok ? item.fit.objectives.length : 0))).toEqual(configs.map((item) => trainBinarySgd(data, item).objectives.length));
	});

	it('when the data is bound in chunks (forced with a small chunk size)', async () => {
		const configs = [
			config({ schedule: 'constant', batchSize: 1, seed: 4 }),
			config({ schedule: 'invscaling', eta0: 0.1, batchSize: 6, average: true, seed: 5 }),
			config({ schedule: 'adaptive', batchSize: 3, seed: 4 })
		];
		await compareWithCpu(data, configs, 40);
	});

	it('is deterministic: two runs give identical bits', async () => {
		const configs = [config({ batchSize: 4 }), config({ schedule: 'constant', average: true, seed: 9 })];
		const first = await trainSgdGrid(gpu, data, configs);
		const second = await trainSgdGrid(gpu, data, configs);
		const bits = (outcomes: typeof first) =>
			outcomes.flatMap((item): (number | string)[] => (item.ok ? [...new Uint32Array(item.fit.weights.buffer), ...item.fit.objectives, item.fit.bias] : [item.error]));
		expect(bits(second)).toEqual(bits(first));
	});

	it('fails a diverging configuration alone', async () => {
		const outcomes = await trainSgdGrid(gpu, data, [config({ schedule: 'constant', eta0: 1e38 }), config()]);
		expect(outcomes[0]).toMatchObject({ ok: false });
		expect(outcomes[1]!.ok).toBe(true);
	});
});
