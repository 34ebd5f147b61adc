import { afterEach, describe, expect, it } from 'vitest';
import type { CsrMatrix } from '../../../src/lib/data/feature-matrix';
import { acquireCsrKernel, setCsrKernelEnabled } from '../../../src/lib/ml/csr-kernel';
import { createRandom } from '../../../src/lib/ml/rng';
import { l2Penalty } from '../../../src/lib/ml/hinge';
import { csrAddScaled, csrAddScaledAveraged, csrDot } from '../../../src/lib/ml/row-ops';
import { trainBinarySgd, type SgdOptions } from '../../../src/lib/ml/sgd';
import { createWeightVector, materialise } from '../../../src/lib/ml/weight-vector';

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
 * Rows of 0 … 13 entries (every remainder of the four-way unrolled loop), ascending distinct
 * columns, values over many magnitudes and both signs so that float32 rounding and the order of
 * the float64 sums matter; labels by a noisy rule on the first columns.
 */
function randomCsr(n: number, d: number, seed: number): { matrix: CsrMatrix; y: Int8Array } {
	const random = createRandom(seed);
	const indptr = new Uint32Array(n + 1);
	const indices: number[] = [];
	const values: number[] = [];
	const y = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		const length = i % 14;
		const columns = new Set<number>();
		while (columns.size < length) columns.add(Math.floor(random.next() * d));
		let score = 0;
		for (const j of [...columns].sort((a, b) => a - b)) {
			const value = random.normal() * 10 ** Math.floor(random.next() * 6 - 3);
			indices.push(j);
			values.push(value);
			score += j % 2 === 0 ? value : -value;
		}
		indptr[i + 1] = indices.length;
		y[i] = score + 0.1 * random.normal() > 0 ? 1 : -1;
	}
	const matrix: CsrMatrix = { format: 'csr', rowCount: n, featureCount: d, indptr, indices: Uint32Array.from(indices), values: Float32Array.from(values) };
	return { matrix, y };
}

afterEach(() => setCsrKernelEnabled(true));

