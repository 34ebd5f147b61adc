import { describe, expect, it } from 'vitest';
import { tableToMatrix } from '../../../src/lib/data/table-matrix';
import { ONNX_METADATA_KEYS, modelToOnnx } from '../../../src/lib/export/onnx';
import { readOnnxModel } from '../../../src/lib/export/onnx-read';
import { expectSameScoring, runOnnx } from './onnx-check';
import { numericModel, reviewsModel, type Trained } from './pipeline';
import type { OnnxInputChoice } from '../../../src/lib/export/onnx-inputs';
import type { OnnxStyle } from '../../../src/lib/export/onnx';
import { featureColumnsOf } from '../../../src/lib/data/features';
import type { StandardizeStep } from '../../../src/lib/data/preprocessing';
import type { NumericColumn, SparseColumn, Table } from '../../../src/lib/data/table';
import type { LinearModel } from '../../../src/lib/ml/model';
import { decisionScores, labelsFromScores, predictTable } from '../../../src/lib/ml/predict';
import { createRandom } from '../../../src/lib/ml/rng';
import { applyStandardize } from '../../../src/lib/ml/standardize';

/** The test split's raw rows through the exported graph, against Descent's prediction of the scaled rows. */
async function check(trained: Trained, style: OnnxStyle, input: OnnxInputChoice = 'auto'): Promise<number> {
	const { model, splits } = trained;
	const { matrix } = tableToMatrix(trained.unscaled.test, model.features);
	const run = await runOnnx(model, matrix, style, input);
	const ours = predictTable(model, splits.test);
	const k = model.intercept.length;
	expect(run.dims).toEqual([matrix.rowCount, style === 'sklearn' && k === 1 ? 2 : k]);
	return expectSameScoring(run, ours);
}

