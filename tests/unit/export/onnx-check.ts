/** Running an exported ONNX file in onnxruntime-web (WASM kernels, under Node) beside Descent's own scores. */
import * as ort from 'onnxruntime-web';
import { expect } from 'vitest';
import type { FeatureMatrix } from '../../../src/lib/data/feature-matrix';
import { onnxFeeds, onnxLayout, type OnnxInputChoice } from '../../../src/lib/export/onnx-inputs';
import { modelToOnnx, type OnnxStyle } from '../../../src/lib/export/onnx';
import type { LinearModel } from '../../../src/lib/ml/model';

// One thread: no worker files to find when running from node_modules.
ort.env.wasm.numThreads = 1;

export interface OnnxRun {
	label: number[];
	/** N × K, the sklearn style's binary [−d, d] reduced to d. */
	scores: Float32Array;
	dims: readonly number[];
}

/** Scores raw rows (the model's features before standardisation) with the exported graph. */
export async function runOnnx(model: LinearModel, raw: FeatureMatrix, style: OnnxStyle, input: OnnxInputChoice = 'auto'): Promise<OnnxRun> {
	const session = await ort.InferenceSession.create(modelToOnnx(model, { style, input }));
	const feeds = onnxFeeds(onnxLayout(model.features, input), raw);
	const tensors: Record<string, ort.Tensor> = {};
	if (feeds.input) tensors.input = new ort.Tensor('float32', feeds.input.data, feeds.input.dims);
	if (feeds.indices) tensors.indices = new ort.Tensor('int64', feeds.indices.data, feeds.indices.dims);
	if (feeds.values) tensors.values = new ort.Tensor('float32', feeds.values.data, feeds.values.dims);
	const result = await session.run(tensors);
	const label = Array.from(result.label!.data as BigInt64Array, Number);
	const data = result.scores!.data as Float32Array;
	const dims = result.scores!.dims;
	const binarySklearn = style === 'sklearn' && model.intercept.length === 1;
	if (!binarySklearn) return { label, scores: data, dims };
	const scores = new Float32Array(raw.rowCount);
	for (let i = 0; i < raw.rowCount; i++) {
		expect(data[i * 2]).toBe(-data[i * 2 + 1]!);
		scores[i] = data[i * 2 + 1]!;
	}
	return { label, scores, dims };
}

/** Asserts Descent's labels on every row and scores within `tolerance`; returns the largest score difference. */
export function expectSameScoring(run: OnnxRun, ours: { scores: Float32Array; predicted: Int8Array }, tolerance = 1e-5): number {
	expect(run.label).toEqual(Array.from(ours.predicted));
	expect(run.scores.length).toBe(ours.scores.length);
	let worst = 0;
	for (let i = 0; i < ours.scores.length; i++) worst = Math.max(worst, Math.abs(run.scores[i]! - ours.scores[i]!));
	expect(worst).toBeLessThan(tolerance);
	return worst;
}
