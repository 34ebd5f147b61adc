import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { epochOrders, gpuCannotTrain, trainCpu, vectorizeSettings, vectorizeTexts } from '../../../bench/adapter';
import { writeDataset } from '../../../bench/dataset-files';
import { benchConfigs, benchData } from '../../../bench/workloads';
import { createEpochOrder } from '../../../src/lib/ml/sgd';
import { hashVectorize, hashVectorizeStep } from '../../../src/lib/ml/vectorize';

const texts = ['The cat sat on the mat.', 'A dog; a DOG and the cat', 'x y z'];

describe('bench adapter', () => {
	it('vectorizes into the CSR matrix hashVectorize gives, with scikit-learn’s settings named', () => {
		const settings = vectorizeSettings(1024);
		expect(settings).toEqual({ n_features: 1024, lowercase: true, alternate_sign: false, norm: null, ngram_range: [1, 1] });
		const matrix = vectorizeTexts(texts, settings);
		const column = hashVectorize(texts, hashVectorizeStep('text', { buckets: 1024, ngramMax: 1, lowercase: true, alternateSign: false, norm: 'none' }));
		expect(matrix).toMatchObject({ format: 'csr', rowCount: 3, featureCount: 1024 });
		expect(Array.from(matrix.indptr)).toEqual(Array.from(column.indptr));
		expect(Array.from(matrix.indices)).toEqual(Array.from(column.indices));
		expect(Array.from(matrix.values)).toEqual(Array.from(column.values));
	});

	it('lays out the trainers’ epoch orders epoch-major, for the peers to replay', () => {
		const next = createEpochOrder(50, 7, true);
		const orders = epochOrders(50, 7, true, 3);
		for (let epoch = 0; epoch < 3; epoch++) expect(Array.from(orders.subarray(epoch * 50, (epoch + 1) * 50))).toEqual(Array.from(next()));
	});

	it('says the GPU trains dense and CSR rows alike', () => {
		expect(gpuCannotTrain(benchData(4, 2))).toBeNull();
		expect(gpuCannotTrain({ matrix: vectorizeTexts(texts, vectorizeSettings(64)), y: Int8Array.of(1, -1, 1) })).toBeNull();
	});

	it('trains on the CPU and reports each epoch', () => {
		const epochs: number[] = [];
		const model = trainCpu(benchData(200, 3), benchConfigs(1, 4, 1)[0]!, (epoch) => epochs.push(epoch));
		expect(epochs).toEqual([1, 2, 3, 4]);
		expect(model.weights).toHaveLength(3);
		expect(Number.isFinite(model.bias)).toBe(true);
	});
});

describe('bench dataset files', () => {
	it('writes the exact bytes numpy reads: CSR arrays, labels and the epoch orders', () => {
		const root = mkdtempSync(join(tmpdir(), 'bench-files-'));
		const matrix = vectorizeTexts(texts, vectorizeSettings(64));
		const y = Int8Array.of(1, -1, 1);
		const orders = epochOrders(3, 7, true, 2);
		const meta = writeDataset(root, 'tiny', { matrix, y }, { epochs: 2, values: orders });
		expect(meta).toMatchObject({ id: 'tiny', format: 'csr', rows: 3, features: 64, stored: matrix.indptr[3], orderEpochs: 2 });
		const read = (file: string) => new Uint8Array(readFileSync(join(meta.dir, file)));
		const bytes = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
		expect(read('indptr.u32')).toEqual(bytes(matrix.indptr));
		expect(read('indices.u32')).toEqual(bytes(matrix.indices));
		expect(read('values.f32')).toEqual(bytes(matrix.values));
		expect(read('y.i8')).toEqual(bytes(y));
		expect(read('orders.u32')).toEqual(bytes(orders));
	});

	it('refuses orders that do not cover every epoch of every row', () => {
		const root = mkdtempSync(join(tmpdir(), 'bench-files-'));
		expect(() => writeDataset(root, 'bad', benchData(4, 2), { epochs: 2, values: new Uint32Array(7) })).toThrow('orders: 7 entries for 2 epochs × 4 rows');
	});
});
