/**
 * What a browser cell worker exposes: run one cell executor, report through the page's hooks,
 * and hand the output's ArrayBuffers back as transferables. Apart from cell.worker.ts (which
 * only exposes it) so a test can drive it over a MessageChannel with a registry of its own.
 */
import * as Comlink from 'comlink';
import type { CellRegistry } from '../cells/params';
import { relayHooks } from './hook-relay';
import type { CellWorkerApi, WorkerHooks, WorkerRequest, WorkerResult } from './protocol';
import { transferablesOf } from './transferables';

export interface CellWorkerEnvironment {
	registry: CellRegistry;
	/** WebGPU where the worker has it (navigator.gpu), else null. */
	gpu: () => GPU | null;
	/** Monotonic milliseconds. */
	now: () => number;
}

export function createCellWorkerApi({ registry, gpu, now }: CellWorkerEnvironment): CellWorkerApi {
	return {
		async run(request: WorkerRequest, hooks: WorkerHooks): Promise<WorkerResult> {
			// The hooks arrive as a Comlink proxy: each call returns when the page has applied it.
			const remote = hooks as unknown as Comlink.Remote<WorkerHooks>;
			const relay = relayHooks(remote, { now });
			// Lines are stamped here, when the cell logs them (see WorkerHooks.log).
			const startedAt = now();
			try {
				const definition = registry[request.kind];
				if (!definition) throw new Error(`unknown cell kind '${request.kind}'`);
				const value = await definition.run(request.params, request.inputs, {
					cell: request.cell,
					log: (message) => relay.log(message, now() - startedAt),
					progress: relay.progress,
					file: request.file,
					now,
					gpu: gpu(),
					// The inputs arrived as a structured clone: this run's own copy, dropped after it.
					ownsInputs: true
				});
				const result = { value, summary: definition.summarize(value) };
				return Comlink.transfer(result, transferablesOf(value));
			} finally {
				// Every line logged before the result (or the error) reaches the page before it does.
				await relay.settled();
				// The hooks' channel served this run only: closing it frees its port on both sides.
				remote[Comlink.releaseProxy]?.();
			}
		}
	};
}
