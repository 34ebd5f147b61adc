/**
 * The CPU columns, in Node: Descent's trainer on one worker thread ("CPU 1 thread") and over a
 * pool of worker threads, one per core ("CPU workers"; each configuration trained whole by one
 * thread, contiguous shares). The main thread only waits, so it can stop a column at its time
 * cap by terminating the threads, whatever the trainer offers as hooks (an epoch of today's
 * trainer on 2^18 buckets takes minutes), and report the share done from their per-epoch
 * progress. Terminated threads are replaced and warmed before the next column.
 * The rows must be on SharedArrayBuffers (sharedData), so posting them shares, not copies.
 */
import { Worker } from 'node:worker_threads';
import { vectorizeSettings, vectorizeTexts, type BenchConfig, type BenchData, type BenchModel } from './adapter';
import type { ThreadJob, ThreadMessage } from './cpu-thread';
import { DEFAULT_CORPUS, generateCorpus } from './text-corpus';
import { benchConfigs, benchData, TEXT_GRID } from './workloads';

/**
 * The models, or how far the column got before its cap (fractionDone of all the
 * configurations' epochs; then no time counts), or its error.
 */
export type CpuColumn = { ms: number; models: BenchModel[] } | { cappedAtMs: number; fractionDone: number } | { error: string };

type Answer = { models: BenchModel[] } | { error: string } | { capped: number };

function shared<T extends Float32Array | Uint32Array | Int8Array>(array: T): T {
	if (array.buffer instanceof SharedArrayBuffer) return array;
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

interface Thread {
	worker: Worker;
	/** Resolves once the thread has loaded its modules and warmed its JIT. */
	ready: Promise<void>;
}

export class ThreadPool {
	private readonly threads: Thread[];

	constructor(readonly size: number) {
		this.threads = Array.from({ length: size }, () => this.spawn());
	}

	private spawn(): Thread {
		const entry = new URL('./cpu-thread.ts', import.meta.url).href;
		const worker = new Worker(new URL('./cpu-boot.mjs', import.meta.url), { workerData: { entry } });
		const loaded = new Promise<void>((resolve, reject) => {
			worker.once('message', () => resolve());
			worker.once('error', reject);
		});
		const thread: Thread = { worker, ready: Promise.resolve() };
		// Warm the JIT on both matrix forms, outside every timing: V8 first runs the trainer's
		// WebAssembly as baseline code and optimises it once it has run a while, so each thread
		// trains long enough (a few 10⁴ steps of each form, ~0.1 s) for the timed fits to run the
		// optimised code, as scikit-learn's compiled loops always do.
		thread.ready = loaded.then(async () => {
			const corpus = generateCorpus({ ...DEFAULT_CORPUS, documents: 1000 });
			const csr: BenchData = { matrix: vectorizeTexts(corpus.texts, vectorizeSettings(4096)), y: corpus.labels };
			for (const data of [benchData(2000, 8), csr]) for (const average of [false, true]) await this.run(thread, sharedData(data), benchConfigs(1, 10, 1, { ...TEXT_GRID, average }), Infinity);
		});
		return thread;
	}

	/** Resolves once every thread has loaded and warmed. */
	async ready(): Promise<void> {
		await Promise.all(this.threads.map((thread) => thread.ready));
	}

	/** One job on one thread; at `deadline` the thread is terminated (and replaced by the caller). */
	private run(thread: Thread, data: BenchData, configs: BenchConfig[], deadline: number): Promise<Answer> {
		return new Promise<Answer>((resolve) => {
			let progress = 0;
			const { worker } = thread;
			const finish = (answer: Answer) => {
				clearTimeout(timer);
				worker.off('message', onMessage);
				worker.off('error', onError);
				resolve(answer);
			};
			const onMessage = (message: ThreadMessage) => {
				if (message === 'ready') return;
				if ('progress' in message) progress = message.progress;
				else finish(message);
			};
			const onError = (error: Error) => finish({ error: error.message });
			const timer = Number.isFinite(deadline) ? setTimeout(() => finish({ capped: progress }), Math.max(0, deadline - performance.now())) : undefined;
			worker.on('message', onMessage);
			worker.on('error', onError);
			worker.postMessage({ data, configs } satisfies ThreadJob);
		});
	}

	/**
	 * Trains `configs` on `threads` threads (contiguous shares) within `limitMs`; threads still
	 * busy then are terminated and the column is reported capped with the share done.
	 */
	async time(data: BenchData, configs: readonly BenchConfig[], limitMs: number, threads = this.size): Promise<CpuColumn> {
		const used = this.threads.slice(0, Math.max(1, Math.min(threads, this.size)));
		await Promise.all(used.map((thread) => thread.ready));
		const share = Math.ceil(configs.length / used.length);
		const started = performance.now();
		const deadline = started + limitMs;
		const answers = await Promise.all(
			used.map((thread, index) => {
				const mine = configs.slice(index * share, (index + 1) * share);
				return mine.length === 0 ? Promise.resolve<Answer>({ models: [] }) : this.run(thread, data, mine, deadline);
			})
		);
		const ms = performance.now() - started;
		let work = 0;
		let capped = false;
		const models: BenchModel[] = [];
		for (const [index, answer] of answers.entries()) {
			if ('capped' in answer) {
				capped = true;
				work += answer.capped;
				void used[index]!.worker.terminate();
				this.threads[this.threads.indexOf(used[index]!)] = this.spawn();
			} else if ('error' in answer) {
				return { error: answer.error };
			} else {
				work += answer.models.length;
				for (const model of answer.models) models.push(model);
			}
		}
		return capped ? { cappedAtMs: ms, fractionDone: work / configs.length } : { ms, models };
	}

	async close(): Promise<void> {
		await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
	}
}
