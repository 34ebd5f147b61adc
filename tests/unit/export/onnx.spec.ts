import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { ONNX_METADATA_KEYS, modelToOnnx, type OnnxStyle } from '../../../src/lib/export/onnx';
import { readOnnxModel } from '../../../src/lib/export/onnx-read';
import { tableToMatrix } from '../../../src/lib/data/table-matrix';
import { predictTable } from '../../../src/lib/ml/predict';
import { numericModel, reviewsModel, type Trained } from './pipeline';

beforeAll(() => {
	// One thread: no worker files to find when running from node_modules.
	ort.env.wasm.numThreads = 1;
});

/**
 * Scores the test split's rows as they were before standardisation (the exported graph scales
 * them) with onnxruntime-web's WASM kernels, beside Descent's own prediction of the same rows.
 */
async function compare(trained: Trained, style: OnnxStyle) {
	const { model, splits } = trained;
	const { matrix } = tableToMatrix(trained.unscaled.test, model.features);
	if (matrix.format !== 'dense') throw new Error('dense test data expected');
	const session = await ort.InferenceSession.create(modelToOnnx(model, { style }));
	const result = await session.run({ input: new ort.Tensor('float32', matrix.values, [matrix.rowCount, matrix.featureCount]) });
	const ours = predictTable(model, splits.test);
	return { ours, label: result.label!, scores: result.scores!, rows: matrix.rowCount };
}

function expectSameLabels(actual: ArrayLike<bigint | number>, expected: Int8Array): void {
	expect(Array.from(actual, Number)).toEqual(Array.from(expected));
}

/** Labels equal, and the largest score difference (the sklearn style's binary scores are [−d, d]). */
async function check(trained: Trained, style: OnnxStyle): Promise<number> {
	const { ours, label, scores, rows } = await compare(trained, style);
	expect(label.dims).toEqual([rows]);
	expectSameLabels(label.data as BigInt64Array, ours.predicted);
	const data = scores.data as Float32Array;
	const k = ours.scores.length / rows;
	const binarySklearn = style === 'sklearn' && k === 1;
	expect(scores.dims).toEqual([rows, binarySklearn ? 2 : k]);
	let worst = 0;
	for (let i = 0; i < rows; i++) {
		for (let j = 0; j < k; j++) {
			const theirs = binarySklearn ? data[i * 2 + 1]! : data[i * k + j]!;
			if (binarySklearn) expect(data[i * 2]).toBe(-theirs);
			worst = Math.max(worst, Math.abs(theirs - ours.scores[i * k + j]!));
		}
	}
	expect(worst).toBeLessThan(1e-5);
	return worst;
}

describe('ONNX export checked in onnxruntime-web (WASM kernels, under Node)', () => {
	for (const style of ['portable', 'sklearn'] as const) {
		it(`${style}: a binary numeric model with its scaler folded in gives Descent's labels and scores`, async () => {
			const trained = await numericModel(2);
			expect(trained.model.preprocessing.map((step) => step.type)).toEqual(['standardize']);
			await check(trained, style);
		});

		it(`${style}: a three-class one-vs-rest model gives the argmax class and the three scores`, async () => {
			const trained = await numericModel(3);
			expect(trained.model.classes).toEqual(['class-a', 'class-b', 'class-c']);
			const { ours } = await compare(trained, style);
			// Every class is predicted somewhere, so the argmax is really exercised.
			expect(new Set(ours.predicted).size).toBe(3);
			await check(trained, style);
		});

		it(`${style}: a text model takes the hashed counts, and carries the vectoriser spec in its metadata`, async () => {
			const trained = await reviewsModel({ scale: style === 'sklearn' });
			await check(trained, style);
			const summary = readOnnxModel(modelToOnnx(trained.model, { style }));
			const spec = JSON.parse(summary.metadata[ONNX_METADATA_KEYS.vectorizer]!);
			expect(spec).toEqual([expect.objectContaining({ type: 'hash-vectorize', column: 'review', buckets: 1024, ngramMax: 2, hash: 'murmur3_32', seed: 0, lowercase: true })]);
			expect(JSON.parse(summary.metadata[ONNX_METADATA_KEYS.classes]!)).toEqual(['negative', 'positive']);
			expect(summary.inputs).toEqual([{ name: 'input', shape: ['N', 1024] }]);
		});
	}

	it('the portable graph uses core operators only; the sklearn one is Scaler → LinearClassifier', async () => {
		const { model } = await numericModel(2);
		const portable = readOnnxModel(modelToOnnx(model));
		expect(portable.operators).toEqual(['Sub', 'Div', 'MatMul', 'Add', 'Greater', 'Where', 'Reshape']);
		expect(portable.opsets).toEqual({ '': 17 });
		expect(portable.irVersion).toBe(8);
		expect(portable.outputs.map((output) => output.name)).toEqual(['label', 'scores']);
		const sklearn = readOnnxModel(modelToOnnx(model, { style: 'sklearn' }));
		expect(sklearn.operators).toEqual(['ai.onnx.ml.Scaler', 'ai.onnx.ml.LinearClassifier']);
		expect(sklearn.opsets).toEqual({ '': 17, 'ai.onnx.ml': 1 });
	});
});