describe('the WebAssembly CSR kernel', () => {
	it('gives row-ops.ts bits for the dot products (v, model), the scaled add and the averaged add', () => {
		const { matrix } = randomCsr(60, 40, 1);
		const kernel = acquireCsrKernel(matrix, true, false);
		expect(kernel).not.toBeNull();
		const random = createRandom(2);
		const v = Float32Array.from({ length: 40 }, () => random.normal() * 3);
		const aw = Float32Array.from({ length: 40 }, () => random.normal());
		kernel!.v!.set(v);
		kernel!.aw!.set(aw);
		const { indptr, indices, values } = matrix;
		try {
			for (let i = 0; i < matrix.rowCount; i++) {
				const start = indptr[i]!;
				const end = indptr[i + 1]!;
				expect(kernel!.dot(start, end)).toBe(csrDot(v, indices, values, start, end));
				kernel!.model.set(aw);
				expect(kernel!.modelDot(start, end)).toBe(csrDot(aw, indices, values, start, end));
				const c = random.normal() / 7;
				if (i % 2 === 0) {
					kernel!.addScaled(start, end, c);
					csrAddScaled(v, indices, values, start, end, c);
				} else {
					const a = random.next() * 50;
					kernel!.addScaledAveraged(start, end, c, a);
					csrAddScaledAveraged(v, aw, indices, values, start, end, c, a);
				}
				expect(bits(kernel!.v!)).toEqual(bits(v));
				expect(bits(kernel!.aw!)).toEqual(bits(aw));
			}
		} finally {
			kernel!.release();
		}
	});

	it('forms the model as materialise does, plain and averaged', () => {
		const { matrix } = randomCsr(10, 40, 5);
		const random = createRandom(6);
		for (const average of [false, true]) {
			const kernel = acquireCsrKernel(matrix, average, false)!;
			const weights = createWeightVector(40, average);
			kernel.v!.set(Float32Array.from({ length: 40 }, () => random.normal() * 1e3));
			kernel.aw?.set(Float32Array.from({ length: 40 }, () => random.normal()));
			Object.assign(weights, { v: kernel.v, aw: kernel.aw, wscale: 0.0137, averageA: 3.3, averageB: 7.1, bias: 0.5, averageBias: 0.25 });
			const expected = new Float32Array(40);
			const bias = materialise(weights, expected);
			expect(kernel.materialise(weights)).toBe(bias);
			expect(bits(kernel.model)).toEqual(bits(expected));
			kernel.model.fill(0);
			// the same pass also sums the squares, as l2Penalty sums them
			let squares = 0;
			for (const w of expected) squares += w * w;
			expect(kernel.materialiseSquares(weights)).toEqual({ bias, squares });
			expect(bits(kernel.model)).toEqual(bits(expected));
			kernel.release();
		}
	});

	it('sums the model squares as l2Penalty does, and goes non-finite with a weight', () => {
		const { matrix } = randomCsr(10, 37, 8);
		const kernel = acquireCsrKernel(matrix, false, false)!;
		const random = createRandom(9);
		try {
			kernel.model.set(Float32Array.from({ length: 37 }, () => random.normal() * 10 ** Math.floor(random.next() * 8 - 4)));
			expect(0.5 * 0.3 * kernel.modelSquares()).toBe(l2Penalty(kernel.model, 0.3));
			kernel.model[20] = Infinity;
			expect(kernel.modelSquares()).toBe(Infinity);
			kernel.model[20] = NaN;
			expect(kernel.modelSquares()).toBeNaN();
		} finally {
			kernel.release();
		}
	});

	it('is reused for the next fit on the same matrix, zeroed, and never handed out twice at once', () => {
		const { matrix } = randomCsr(20, 16, 3);
		const first = acquireCsrKernel(matrix, false, false)!;
		first.v!.fill(5);
		const second = acquireCsrKernel(matrix, false, false)!;
		expect(second.v!.buffer).not.toBe(first.v!.buffer);
		second.release();
		first.release();
		const again = acquireCsrKernel(matrix, false, false)!;
		expect(again.v!.buffer).toBe(first.v!.buffer);
		expect(Array.from(again.v!)).toEqual(new Array(16).fill(0));
		again.release();
		// other values under the same indices: a fresh copy, not the cached one
		const changed = acquireCsrKernel({ ...matrix, values: matrix.values.map((x) => 2 * x) }, false, false)!;
		expect(changed.v!.buffer).not.toBe(first.v!.buffer);
		changed.release();
	});

	it('keeps an averaged kernel for plain steps interleaved (no arrays), and gives arrays to a caller that asks', () => {
		const { matrix } = randomCsr(12, 40, 13);
		const interleaved = acquireCsrKernel(matrix, true, true)!;
		expect(interleaved.v).toBeNull();
		expect(interleaved.aw).toBeNull();
		// the model from v alone (aw = 0): interleaved addresses, materialise's bits
		const random = createRandom(14);
		const v = Float32Array.from({ length: 40 }, () => random.normal() * 1e3);
		interleaved.startFrom(v);
		const weights = { ...createWeightVector(40, true, v), wscale: 0.0137, averageA: 3.3, averageB: 7.1 };
		const expected = new Float32Array(40);
		materialise(weights, expected);
		interleaved.materialise(weights);
		expect(bits(interleaved.model)).toEqual(bits(expected));
		interleaved.release();
		// the mini-batch loop folds over arrays: it gets a contiguous kernel on the same matrix
		const contiguous = acquireCsrKernel(matrix, true, false)!;
		expect(contiguous.v).not.toBeNull();
		expect(contiguous.aw).not.toBeNull();
		contiguous.release();
	});

	it('is absent when turned off', () => {
		setCsrKernelEnabled(false);
		expect(acquireCsrKernel(randomCsr(4, 4, 4).matrix, false, false)).toBeNull();
	});
});

