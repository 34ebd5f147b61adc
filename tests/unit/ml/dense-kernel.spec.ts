import { afterEach, describe, expect, it } from 'vitest';
import type { DenseMatrix } from '../../../src/lib/data/feature-matrix';
import { acquireDenseKernel, denseRowsInKernel, setDenseKernelEnabled } from '../../../src/lib/ml/dense-kernel';
import { createRandom } from '../../../src/lib/ml/rng';
import { trainBinarySgd, type SgdOptions } from '../../../src/lib/ml/sgd';

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

/** The message trainBinarySgd throws on `data`, or 'no error'. */
function failure(data: Parameters<typeof trainBinarySgd>[0], options: SgdOptions): string {
	try {
		trainBinarySgd(data, options);
	} catch (error) {
		return (error as Error).message;
	}
	return 'no error';
}

/**
 * Dense rows with about a third of their values zero (both signs of zero, which an update must
 * skip), the rest over many magnitudes and both signs, so that float32 rounding and the order of
 * the float64 sums matter; labels by a noisy rule on the first columns.
 */
function randomDense(n: number, d: number, seed: number, into?: Float32Array): { matrix: DenseMatrix; y: Int8Array } {
	const random = createRandom(seed);
	const values = into ?? new Float32Array(n * d);
	const y = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		let score = 0;
		for (let j = 0; j < d; j++) {
			const draw = random.next();
			const value = draw < 0.15 ? 0 : draw < 0.3 ? -0 : random.normal() * 10 ** Math.floor(random.next() * 6 - 3);
			values[i * d + j] = value;
			score += j % 2 === 0 ? value : -value;
		}
		y[i] = score + 0.1 * random.normal() > 0 ? 1 : -1;
	}
	return { matrix: { format: 'dense', rowCount: n, featureCount: d, values }, y };
}

afterEach(() => setDenseKernelEnabled(true));

describe('the WebAssembly dense kernel', () => {
	it('is reused for the next fit on the same rows, zeroed, and never handed out twice at once', () => {
		const { matrix } = randomDense(20, 6, 3);
		const first = acquireDenseKernel(matrix, false)!;
		first.v.fill(5);
		const second = acquireDenseKernel(matrix, false)!;
		expect(second.v.buffer).not.toBe(first.v.buffer);
		second.release();
		first.release();
		const again = acquireDenseKernel(matrix, false)!;
		expect(again.v.buffer).toBe(first.v.buffer);
		expect(Array.from(again.v)).toEqual(new Array(6).fill(0));
		again.release();
	});

	it('trains rows handed out by denseRowsInKernel where they are, without a copy', () => {
		const rows = denseRowsInKernel(30, 5);
		const { matrix } = randomDense(30, 5, 4, rows);
		const kernel = acquireDenseKernel(matrix, true)!;
		expect(kernel.v.buffer).toBe(rows.buffer);
		kernel.release();
	});

	it('is absent when turned off, and then hands out plain rows', () => {
		setDenseKernelEnabled(false);
		expect(acquireDenseKernel(randomDense(4, 4, 4).matrix, false)).toBeNull();
		expect(denseRowsInKernel(3, 2)).toEqual(new Float32Array(6));
	});
});

