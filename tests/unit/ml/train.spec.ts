import { denseMatrix } from '../../../src/lib/data/feature-matrix';
import { describe, expect, it } from 'vitest';
import type { TableMatrix } from '../../../src/lib/data/table-matrix';
import type { SgdHyperparameters } from '../../../src/lib/ml/model';
import { decisionScores, labelsFromScores } from '../../../src/lib/ml/predict';
import { createRandom } from '../../../src/lib/ml/rng';
import { trainBinarySgd } from '../../../src/lib/ml/sgd';
import { balancedClassWeights, fitLinearModel, type EpochReport } from '../../../src/lib/ml/train';

const hyperparameters: SgdHyperparameters = {
	alpha: 0.001,
	schedule: 'optimal',
	eta0: 0.01,
	powerT: 0.5,
	epochs: 5,
	seed: 1,
	shuffle: true,
	fitIntercept: true,
	average: false,
	classWeight: 'none',
	tol: 1e-3,
	nIterNoChange: 5,
	batchSize: 1
};

/** k blobs on a circle of radius 4, 0.5 spread: separable one-vs-rest. */
function blobs(k: number, perClass: number, seed: number): { matrix: TableMatrix; labels: Int8Array } {
	const random = createRandom(seed);
	const n = k * perClass;
	const values = new Float32Array(n * 2);
	const labels = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		const label = i % k;
		const angle = (2 * Math.PI * label) / k;
		labels[i] = label;
		values[2 * i] = 4 * Math.cos(angle) + 0.5 * random.normal();
		values[2 * i + 1] = 4 * Math.sin(angle) + 0.5 * random.normal();
	}
	return { matrix: { matrix: denseMatrix(values, 2), features: [{ name: 'x', type: 'numeric' }, { name: 'y', type: 'numeric' }] }, labels };
}