describe('CSR SGD with and without the WebAssembly kernel', () => {
	const { matrix, y } = randomCsr(300, 64, 7);
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
		['mini-batches', { batchSize: 7 }],
		['averaged mini-batches', { average: true, batchSize: 7, schedule: 'invscaling', eta0: 0.5 }],
		['class weights and a start point', { positiveWeight: 3, negativeWeight: 0.5, initialWeights: new Float32Array(64).fill(0.25), initialBias: -1 }],
		['constant rate with wscale folds', { schedule: 'constant', eta0: 0.5, alpha: 0.5 }],
		// the plain loop runs whole in wasm (plainSteps): every schedule, with and without intercept
		['invscaling', { schedule: 'invscaling', eta0: 0.3, powerT: 0.4 }],
		['adaptive, η divided between epochs', { schedule: 'adaptive', eta0: 0.2, epochs: 8, tol: 10, nIterNoChange: 1 }],
		['constant without intercept', { schedule: 'constant', eta0: 0.05, fitIntercept: false }],
		['optimal without intercept, no shuffle', { fitIntercept: false, shuffle: false }],
		['optimal with class weights and wscale folds', { alpha: 0.9, positiveWeight: 2.5, negativeWeight: 0.75 }],
		['invscaling with class weights and a start point', { schedule: 'invscaling', eta0: 0.8, powerT: 0.25, positiveWeight: 0.3, initialWeights: new Float32Array(64).fill(-0.5), initialBias: 2 }],
		['no penalty', { alpha: 0, schedule: 'constant', eta0: 0.01 }],
		// the averaged loop runs whole in wasm too (plainSteps with mode & 4): each schedule,
		// intercept on and off, class weights, and the averaged wscale fold (threshold 1e-2)
		['averaged invscaling', { average: true, schedule: 'invscaling', eta0: 0.3, powerT: 0.4 }],
		['averaged adaptive', { average: true, schedule: 'adaptive', eta0: 0.2, epochs: 8, tol: 10, nIterNoChange: 1 }],
		['averaged constant without intercept', { average: true, schedule: 'constant', eta0: 0.05, fitIntercept: false }],
		['averaged optimal without intercept, no shuffle', { average: true, fitIntercept: false, shuffle: false }],
		['averaged optimal with class weights and wscale folds', { average: true, alpha: 0.9, positiveWeight: 2.5, negativeWeight: 0.75 }],
		['averaged constant with frequent folds', { average: true, schedule: 'constant', eta0: 0.5, alpha: 0.5 }],
		['averaged invscaling with class weights and a start point', { average: true, schedule: 'invscaling', eta0: 0.8, powerT: 0.25, positiveWeight: 0.3, initialWeights: new Float32Array(64).fill(-0.5), initialBias: 2 }],
		['averaged without penalty', { average: true, alpha: 0, schedule: 'constant', eta0: 0.01 }]
	];
	for (const [name, overrides] of cases) {
		it(`${name}: bit for bit`, () => {
			const options = { ...base, ...overrides };
			const wasm = trainBinarySgd({ matrix, y }, options);
			setCsrKernelEnabled(false);
			const js = trainBinarySgd({ matrix, y }, options);
			expect(bits(wasm.weights)).toEqual(bits(js.weights));
			expect(wasm.bias).toBe(js.bias);
			expect(wasm.objectives).toEqual(js.objectives);
			expect(wasm.updates).toBe(js.updates);
		});
	}

	it('a margin of exactly 1 still updates (sklearn: z <= 1), in wasm as in JS', () => {
		const one: CsrMatrix = { format: 'csr', rowCount: 2, featureCount: 1, indptr: Uint32Array.of(0, 1, 2), indices: Uint32Array.of(0, 0), values: Float32Array.of(1, 1) };
		const options = { ...base, schedule: 'constant' as const, eta0: 1, alpha: 0, fitIntercept: false, shuffle: false, epochs: 1 };
		const labels = Int8Array.of(1, 1);
		expect(Array.from(trainBinarySgd({ matrix: one, y: labels }, options).weights)).toEqual([2]);
		setCsrKernelEnabled(false);
		expect(Array.from(trainBinarySgd({ matrix: one, y: labels }, options).weights)).toEqual([2]);
	});

	it('a step hook splits the epoch into ranges: the same path and result as the JS loop', () => {
		const options = { ...base, schedule: 'invscaling' as const, eta0: 0.3, onStepEvery: 17 };
		const record = () => {
			const path: number[][] = [];
			const result = trainBinarySgd({ matrix, y }, { ...options, onStep: (step, w, b) => path.push([step, b, ...bits(w)]) });
			return { path, result };
		};
		const wasm = record();
		setCsrKernelEnabled(false);
		const js = record();
		expect(wasm.path).toEqual(js.path);
		expect(bits(wasm.result.weights)).toEqual(bits(js.result.weights));
	});

	it('averaged, a step hook splitting the epoch: the same path and result as the JS loop', () => {
		const options = { ...base, average: true, alpha: 0.3, schedule: 'optimal' as const, onStepEvery: 13 };
		const record = () => {
			const path: number[][] = [];
			const result = trainBinarySgd({ matrix, y }, { ...options, onStep: (step, w, b) => path.push([step, b, ...bits(w)]) });
			return { path, result };
		};
		const wasm = record();
		setCsrKernelEnabled(false);
		const js = record();
		expect(wasm.path).toEqual(js.path);
		expect(bits(wasm.result.weights)).toEqual(bits(js.result.weights));
		expect(wasm.result.bias).toBe(js.result.bias);
	});

	it('an overflowing margin stops both at the same row with the same message', () => {
		const huge = { ...matrix, values: matrix.values.map((x) => x * 1e30) };
		const options = { ...base, schedule: 'constant' as const, eta0: 1e10, alpha: 0 };
		const message = () => failure({ matrix: huge, y }, options);
		const wasm = message();
		setCsrKernelEnabled(false);
		expect(wasm).toMatch(/under-\/overflow/);
		expect(message()).toBe(wasm);
	});

	it('hands the kernel back when a fit throws, and the next fit still runs', () => {
		const huge = { ...matrix, values: matrix.values.map((x) => x * 1e30) };
		const before = acquireCsrKernel(huge, false, false)!;
		before.release();
		expect(() => trainBinarySgd({ matrix: huge, y }, { ...base, schedule: 'constant', eta0: 1e10, alpha: 0 })).toThrow(/under-\/overflow/);
		const after = acquireCsrKernel(huge, false, false)!;
		expect(after.v!.buffer).toBe(before.v!.buffer);
		after.release();
	});
});

