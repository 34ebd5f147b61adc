import { denseMatrix, type DenseMatrix } from '../../src/lib/data/feature-matrix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuContext } from '../../src/lib/gpu/device';
import { trainSgdGrid } from '../../src/lib/gpu/sgd-grid';
import type { LearningRateSchedule } from '../../src/lib/ml/model';
import { createRandom } from '../../src/lib/ml/rng';
import { trainBinarySgd } from '../../src/lib/ml/sgd';
import { compareWithCpu, config, outcomeBits } from './sgd-fixture';
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

const schedules: LearningRateSchedule[] = ['constant', 'optimal', 'invscaling', 'adaptive'];

describe('trainSgdGrid on dense rows (sgd_dense.wgsl) matches trainBinarySgd', () => {
	const data = blobs(157, 7, 11);

	it('for every schedule, batch sizes 1 and 5, with and without averaging, in one dispatch', async () => {
		const configs = schedules.flatMap((schedule) =>
			[1, 5].flatMap((batchSize) =>
				[false, true].map((average) => config({ schedule, batchSize, average, eta0: schedule === 'invscaling' ? 0.1 : 0.01, seed: batchSize }))
			)
		);
		await compareWithCpu(gpu, data, configs);
	});

	it('with adaptive plateaus, no intercept, no shuffle and different epochs per configuration', async () => {
		const configs = [
			config({ schedule: 'adaptive', eta0: 0.5, epochs: 9, nIterNoChange: 1, tol: 10 }),
			config({ schedule: 'constant', fitIntercept: false, shuffle: false, epochs: 2 }),
			config({ schedule: 'optimal', alpha: 0.01, epochs: 6, seed: 3, batchSize: 33 })
		];
		const outcomes = await compareWithCpu(gpu, data, configs);
		expect(outcomes.map((item) => (item.ok ? item.fit.objectives.length : 0))).toEqual(configs.map((item) => trainBinarySgd(data, item).objectives.length));
	});

	it('when the data is bound in chunks (forced with a small chunk size)', async () => {
		const configs = [
			config({ schedule: 'constant', batchSize: 1, seed: 4 }),
			config({ schedule: 'invscaling', eta0: 0.1, batchSize: 6, average: true, seed: 5 }),
			config({ schedule: 'adaptive', batchSize: 3, seed: 4 })
		];
		await compareWithCpu(gpu, data, configs, { chunkRows: 40 });
	});

	it('in several dispatches an epoch (windows), with a batch that reaches past a window', async () => {
		const configs = [config({ schedule: 'constant', batchSize: 7, seed: 2 }), config({ schedule: 'optimal', average: true, seed: 2 })];
		await compareWithCpu(gpu, data, configs, { windowRows: 50 });
	});

	it('folds wscale into v when the shrink takes it below 1e-9 (sklearn’s reset_wscale; 1e-2 when averaging)', async () => {
		// η·α = 0.5: wscale halves every step, so it is folded about every 30 steps.
		const configs = [false, true].map((average) => config({ schedule: 'constant', eta0: 1, alpha: 0.5, average, epochs: 2 }));
		await compareWithCpu(gpu, data, configs);
	});

	it('trains rows wider than the register kernel (d > 512) through the CSR kernel', async () => {
		const wide = blobs(40, 600, 5);
		await compareWithCpu(gpu, wide, [config({ schedule: 'constant', eta0: 0.001, epochs: 2 }), config({ average: true, epochs: 2, batchSize: 3 })]);
	});

	it('is deterministic: two runs give identical bits', async () => {
		const configs = [config({ batchSize: 4 }), config({ schedule: 'constant', average: true, seed: 9 })];
		const first = await trainSgdGrid(gpu, data, configs);
		const second = await trainSgdGrid(gpu, data, configs);
		expect(outcomeBits(second)).toEqual(outcomeBits(first));
	});

	it('fails a diverging configuration alone, naming the epoch as the CPU trainer does', async () => {
		const outcomes = await trainSgdGrid(gpu, data, [config({ schedule: 'constant', eta0: 1e38 }), config()]);
		expect(() => trainBinarySgd(data, config({ schedule: 'constant', eta0: 1e38 }))).toThrow(/under-\/overflow occurred at epoch #1/);
		expect(outcomes[0]).toMatchObject({ ok: false, error: expect.stringMatching(/^Floating-point under-\/overflow occurred at epoch #1: .*Scaling the input data might help/) });
		expect(outcomes[1]!.ok).toBe(true);
	});
});
