import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denseMatrix, denseToCsr, type FeatureMatrix } from '../../src/lib/data/feature-matrix';
import type { GpuContext } from '../../src/lib/gpu/device';
import { predictGpu } from '../../src/lib/gpu/predict';
import { decisionScores, labelsFromScores } from '../../src/lib/ml/predict';
import { createRandom } from '../../src/lib/ml/rng';
import { testGpu } from './setup';

let gpu: GpuContext;
beforeAll(async () => {
	gpu = await testGpu();
});
afterAll(() => gpu.device.destroy());

function expectScoresOfCpu(result: { scores: Float32Array; positive: Uint8Array }, coef: Float32Array, intercept: Float32Array, matrix: FeatureMatrix): void {
	const K = intercept.length;
	const d = matrix.featureCount;
	for (let k = 0; k < K; k++) {
		const model = { classes: ['a', 'b'], features: [], coef: coef.subarray(k * d, (k + 1) * d), intercept: intercept.subarray(k, k + 1) };
		const expected = decisionScores(model, matrix);
		const labels = labelsFromScores(expected, 1);
		for (let i = 0; i < matrix.rowCount; i++) {
			expect(result.scores[i * K + k]).toBe(expected[i]);
			expect(result.positive[i * K + k]).toBe(labels[i]);
		}
	}
}

describe('predictGpu (predict.wgsl) matches ml/predict.ts', () => {
	const random = createRandom(3);
	const d = 9;
	const m = 131;
	const K = 7;
	const x = Float32Array.from({ length: m * d }, () => (random.next() < 0.3 ? 0 : random.normal()));
	const coef = Float32Array.from({ length: K * d }, () => random.normal());
	const intercept = Float32Array.from({ length: K }, () => random.normal() * 0.1);

	it('scores and labels K models over M dense rows, also in chunks', async () => {
		const matrix = denseMatrix(x, d);
		for (const chunkRows of [undefined, 20]) expectScoresOfCpu(await predictGpu(gpu, { coef, intercept, featureCount: d }, matrix, { chunkRows }), coef, intercept, matrix);
	});

	it('scores CSR rows (hashed text) as the CPU scores them, also in chunks', async () => {
		const matrix = denseToCsr(denseMatrix(x, d));
		for (const chunkRows of [undefined, 20]) expectScoresOfCpu(await predictGpu(gpu, { coef, intercept, featureCount: d }, matrix, { chunkRows }), coef, intercept, matrix);
	});
});