describe('a matrix with few columns: the model formed over them only', () => {
	// 40 rows of 0 … 13 entries over 5,000 features: a few hundred columns, far under d / 2
	const d = 5000;
	const { matrix, y } = randomCsr(40, d, 21);
	const base: SgdOptions = {
		alpha: 1e-3,
		schedule: 'optimal',
		eta0: 0.01,
		powerT: 0.5,
		epochs: 5,
		seed: 3,
		shuffle: true,
		fitIntercept: true,
		average: false,
		tol: 1e-3,
		nIterNoChange: 2,
		batchSize: 1
	};

	it('leaves the weights of features no row has alone', () => {
		for (const average of [false, true]) {
			const kernel = acquireCsrKernel(matrix, average, false)!;
			kernel.startFrom(undefined);
			const absent = Array.from({ length: d }, (_, j) => j).filter((j) => !matrix.indices.includes(j));
			expect(absent.length).toBeGreaterThan(d / 2);
			kernel.model[absent[0]!] = 5;
			const weights = createWeightVector(d, average, undefined, 0, { v: kernel.v!, aw: kernel.aw });
			kernel.materialise(weights);
			expect(kernel.model[absent[0]!]).toBe(5);
			// a non-zero start forms every weight: the shrink scales start weights no row moves
			kernel.startFrom(new Float32Array(d).fill(0.5));
			kernel.materialise(weights);
			expect(kernel.model[absent[0]!]).toBe(average ? 0 : 0.5);
			kernel.release();
		}
	});

	const cases: [string, Partial<SgdOptions>][] = [
		['plain', {}],
		['averaged', { average: true }],
		['exact objectives every epoch', { exactObjectives: true }],
		['averaged, exact objectives every epoch', { average: true, exactObjectives: true }],
		['wscale folds', { schedule: 'constant', eta0: 0.5, alpha: 0.5 }],
		['averaged wscale folds', { average: true, schedule: 'constant', eta0: 0.5, alpha: 0.5 }],
		['a start point on features no row has', { schedule: 'constant', eta0: 0.1, alpha: 0.2, initialWeights: new Float32Array(d).fill(0.25), initialBias: -1 }],
		['averaged, a start point on features no row has', { average: true, schedule: 'constant', eta0: 0.1, alpha: 0.2, initialWeights: new Float32Array(d).fill(-0.5) }],
		['mini-batches', { batchSize: 4, average: true }]
	];
	for (const [name, overrides] of cases) {
		it(`${name}: the JS loop's bits`, () => {
			const options = { ...base, ...overrides };
			const wasm = trainBinarySgd({ matrix, y }, options);
			setCsrKernelEnabled(false);
			const js = trainBinarySgd({ matrix, y }, options);
			expect(bits(wasm.weights)).toEqual(bits(js.weights));
			expect(wasm.bias).toBe(js.bias);
			expect(wasm.objectives).toEqual(js.objectives);
		});
	}
});

