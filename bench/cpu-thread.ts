/**
 * One CPU worker thread of the benchmark: trains its share of the configurations with the
 * reference trainer (through the adapter) on rows shared with the main thread, and sends the
 * models back (or how far it got before the time cap).
 */
import { parentPort } from 'node:worker_threads';
import { PastDeadline, trainCpu, type BenchConfig, type BenchData, type BenchModel } from './adapter';

export interface ThreadJob {
	data: BenchData;
	configs: BenchConfig[];
	limitMs: number;
}

/** capped.work: configurations finished plus the fraction of the interrupted one. */
export type ThreadAnswer = { models: BenchModel[] } | { capped: { work: number } } | { error: string };

const port = parentPort!;
port.on('message', ({ data, configs, limitMs }: ThreadJob) => {
	const deadline = performance.now() + limitMs;
	const models: BenchModel[] = [];
	let answer: ThreadAnswer;
	try {
		for (const config of configs) {
			if (performance.now() > deadline) throw new PastDeadline(0);
			models.push(trainCpu(data, config, deadline));
		}
		answer = { models };
	} catch (error) {
		if (error instanceof PastDeadline) answer = { capped: { work: models.length + error.epochsDone / configs[models.length]!.epochs } };
		else answer = { error: error instanceof Error ? error.message : String(error) };
	}
	port.postMessage(answer, 'models' in answer ? answer.models.map((model) => model.weights.buffer as ArrayBuffer) : []);
});
port.postMessage('ready');
