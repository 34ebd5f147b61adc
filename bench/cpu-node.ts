/**
 * The CPU columns, in Node: Descent's reference trainer on this thread, and the same over a pool
 * of worker threads (node:worker_threads, one per core; the main thread only waits), each
 * configuration trained whole by one thread. The rows are shared with the threads
 * (SharedArrayBuffer copies made before the timing), so the timing covers the training and
 * the messages, not copying the data.
 */
import { Worker } from 'node:worker_threads';
import { PastDeadline, trainCpu, type BenchConfig, type BenchData, type BenchModel } from './adapter';
import type { ThreadAnswer, ThreadJob } from './cpu-thread';

/**
 * The models, or how far the column got before its cap (fractionDone of all the configurations'
 * epochs; then no time counts), or its error.
 */
export type CpuColumn = { ms: number; models: BenchModel[] } | { cappedAtMs: number; fractionDone: number } | { error: string };

export function timeCpuSingle(data: BenchData, configs: readonly BenchConfig[], limitMs: number): CpuColumn {
	const started = performance.now();
	const deadline = started + limitMs;
	const models: BenchModel[] = [];
	try {
		for (const config of configs) {
			if (performance.now() > deadline) throw new PastDeadline(0);
			models.push(trainCpu(data, config, deadline));
		}
	} catch (error) {
		if (error instanceof PastDeadline) {
			const work = models.length + error.epochsDone / configs[models.length]!.epochs;
			return { cappedAtMs: performance.now() - started, fractionDone: work / configs.length };
		}
		return { error: error instanceof Error ? error.message : String(error) };
	}
	return { ms: performance.now() - started, models };
}

function shared<T extends Float32Array | Uint32Array | Int8Array>(array: T): T {
	const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
	copy.set(array as never);
	return copy;
}

/** `data` on SharedArrayBuffers: posting it to a thread then shares instead of copying. */
export function sharedData(data: BenchData): BenchData {
	const { matrix } = data;
	const y = shared(data.y);
	if (matrix.format === 'dense') return { matrix: { ...matrix, values: shared(matrix.values) }, y };
	return { matrix: { ...matrix, indptr: shared(matrix.indptr), indices: shared(matrix.indices), values: shared(matrix.values) }, y };
}

export class WorkerPool {
	private readonly workers: Worker[];
	private readonly ready: Promise<unknown>;

	constructor(readonly size: number) {
		const entry = new URL('./cpu-thread.ts', import.meta.url).href;
		this.workers = Array.from({ length: size }, () => new Worker(new URL('./cpu-boot.mjs', import.meta.url), { workerData: { entry } }));
		this.ready = Promise.all(this.workers.map((worker) => this.answer(worker)));
	}

	private answer(worker: Worker): Promise<ThreadAnswer | 'ready'> {
		return new Promise((resolve, reject) => {
			const onMessage = (message: ThreadAnswer | 'ready') => {
				worker.off('error', onError);
				resolve(message);
			};
			const onError = (error: Error) => {
				worker.off('message', onMessage);
				reject(error);
			};
			worker.once('message', onMessage);
			worker.once('error', onError);
		});
	}

	/**
	 * Trains `configs` split into contiguous shares, one per thread. `data` should come from
	 * sharedData (else each thread gets a copy, inside the timing).
	 */
	async time(data: BenchData, configs: readonly BenchConfig[], limitMs: number): Promise<CpuColumn> {
		await this.ready;
		const share = Math.ceil(configs.length / this.workers.length);
		const started = performance.now();
		const answers = await Promise.all(
			this.workers.map((worker, index) => {
				const mine = configs.slice(index * share, (index + 1) * share);
				if (mine.length === 0) return Promise.resolve<ThreadAnswer>({ models: [] });
				const reply = this.answer(worker) as Promise<ThreadAnswer>;
				worker.postMessage({ data, configs: mine, limitMs } satisfies ThreadJob);
				return reply;
			})
		);
		const ms = performance.now() - started;
		const models: BenchModel[] = [];
		let work = 0;
		let capped = false;
		for (const answer of answers) {
			if ('error' in answer) return { error: answer.error };
			if ('capped' in answer) {
				work += answer.capped.work;
				capped = true;
			} else {
				work += answer.models.length;
				for (const model of answer.models) models.push(model);
			}
		}
		if (capped) return { cappedAtMs: ms, fractionDone: work / configs.length };
		return { ms, models };
	}

	async close(): Promise<void> {
		await Promise.all(this.workers.map((worker) => worker.terminate()));
	}
}
