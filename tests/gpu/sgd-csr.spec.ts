import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denseMatrix, type CsrMatrix } from '../../src/lib/data/feature-matrix';
import type { GpuContext } from '../../src/lib/gpu/device';
import { trainSgdGrid } from '../../src/lib/gpu/sgd-grid';
import type { LearningRateSchedule } from '../../src/lib/ml/model';
import { trainBinarySgd } from '../../src/lib/ml/sgd';
import { compareWithCpu, config, documents, outcomeBits, type Problem } from './sgd-fixture';
import { testGpu } from './setup';

let gpu: GpuContext;
beforeAll(async () => {
	gpu = await testGpu();
});
afterAll(() => gpu.device.destroy());

const schedules: LearningRateSchedule[] = ['constant', 'optimal', 'invscaling', 'adaptive'];

describe('trainSgdGrid on CSR rows (sgd_csr.wgsl) matches trainBinarySgd on the same CSR rows', () => {
	const counts = documents(301, 256, 7);

	it('for every schedule, batch sizes 1 and 5, with and without averaging (intercept decay 0.01)', async () => {
		const configs = schedules.flatMap((schedule) =>
			[1, 5].flatMap((batchSize) =>
				[false, true].map((average) => config({ schedule, batchSize, average, eta0: schedule === 'invscaling' ? 0.1 : 0.05, seed: batchSize, alpha: 1e-4 }))
			)
		);
		await compareWithCpu(gpu, counts, configs);
	});

	it('on l2-normalised rows, in windows, with batches past 32 rows and class weights', async () => {
		const normalised = documents(203, 128, 8, { normalise: true });
		const configs = [
			config({ schedule: 'constant', eta0: 0.5, batchSize: 40, epochs: 3 }),
			config({ schedule: 'optimal', alpha: 1e-3, positiveWeight: 2, negativeWeight: 0.5, shuffle: false }),
			config({ schedule: 'adaptive', eta0: 0.5, epochs: 6, nIterNoChange: 1, tol: 10, average: true })
		];
		await compareWithCpu(gpu, normalised, configs, { windowRows: 45 });
	});

	it('reads rows longer than a workgroup tile (1024 pairs) from global memory', async () => {
		const long = documents(24, 4096, 9, { minWords: 900, maxWords: 1400 });
		expect(long.matrix.indptr[24]! / 24).toBeGreaterThan(1024 / 2);
		await compareWithCpu(gpu, long, [config({ schedule: 'constant', eta0: 0.01, epochs: 2 }), config({ average: true, epochs: 2, batchSize: 2 })]);
	});

	it('folds wscale into v when the shrink takes it below 1e-9 (1e-2 when averaging)', async () => {
		const configs = [false, true].map((average) => config({ schedule: 'constant', eta0: 1, alpha: 0.5, average, epochs: 2 }));
		await compareWithCpu(gpu, counts, configs);
	});

	it('updates at a margin of exactly 1, as scikit-learn does (dense and CSR kernels)', async () => {
		// 20 rows alternating (1, on) and (−1, off), α = 0, η = 0.5, 3 epochs, no shuffle, no
		// intercept: scikit-learn gets w = 1.5 (an update at margin < 1 only would stop at 1).
		const x = Float32Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : 0));
		const y = Int8Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : -1));
		const settings = config({ schedule: 'constant', eta0: 0.5, alpha: 0, epochs: 3, shuffle: false, fitIntercept: false });
		const dense = denseMatrix(x, 1);
		const indptr = Uint32Array.from({ length: 21 }, (_, i) => Math.ceil(i / 2));
		const csr: CsrMatrix = { format: 'csr', rowCount: 20, featureCount: 1, indptr, indices: new Uint32Array(10), values: new Float32Array(10).fill(1) };
		for (const matrix of [dense, csr]) {
			const [outcome] = await trainSgdGrid(gpu, { matrix, y }, [settings]);
			expect(outcome).toMatchObject({ ok: true, fit: { weights: Float32Array.of(1.5), bias: 0 } });
			expect(trainBinarySgd({ matrix, y }, settings).weights).toEqual(Float32Array.of(1.5));
		}
	});

	it('trains a grid whose weights exceed one buffer in slices of configurations', async () => {
		const configs = [1, 2].flatMap((seed) => [0.01, 0.05, 0.1].map((eta0) => config({ schedule: 'constant', eta0, seed, epochs: 2 })));
		// Room for 2 columns of 256 weights, and a workgroup shares a seed: 4 slices (2 + 1 per seed).
		const totals = new Set<number>();
		await compareWithCpu(gpu, counts, configs, { weightBytes: 2 * 256 * 4, onEpoch: (_, epochs) => totals.add(epochs) });
		expect([...totals]).toEqual([4 * 2]);
	});

	it('is deterministic: two runs give identical bits', async () => {
		const configs = [config({ batchSize: 3, average: true }), config({ schedule: 'constant', eta0: 0.1, seed: 4 })];
		const first = await trainSgdGrid(gpu, counts, configs);
		const second = await trainSgdGrid(gpu, counts, configs);
		expect(outcomeBits(second)).toEqual(outcomeBits(first));
	});

	it('fails a configuration whose margins overflow at the epoch where they do, alone', async () => {
		const huge: Problem = { matrix: { ...counts.matrix, values: counts.matrix.values.map((value) => value * 1e21) }, y: counts.y };
		const settings = config({ schedule: 'constant', eta0: 1e17, alpha: 0 });
		const outcomes = await trainSgdGrid(gpu, huge, [settings, config({ schedule: 'constant', eta0: 1e-30 })]);
		expect(() => trainBinarySgd(huge, settings)).toThrow(/^Floating-point under-\/overflow occurred at epoch #1: the margin/);
		expect(outcomes[0]).toMatchObject({ ok: false, error: expect.stringMatching(/^Floating-point under-\/overflow occurred at epoch #1: the margin/) });
		expect(outcomes[1]!.ok).toBe(true);
	});
});
