/// <reference lib="webworker" />
/** One of the benchmark's CPU workers: trains its share of the configurations with the reference SGD. */
import type { GridConfig } from '../src/lib/gpu/sgd-grid';
import { trainBinarySgd } from '../src/lib/ml/sgd';

interface Job {
	x: Float32Array;
	y: Int8Array;
	featureCount: number;
	configs: GridConfig[];
}

self.onmessage = (event: MessageEvent<Job>) => {
	const { x, y, featureCount, configs } = event.data;
	const results = configs.map((config) => {
		const result = trainBinarySgd({ x, y, featureCount }, config);
		return { weights: result.weights, bias: result.bias };
	});
	self.postMessage(results);
};