describe('fitLinearModel', () => {
	it('binary: one row, label index 1 is the +1 class', () => {
		const { matrix, labels } = blobs(2, 20, 1);
		const fit = fitLinearModel(matrix, labels, ['a', 'b'], hyperparameters);
		expect(fit.coef).toHaveLength(2);
		expect(fit.intercept).toHaveLength(1);
		const y = Int8Array.from(labels, (label) => (label === 1 ? 1 : -1));
		const direct = trainBinarySgd({ matrix: matrix.matrix, y }, hyperparameters);
		expect(Array.from(fit.coef)).toEqual(Array.from(direct.weights));
		expect(fit.finalObjective).toBe(direct.objectives[4]);
		expect(fit.objectiveCurves).toEqual([direct.objectives]);
	});

	it('three classes: one-vs-rest, one row per class, and every training row classified', () => {
		const { matrix, labels } = blobs(3, 30, 2);
		const reports: EpochReport[] = [];
		const fit = fitLinearModel(matrix, labels, ['a', 'b', 'c'], { ...hyperparameters, epochs: 10 }, (report) => reports.push(report));
		expect(fit.coef).toHaveLength(6);
		expect(fit.intercept).toHaveLength(3);
		expect(fit.objectiveCurves).toHaveLength(3);
		const predicted = labelsFromScores(decisionScores(fit, matrix.matrix), 3);
		expect(Array.from(predicted)).toEqual(Array.from(labels));
		expect(reports).toHaveLength(30);
		expect(reports[29]).toMatchObject({ row: 2, rows: 3, epoch: 10 });
		const last = fit.objectiveCurves.map((curve) => curve[9]!);
		expect(fit.finalObjective).toBeCloseTo((last[0]! + last[1]! + last[2]!) / 3, 12);
	});

	it("balancedClassWeights: n / (classes · count), sklearn's 'balanced'", () => {
		expect(balancedClassWeights(new Int8Array([0, 0, 0, 1]), 2)).toEqual([4 / 6, 4 / 2]);
	});

	it("class_weight 'balanced' weights the rare class more (binary: weight_pos = w[1], weight_neg = w[0])", () => {
		const { matrix, labels } = blobs(2, 10, 3);
		const y = Int8Array.from(labels, (label) => (label === 1 ? 1 : -1));
		const fit = fitLinearModel(matrix, labels, ['a', 'b'], { ...hyperparameters, classWeight: 'balanced' });
		// Balanced classes: both weights are 1, same as none.
		expect(Array.from(fit.coef)).toEqual(Array.from(trainBinarySgd({ matrix: matrix.matrix, y }, hyperparameters).weights));

		const skewed = new Int8Array(labels.length); // 1 positive among 20
		skewed[3] = 1;
		const weighted = fitLinearModel(matrix, skewed, ['a', 'b'], { ...hyperparameters, classWeight: 'balanced' });
		const ySkewed = Int8Array.from(skewed, (label) => (label === 1 ? 1 : -1));
		const expected = trainBinarySgd(
			{ matrix: matrix.matrix, y: ySkewed },
			{ ...hyperparameters, positiveWeight: 20 / 2, negativeWeight: 20 / 38 }
		);
		expect(Array.from(weighted.coef)).toEqual(Array.from(expected.weights));
	});

	it("one-vs-rest with 'balanced': class k's weight on its positives, 1 on the rest", () => {
		const { matrix, labels } = blobs(3, 4, 4);
		labels[0] = 1; // counts: a 3, b 5, c 4 of 12
		const fit = fitLinearModel(matrix, labels, ['a', 'b', 'c'], { ...hyperparameters, classWeight: 'balanced' });
		const y = Int8Array.from(labels, (label) => (label === 1 ? 1 : -1));
		const row1 = trainBinarySgd(
			{ matrix: matrix.matrix, y },
			{ ...hyperparameters, positiveWeight: 12 / (3 * 5), negativeWeight: 1 }
		);
		expect(Array.from(fit.coef.subarray(2, 4))).toEqual(Array.from(row1.weights));
	});

	it('one-vs-rest trains the classes together and equals training each class alone', () => {
		const { matrix, labels } = blobs(4, 15, 6);
		for (const average of [false, true]) {
			const reports: EpochReport[] = [];
			const settings = { ...hyperparameters, average, classWeight: 'balanced' as const };
			const fit = fitLinearModel(matrix, labels, ['a', 'b', 'c', 'd'], settings, (report) => reports.push(report));
			const weights = balancedClassWeights(labels, 4);
			for (let k = 0; k < 4; k++) {
				const y = Int8Array.from(labels, (label) => (label === k ? 1 : -1));
				const alone = trainBinarySgd({ matrix: matrix.matrix, y }, { ...settings, positiveWeight: weights[k]!, negativeWeight: 1 });
				expect(Array.from(fit.coef.subarray(2 * k, 2 * k + 2))).toEqual(Array.from(alone.weights));
				expect(fit.intercept[k]).toBe(alone.bias);
				expect(fit.objectiveCurves[k]).toEqual(alone.objectives);
			}
			// Epoch by epoch: every class's epoch 1, then every class's epoch 2, …; progress only grows.
			expect(reports.slice(0, 5).map((report) => [report.row, report.epoch])).toEqual([[0, 1], [1, 1], [2, 1], [3, 1], [0, 2]]);
			const fractions = reports.map((report) => report.fraction);
			expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
			expect(fractions.at(-1)).toBe(1);
		}
	});

	it('a binary fit records its path every k-th step, from the start to the trained model', () => {
		const { matrix, labels } = blobs(2, 500, 7);
		const fit = fitLinearModel(matrix, labels, ['a', 'b'], { ...hyperparameters, epochs: 3 });
		const points = fit.path!.length / 3;
		expect(points).toBeGreaterThan(100);
		expect(points).toBeLessThanOrEqual(241);
		expect(Array.from(fit.path!.slice(0, 3))).toEqual([0, 0, 0]);
		expect(Array.from(fit.path!.slice(-3))).toEqual([...fit.coef, fit.intercept[0]]);
	});

	it('refuses training rows of a single class', () => {
		const { matrix } = blobs(2, 2, 5);
		expect(() => fitLinearModel(matrix, new Int8Array(4), ['a', 'b'], hyperparameters)).toThrow(
			"the training rows hold only class 'a': need at least two classes"
		);
	});
});
