/**
 * The real cell worker, with two probes a test turns on through workerData:
 * - crashOn: that cell crashes its thread, by an uncaught exception outside any executor's
 *   try/catch (as a bug in native code or a stray callback would); its executor never settles,
 *   so only the crash can end that cell;
 * - reportTransfers: after each result, a 'transfers' message says how many ArrayBuffers went in
 *   the transfer list and whether each is now detached here (moved, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { cellRegistry } from '../../../src/lib/cells/registry';
import '../../../src/lib/workers/cell.node-worker';

const { crashOn, reportTransfers } = workerData as { crashOn?: string; reportTransfers?: boolean };

// The registry is read-only to the app; this test worker rewrites it in place, before any run.
const registry = cellRegistry as Record<string, (typeof cellRegistry)[string]>;
for (const [kind, definition] of Object.entries(cellRegistry)) {
	registry[kind] = {
		...definition,
		run: (params, inputs, context) => {
			if (context.cell.id !== crashOn) return definition.run(params, inputs, context);
			setImmediate(() => {
				throw new Error('simulated crash');
			});
			return new Promise(() => {});
		}
	};
}

if (reportTransfers) {
	const port = parentPort!;
	const post = port.postMessage.bind(port);
	port.postMessage = (message: { type: string; id: number }, transfer: ArrayBuffer[] = []) => {
		post(message, transfer);
		if (message.type === 'result') post({ type: 'transfers', id: message.id, count: transfer.length, detached: transfer.every((buffer) => buffer.byteLength === 0) });
	};
}
