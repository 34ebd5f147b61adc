/**
 * Runs cell executors in this process (unit tests; the headless runner uses worker threads). Cancel cannot stop a
 * synchronous loop here; it makes the result reject at once and the late value is dropped.
 */
import type { ExecutionHandle, ExecutionHooks, ExecutionRequest, Executor, Clock } from '../dag/run-types';
import { systemClock } from '../dag/run-types';
import type { CellRegistry } from './params';

export function createInlineExecutor(registry: CellRegistry, clock: Clock = systemClock): Executor {
	return {
		execute(request: ExecutionRequest, hooks: ExecutionHooks): ExecutionHandle {
			let cancel = (): void => {};
			const cancelled = new Promise<never>((_, reject) => {
				cancel = () => reject(new Error('cancelled'));
			});
			const run = async () => {
				const definition = registry[request.cell.kind];
				if (!definition) throw new Error(`unknown cell kind '${request.cell.kind}'`);
				// Yield once so cells started together interleave, as they would in workers.
				await Promise.resolve();
				const value = await definition.run(request.params, request.inputs, {
					cell: { id: request.cell.id, title: request.cell.title },
					log: hooks.log,
					progress: hooks.progress,
					file: request.file,
					now: clock.now
				});
				return { value, summary: definition.summarize(value) };
			};
			return { result: Promise.race([run(), cancelled]), cancel };
		}
	};
}