describe('dense SGD with and without the WebAssembly kernel', () => {
	const base: SgdOptions = {
		alpha: 1e-3,
		schedule: 'optimal',
		eta0: 0.01,
		powerT: 0.5,
		epochs: 4,
		seed: 11,
		shuffle: true,
		fitIntercept: true,
		average: false,
		tol: 1e-3,
		nIterNoChange: 2,
		batchSize: 1
	};
	const cases: [string, Partial<SgdOptions>][] = [
		['plain', {}],
		['averaged', { average: true }],
		['class weights and a start point', { positiveWeight: 3, negativeWeight: 0.5, initialWeights: new Float32Array(13).fill(0.25), initialBias: -1 }],
		['constant rate with wscale folds', { schedule: 'constant', eta0: 0.5, alpha: 0.5 }],
		['invscaling', { schedule: 'invscaling', eta0: 0.3, powerT: 0.4 }],
		['adaptive, η divided between epochs', { schedule: 'adaptive', eta0: 0.2, epochs: 8, tol: 10, nIterNoChange: 1 }],
		['constant without intercept', { schedule: 'constant', eta0: 0.05, fitIntercept: false }],
		['optimal without intercept, no shuffle', { fitIntercept: false, shuffle: false }],
		['optimal with class weights and wscale folds', { alpha: 0.9, positiveWeight: 2.5, negativeWeight: 0.75 }],
		['no penalty', { alpha: 0, schedule: 'constant', eta0: 0.01 }],
		['averaged invscaling', { average: true, schedule: 'invscaling', eta0: 0.3, powerT: 0.4 }],
		['averaged adaptive', { average: true, schedule: 'adaptive', eta0: 0.2, epochs: 8, tol: 10, nIterNoChange: 1 }],
		['averaged constant without intercept', { average: true, schedule: 'constant', eta0: 0.05, fitIntercept: false }],
		['averaged optimal with class weights and wscale folds', { average: true, alpha: 0.9, positiveWeight: 2.5, negativeWeight: 0.75 }],
		['averaged constant with frequent folds', { average: true, schedule: 'constant', eta0: 0.5, alpha: 0.5 }],
		['averaged invscaling with class weights and a start point', { average: true, schedule: 'invscaling', eta0: 0.8, powerT: 0.25, positiveWeight: 0.3, initialWeights: new Float32Array(13).fill(-0.5), initialBias: 2 }],
		['averaged without penalty', { average: true, alpha: 0, schedule: 'constant', eta0: 0.01 }],
		// the exact objective of every epoch scores the rows with the kernel's dotAt
		['exact objectives, class weights', { exactObjectives: true, positiveWeight: 2, negativeWeight: 0.5 }],
		['averaged, exact objectives', { average: true, exactObjectives: true }]
	];
	// 13 features: every remainder of a four-way unrolled loop would show; 1 feature: the shortest row
	for (const d of [13, 1]) {
		const { matrix, y } = randomDense(300, d, 7 + d);
		for (const [name, overrides] of cases) {
			it(`${d} features, ${name}: bit for bit`, () => {
				const options = { ...base, ...overrides };
				if (options.initialWeights) options.initialWeights = options.initialWeights.subarray(0, d);
				const wasm = trainBinarySgd({ matrix, y }, options);
				setDenseKernelEnabled(false);
				const js = trainBinarySgd({ matrix, y }, options);
				expect(bits(wasm.weights)).toEqual(bits(js.weights));
				expect(wasm.bias).toBe(js.bias);
				expect(wasm.objectives).toEqual(js.objectives);
				expect(wasm.updates).toBe(js.updates);
			});
		}
	}

	it('rows in the kernel train to the same bits as a plain copy of them', () => {
		const rows = denseRowsInKernel(300, 13);
		const inKernel = randomDense(300, 13, 20, rows);
		const plain = { ...inKernel.matrix, values: rows.slice() };
		for (const average of [false, true]) {
			const options = { ...base, average };
			const there = trainBinarySgd({ matrix: inKernel.matrix, y: inKernel.y }, options);
			setDenseKernelEnabled(false);
			const js = trainBinarySgd({ matrix: plain, y: inKernel.y }, options);
			setDenseKernelEnabled(true);
			expect(bits(there.weights)).toEqual(bits(js.weights));
			expect(there.objectives).toEqual(js.objectives);
		}
	});

	it('a step hook splits the epoch into ranges: the same path and result as the JS loop', () => {
		const { matrix, y } = randomDense(200, 9, 30);
		const options = { ...base, average: true, alpha: 0.3, onStepEvery: 13 };
		const record = () => {
			const path: number[][] = [];
			const result = trainBinarySgd({ matrix, y }, { ...options, onStep: (step, w, b) => path.push([step, b, ...bits(w)]) });
			return { path, result };
		};
		const wasm = record();
		setDenseKernelEnabled(false);
		const js = record();
		expect(wasm.path).toEqual(js.path);
		expect(bits(wasm.result.weights)).toEqual(bits(js.result.weights));
	});

	it('a margin of exactly 1 still updates (sklearn: z <= 1), in wasm as in JS', () => {
		const one: DenseMatrix = { format: 'dense', rowCount: 2, featureCount: 1, values: Float32Array.of(1, 1) };
		const options = { ...base, schedule: 'constant' as const, eta0: 1, alpha: 0, fitIntercept: false, shuffle: false, epochs: 1 };
		const labels = Int8Array.of(1, 1);
		expect(Array.from(trainBinarySgd({ matrix: one, y: labels }, options).weights)).toEqual([2]);
		setDenseKernelEnabled(false);
		expect(Array.from(trainBinarySgd({ matrix: one, y: labels }, options).weights)).toEqual([2]);
	});

	it('an overflowing margin stops both at the same row with the same message, and the kernel is handed back', () => {
		const { matrix, y } = randomDense(100, 8, 40);
		const huge = { ...matrix, values: matrix.values.map((x) => x * 1e30) };
		const options = { ...base, schedule: 'constant' as const, eta0: 1e10, alpha: 0 };
		const message = () => failure({ matrix: huge, y }, options);
		const before = acquireDenseKernel(huge, false)!;
		before.release();
		const wasm = message();
		const after = acquireDenseKernel(huge, false)!;
		expect(after.v.buffer).toBe(before.v.buffer);
		after.release();
		setDenseKernelEnabled(false);
		expect(wasm).toMatch(/under-\/overflow/);
		expect(message()).toBe(wasm);
	});
});

