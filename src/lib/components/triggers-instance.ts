/**
 * The tab's one trigger loop, started by the layout on any Descent page. Its worker pool is made
 * only when a trigger first fires, so a tab that never fires one starts no extra workers.
 */
import { sharedStore } from '../store/shared';
import { createCellWorkerPool, defaultPoolSize, type WorkerPool } from '../workers/pool';
import { TriggerLoop } from './trigger-scheduler';
import { runTriggered } from './triggered-run';

let loop: TriggerLoop | null = null;
let pool: WorkerPool | null = null;

export function getTriggerLoop(): TriggerLoop {
	loop ??= new TriggerLoop({
		store: sharedStore,
		run: async (store, firing) => {
			// Half the workers the workbench gets: a triggered run shares the machine with whatever the user is doing.
			pool ??= createCellWorkerPool(Math.max(1, Math.floor(defaultPoolSize() / 2)));
			return (await runTriggered(store, firing, { executor: pool, concurrency: pool.size })).id;
		}
	});
	return loop;
}
