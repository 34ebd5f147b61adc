/**
 * The real cell worker, except that the cell named by workerData.crashOn crashes its thread: an
 * uncaught exception outside any executor's try/catch, as a bug in native code or a stray
 * callback would. Its executor never settles, so only the crash can end that cell.
 */
import { workerData } from 'node:worker_threads';
import { cellRegistry } from '../../../src/lib/cells/registry';
import '../../../src/lib/workers/cell.node-worker';

// The registry is read-only to the app; this test worker rewrites it in place, before any run.
const registry = cellRegistry as Record<string, (typeof cellRegistry)[string]>;
for (const [kind, definition] of Object.entries(cellRegistry)) {
	registry[kind] = {
		...definition,
		run: (params, inputs, context) => {
			if (context.cell.id !== (workerData as { crashOn: string }).crashOn) return definition.run(params, inputs, context);
			setImmediate(() => {
				throw new Error('simulated crash');
			});
			return new Promise(() => {});
		}
	};
}