describe('dense rows prefetched in visit order, a chunk at a time (wasm-prefetch.ts)', () => {
	const options: SgdOptions = { alpha: 1e-3, schedule: 'invscaling', eta0: 0.3, powerT: 0.4, epochs: 3, seed: 5, shuffle: true, fitIntercept: true, average: false, tol: 1e-3, nIterNoChange: 2, batchSize: 1 };
	// 3 features: chunks of CHUNK_ROWS rows and a partial last one; 40000 features (160 KB a row,
	// past CHUNK_BYTES): one row a chunk
	for (const [n, d] of [[2600, 3], [12, 40_000]] as const) {
		for (const average of [false, true]) {
			it(`${n} rows × ${d} features${average ? ', averaged' : ''}: the JS loop's bits, also with a hook splitting the epoch across chunks`, () => {
				const { matrix, y } = randomDense(n, d, 17 + d);
				for (const hook of [{}, { onStep: () => {}, onStepEvery: 7 }]) {
					const wasm = trainBinarySgd({ matrix, y }, { ...options, ...hook, average });
					setDenseKernelEnabled(false);
					const js = trainBinarySgd({ matrix, y }, { ...options, ...hook, average });
					setDenseKernelEnabled(true);
					expect(bits(wasm.weights)).toEqual(bits(js.weights));
					expect(wasm.bias).toBe(js.bias);
					expect(wasm.objectives).toEqual(js.objectives);
				}
			});
		}
	}

	it('an overflow in a later chunk names the same row as the JS loop', () => {
		const { matrix, y } = randomDense(2600, 3, 41);
		const values = matrix.values.slice();
		values.fill(1e30, 3 * 2100, 3 * 2101);
		const huge = { ...matrix, values };
		const settings = { ...options, schedule: 'constant' as const, eta0: 1e10, alpha: 0, shuffle: false };
		const message = () => failure({ matrix: huge, y }, settings);
		const wasm = message();
		setDenseKernelEnabled(false);
		expect(wasm).toMatch(/under-\/overflow/);
		expect(message()).toBe(wasm);
	});
});
