import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from '../../../src/lib/data/feature-matrix';
import type { FeatureColumn } from '../../../src/lib/data/features';
import type { LearningRateSchedule, SgdHyperparameters } from '../../../src/lib/ml/model';
import { decisionScores, labelsFromScores } from '../../../src/lib/ml/predict';
import { fitLinearModel } from '../../../src/lib/ml/train';

/** Made by scripts/fixtures/sgd.py: scikit-learn 1.2.1 SGDClassifier(hinge), shuffle=False. */
interface Fixture {
	data: Record<string, { format: 'dense' | 'csr'; rows: number; features: number; values: number[]; indptr?: number[]; indices?: number[]; labels: number[] }>;
	cases: {
		name: string;
		data: string;
		epochs: number;
		params: { learning_rate: LearningRateSchedule; eta0: number; alpha: number; power_t?: number; average?: boolean; fit_intercept?: boolean; class_weight?: 'balanced' };
		sklearn: { coef: number[][]; intercept: number[]; n_iter: number; accuracy: number };
	}[];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/sgd.json', import.meta.url), 'utf8')) as Fixture;

function dataset(name: string): { matrix: FeatureMatrix; features: FeatureColumn[]; labels: Int8Array; classes: string[] } {
	const data = fixture.data[name]!;
	const { rows, features: d } = data;
	const matrix: FeatureMatrix =
		data.format === 'csr'
			? { format: 'csr', rowCount: rows, featureCount: d, indptr: Uint32Array.from(data.indptr!), indices: Uint32Array.from(data.indices!), values: Float32Array.from(data.values) }
			: { format: 'dense', rowCount: rows, featureCount: d, values: Float32Array.from(data.values) };
	const features: FeatureColumn[] =
		data.format === 'csr' ? [{ name: 'x', type: 'sparse', width: d }] : Array.from({ length: d }, (_, j) => ({ name: `x${j}`, type: 'numeric' as const }));
	const labels = Int8Array.from(data.labels);
	const classes = Array.from({ length: Math.max(...data.labels) + 1 }, (_, k) => `c${k}`);
	return { matrix, features, labels, classes };
}

function hyperparameters(testCase: Fixture['cases'][number]): SgdHyperparameters {
	const { params, epochs } = testCase;
	const adaptive = params.learning_rate === 'adaptive';
	return {
		alpha: params.alpha,
		schedule: params.learning_rate,
		eta0: params.eta0,
		powerT: params.power_t ?? 0.5,
		epochs,
		seed: 0,
		shuffle: false,
		fitIntercept: params.fit_intercept ?? true,
		average: params.average ?? false,
		classWeight: params.class_weight ?? 'none',
		tol: 1e-3,
		nIterNoChange: adaptive ? 2 : 5,
		batchSize: 1
	};
}

/** The largest |ours − sklearn| over a vector, relative to the vector's largest magnitude (at least 1). */
function relativeError(ours: ArrayLike<number>, theirs: number[]): number {
	const scale = Math.max(1, ...theirs.map(Math.abs));
	let worst = 0;
	for (let j = 0; j < theirs.length; j++) worst = Math.max(worst, Math.abs(ours[j]! - theirs[j]!) / scale);
	return worst;
}

describe('SGD against scikit-learn SGDClassifier(loss="hinge") fixtures', () => {
	it('covers every schedule, averaging, intercept, class weights, CSR and one-vs-rest', () => {
		const names = fixture.cases.map((c) => c.name).join('\n');
		for (const pattern of [/dense constant/, /sparse optimal/, /invscaling/, /adaptive/, /average=True/, /fit_intercept=False/, /balanced/, /one-vs-rest/, /reset_wscale/]) {
			expect(names).toMatch(pattern);
		}
	});

	for (const testCase of fixture.cases) {
		it(`${testCase.name}: coef and intercept within 1e-4, same epochs and accuracy`, () => {
			const { matrix, features, labels, classes } = dataset(testCase.data);
			const fit = fitLinearModel({ matrix, features }, labels, classes, hyperparameters(testCase));
			const { coef, intercept, n_iter, accuracy } = testCase.sklearn;
			const d = matrix.featureCount;
			coef.forEach((row, k) => expect(relativeError(fit.coef.subarray(k * d, (k + 1) * d), row), `coef row ${k}`).toBeLessThan(1e-4));
			expect(relativeError(fit.intercept, intercept), 'intercept').toBeLessThan(1e-4);
			expect(Math.max(...fit.objectiveCurves.map((curve) => curve.length))).toBe(n_iter);
			const predicted = labelsFromScores(decisionScores(fit, matrix), fit.intercept.length);
			const correct = predicted.reduce((sum, label, i) => sum + (label === labels[i] ? 1 : 0), 0);
			expect(correct / labels.length).toBeCloseTo(accuracy, 10);
		});
	}
});
