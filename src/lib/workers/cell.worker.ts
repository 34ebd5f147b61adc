/// <reference lib="webworker" />
/** A cell worker: runs one cell executor at a time, off the main thread. */
import * as Comlink from 'comlink';
import { cellRegistry } from '../cells/registry';
import type { CellWorkerApi, WorkerHooks, WorkerRequest, WorkerResult } from './protocol';
import { transferablesOf } from './transferables';

const api: CellWorkerApi = {
	async run(request: WorkerRequest, hooks: WorkerHooks): Promise<WorkerResult> {
		const definition = cellRegistry[request.kind];
		if (!definition) throw new Error(`unknown cell kind '${request.kind}'`);
		const value = await definition.run(request.params, request.inputs, {
			cell: request.cell,
			log: (message) => void hooks.log(message),
			progress: (fraction, label) => void hooks.progress(fraction, label),
			file: request.file,
			now: () => performance.now(),
			gpu: 'gpu' in navigator ? navigator.gpu : null
		});
		const result = { value, summary: definition.summarize(value) };
		return Comlink.transfer(result, transferablesOf(value));
	}
};

Comlink.expose(api);