describe('ONNX export checked in onnxruntime-web (WASM kernels, under Node)', () => {
	for (const style of ['portable', 'sklearn'] as const) {
		it(`${style}: a binary numeric model with its scaler replayed gives Descent's labels and scores`, async () => {
			const trained = await numericModel(2);
			expect(trained.model.preprocessing.map((step) => step.type)).toEqual(['standardize']);
			await check(trained, style);
		});

		it(`${style}: a three-class one-vs-rest model gives the argmax class and the three scores`, async () => {
			const trained = await numericModel(3);
			expect(trained.model.classes).toEqual(['class-a', 'class-b', 'class-c']);
			// Every class is predicted somewhere, so the argmax is really exercised.
			expect(new Set(predictTable(trained.model, trained.splits.test).predicted).size).toBe(3);
			await check(trained, style);
		});

		it(`${style}: a column of Unix seconds (mean 1.7e9, std ≈ 600) scores as Descent does on every row`, async () => {
			// A float32 mean moves by up to 64 s here (0.1 std): the graph must centre in float64.
			for (const classes of [2, 3]) {
				const trained = await numericModel(classes, {}, { recorded: true });
				const step = trained.model.preprocessing[0];
				expect(step?.type === 'standardize' && step.mean[3]).toBeGreaterThan(1.6e9);
				expect(await check(trained, style)).toBeLessThan(1e-5);
			}
		});

		it(`${style}: a text model of 1024 buckets takes the dense hashed row, and carries the vectoriser spec`, async () => {
			const trained = await reviewsModel();
			await check(trained, style);
			const summary = readOnnxModel(modelToOnnx(trained.model, { style }));
			const spec = JSON.parse(summary.metadata[ONNX_METADATA_KEYS.vectorizer]!);
			expect(spec).toEqual([expect.objectContaining({ type: 'hash-vectorize', column: 'review', buckets: 1024, ngramMax: 2, lowercase: true, hash: 'murmur3_32', seed: 0, alternateSign: true, norm: 'l2' })]);
			expect(JSON.parse(summary.metadata[ONNX_METADATA_KEYS.classes]!)).toEqual(['negative', 'positive']);
			expect(JSON.parse(summary.metadata[ONNX_METADATA_KEYS.features]!)).toEqual([{ name: 'review', type: 'sparse', width: 1024 }]);
			expect(summary.inputs).toEqual([{ name: 'input', shape: ['N', 1024] }]);
		});

		it(`${style}: text and a standardised Unix-seconds column in one dense row`, async () => {
			const trained = await reviewsModel({ posted: true });
			expect(trained.model.features).toEqual([{ name: 'review', type: 'sparse', width: 1024 }, { name: 'posted', type: 'numeric' }]);
			await check(trained, style, 'dense');
		});
	}

	it('a text model of 2^18 buckets takes the padded sparse row (indices, values) and scores as Descent does', async () => {
		const trained = await reviewsModel({ buckets: 1 << 18, epochs: 5 });
		expect(await check(trained, 'portable')).toBeLessThan(1e-5);
		const summary = readOnnxModel(modelToOnnx(trained.model));
		expect(summary.inputs).toEqual([
			{ name: 'indices', shape: ['N', 'L'] },
			{ name: 'values', shape: ['N', 'L'] }
		]);
		expect(summary.operators).toEqual(['Gather', 'Unsqueeze', 'Mul', 'ReduceSum', 'Add', 'Greater', 'Where', 'Reshape']);
		expect(JSON.parse(summary.metadata[ONNX_METADATA_KEYS.vectorizer]!)).toEqual([expect.objectContaining({ type: 'hash-vectorize', buckets: 1 << 18 })]);
		expect(JSON.parse(summary.metadata[ONNX_METADATA_KEYS.inputs]!)).toEqual({
			kind: 'sparse',
			numeric: [],
			sparse: [{ name: 'review', offset: 0, width: 1 << 18, featureOffset: 0 }],
			sparseWidth: 1 << 18
		});
		expect(() => modelToOnnx(trained.model, { style: 'sklearn' })).toThrow(/takes every feature as one dense input, and this model has 262,144 hashed features of 'review'/);
	}, 30_000);

	it('text and Unix seconds in the sparse layout: the numbers come as a dense input beside the sparse row', async () => {
		const trained = await reviewsModel({ posted: true });
		// The scale cell divides the hashed words too (StandardScaler(with_mean=False)): the graph gathers each index's divisor.
		expect(trained.model.preprocessing.map((step) => step.type)).toEqual(['hash-vectorize', 'standardize', 'sparse-scale']);
		expect(await check(trained, 'portable', 'sparse')).toBeLessThan(1e-5);
		expect(readOnnxModel(modelToOnnx(trained.model, { input: 'sparse' })).operators).toContain('Div');
		const summary = readOnnxModel(modelToOnnx(trained.model, { input: 'sparse' }));
		expect(summary.inputs.map((input) => input.name)).toEqual(['input', 'indices', 'values']);
		expect(summary.inputs[0]!.shape).toEqual(['N', 1]);
	});

	it('two hashed columns around a numeric one: one index space, the hashed columns one after another', async () => {
		const random = createRandom(9);
		const n = 40;
		const hashed = (name: string, width: number): SparseColumn => {
			const indptr = new Uint32Array(n + 1);
			const indices: number[] = [];
			const values: number[] = [];
			for (let i = 0; i < n; i++) {
				const buckets = new Set(Array.from({ length: random.int(12) }, () => random.int(width)));
				for (const bucket of [...buckets].sort((a, b) => a - b)) {
					indices.push(bucket);
					values.push(1 + random.int(3));
				}
				indptr[i + 1] = indices.length;
			}
			return { name, type: 'sparse', width, indptr, indices: Uint32Array.from(indices), values: Float32Array.from(values) };
		};
		const stars: NumericColumn = { name: 'stars', type: 'numeric', values: Float32Array.from({ length: n }, () => 1 + random.int(5)) };
		const raw: Table = { kind: 'table', name: 'tickets', rowCount: n, columns: [hashed('title', 3000), stars, hashed('body', 5000)], labelName: 'kind', classes: [], labels: new Int8Array(n), source: 'test' };
		const step: StandardizeStep = { type: 'standardize', columns: ['stars'], mean: [3.1], std: [1.3] };
		const { model } = await numericModel(3);
		const features = featureColumnsOf(raw.columns);
		const ovr: LinearModel = { ...model, features, preprocessing: [step], coef: Float32Array.from({ length: 3 * 8001 }, () => random.normal()) };
		const scaled: Table = { ...raw, columns: raw.columns.map((column) => (column.type === 'numeric' ? { ...column, values: applyStandardize(step, 0, column.values) } : column)) };
		const scores = decisionScores(ovr, tableToMatrix(scaled, features).matrix);
		const run = await runOnnx(ovr, tableToMatrix(raw, features).matrix, 'portable');
		expect(expectSameScoring(run, { scores, predicted: labelsFromScores(scores, 3) })).toBeLessThan(1e-5);
		expect(JSON.parse(readOnnxModel(modelToOnnx(ovr)).metadata[ONNX_METADATA_KEYS.inputs]!)).toMatchObject({
			numeric: [{ name: 'stars', featureIndex: 3000 }],
			sparse: [
				{ name: 'title', offset: 0, width: 3000, featureOffset: 0 },
				{ name: 'body', offset: 3000, width: 5000, featureOffset: 3001 }
			],
			sparseWidth: 8000
		});
	});

	it('the portable graph uses core operators only and centres in float64; the sklearn one ends in LinearClassifier', async () => {
		const { model } = await numericModel(2);
		const portable = readOnnxModel(modelToOnnx(model));
		expect(portable.operators).toEqual(['Cast', 'Sub', 'Div', 'Cast', 'MatMul', 'Add', 'Greater', 'Where', 'Reshape']);
		expect(portable.opsets).toEqual({ '': 17 });
		expect(portable.irVersion).toBe(8);
		expect(portable.outputs.map((output) => output.name)).toEqual(['label', 'scores']);
		const sklearn = readOnnxModel(modelToOnnx(model, { style: 'sklearn' }));
		expect(sklearn.operators).toEqual(['Cast', 'Sub', 'Div', 'Cast', 'ai.onnx.ml.LinearClassifier']);
		expect(sklearn.opsets).toEqual({ '': 17, 'ai.onnx.ml': 1 });
		expect(JSON.parse(portable.metadata[ONNX_METADATA_KEYS.preprocessing]!)).toEqual(model.preprocessing);
		expect(() => modelToOnnx(model, { input: 'sparse' })).toThrow('a sparse input needs a hashed text column');
	});
});
