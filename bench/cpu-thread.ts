/**
 * One CPU worker thread of the benchmark: trains its share of the configurations, one after
 * another, with Descent's trainer (through the adapter) on rows shared with the main thread.
 * It reports its progress after every epoch, so the main thread can stop it at the time cap
 * (by terminating the thread: the cap does not depend on how fine the trainer's hooks are)
 * and still say how much was done, and sends the models back at the end.
 */
import { parentPort } from 'node:worker_threads';
import { trainCpu, type BenchConfig, type BenchData, type BenchModel } from './adapter';

export interface ThreadJob {
	data: BenchData;
	configs: BenchConfig[];
}

/** progress: configurations finished plus the fraction of the current one. */
export type ThreadMessage = 'ready' | { progress: number } | { models: BenchModel[] } | { error: string };

const port = parentPort!;
port.on('message', ({ data, configs }: ThreadJob) => {
	const models: BenchModel[] = [];
	try {
		configs.forEach((config, k) => {
			models.push(trainCpu(data, config, (epoch) => port.postMessage({ progress: k + epoch / config.epochs } satisfies ThreadMessage)));
		});
	} catch (error) {
		port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies ThreadMessage);
		return;
	}
	port.postMessage({ models } satisfies ThreadMessage, models.map((model) => model.weights.buffer as ArrayBuffer));
});
port.postMessage('ready' satisfies ThreadMessage);