describe('CSR rows prefetched in visit order, a chunk at a time (wasm-prefetch.ts)', () => {
	const options: SgdOptions = { alpha: 1e-3, schedule: 'invscaling', eta0: 0.3, powerT: 0.4, epochs: 3, seed: 5, shuffle: true, fitIntercept: true, average: false, tol: 1e-3, nIterNoChange: 2, batchSize: 1 };
	/** randomCsr's rows, with every 50th row long (3000 entries) and one longer than a chunk (20000). */
	function withLongRows(n: number, d: number, seed: number): { matrix: CsrMatrix; y: Int8Array } {
		const { matrix, y } = randomCsr(n, d, seed);
		const random = createRandom(seed + 1);
		const indptr = new Uint32Array(n + 1);
		const indices: number[] = [];
		const values: number[] = [];
		for (let i = 0; i < n; i++) {
			const length = i === 7 ? 20_000 : i % 50 === 3 ? 3000 : 0;
			if (length > 0) {
				const step = Math.floor(d / length);
				for (let e = 0; e < length; e++) {
					indices.push(e * step);
					values.push(random.normal() * 0.01);
				}
			} else {
				for (let e = matrix.indptr[i]!; e < matrix.indptr[i + 1]!; e++) {
					indices.push(matrix.indices[e]!);
					values.push(matrix.values[e]!);
				}
			}
			indptr[i + 1] = indices.length;
		}
		return { matrix: { format: 'csr', rowCount: n, featureCount: d, indptr, indices: Uint32Array.from(indices), values: Float32Array.from(values) }, y };
	}

	for (const [label, data] of [['2600 short rows (chunks of CHUNK_ROWS)', () => randomCsr(2600, 64, 21)], ['long rows (chunks of CHUNK_BYTES, one row past it)', () => withLongRows(400, 40_000, 22)]] as const) {
		for (const average of [false, true]) {
			it(`${label}${average ? ', averaged' : ''}: the JS loop's bits, also with a hook splitting the epoch across chunks`, () => {
				const { matrix, y } = data();
				for (const hook of [{}, { onStep: () => {}, onStepEvery: 7 }]) {
					const wasm = trainBinarySgd({ matrix, y }, { ...options, ...hook, average });
					setCsrKernelEnabled(false);
					const js = trainBinarySgd({ matrix, y }, { ...options, ...hook, average });
					setCsrKernelEnabled(true);
					expect(bits(wasm.weights)).toEqual(bits(js.weights));
					expect(wasm.bias).toBe(js.bias);
					expect(wasm.objectives).toEqual(js.objectives);
				}
			});
		}
	}

	it('an overflow in a later chunk names the same row as the JS loop', () => {
		const { matrix, y } = randomCsr(2600, 64, 23);
		const values = matrix.values.slice();
		values.fill(1e30, matrix.indptr[2101]!, matrix.indptr[2102]!);
		const huge = { ...matrix, values };
		const settings = { ...options, schedule: 'constant' as const, eta0: 1e10, alpha: 0, shuffle: false };
		const message = () => failure({ matrix: huge, y }, settings);
		const wasm = message();
		setCsrKernelEnabled(false);
		expect(wasm).toMatch(/under-\/overflow/);
		expect(message()).toBe(wasm);
	});
});
