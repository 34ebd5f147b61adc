/**
 * A cell worker on `node:worker_threads`: the browser's cell.worker.ts for the headless runner.
 * It runs one cell executor at a time (the pool sends one run per worker) and hands the output's
 * ArrayBuffers back as transferables. Started through cell.node-worker.boot.mjs, which lets
 * Node load TypeScript.
 */
import { parentPort } from 'node:worker_threads';
import { cellRegistry } from '../cells/registry';
import { giveBack } from './lent-buffers';
import { fromWireFile } from './node-file';
import { collectSoon } from './node-gc';
import { epochNow, type NodeWorkerMessage, type RunMessage } from './node-protocol';
import { transferablesOf } from './transferables';

const port = parentPort;
if (!port) throw new Error('cell.node-worker.ts runs only as a worker thread (started by NodeWorkerPool)');

function post(message: NodeWorkerMessage, transfer: ArrayBuffer[] = []): void {
	port!.postMessage(message, transfer);
}

async function run({ id, request, lent = [] }: RunMessage): Promise<void> {
	post({ type: 'started', id, at: epochNow() });
	// Lines are stamped here, as the cell logs them, not by the runner as they arrive.
	const startedAt = performance.now();
	try {
		const definition = cellRegistry[request.kind];
		if (!definition) throw new Error(`unknown cell kind '${request.kind}'`);
		const value = await definition.run(request.params, request.inputs, {
			cell: request.cell,
			log: (message) => post({ type: 'log', id, message, atMs: performance.now() - startedAt }),
			progress: (fraction, label) => post({ type: 'progress', id, fraction, label }),
			file: await fromWireFile(request.file),
			now: () => performance.now(),
			// No WebGPU in a Node worker yet: train-grid takes its CPU path.
			gpu: null,
			// The inputs arrived cloned or moved: this run's own copy, dropped after it; but lent
			// buffers go back to the runner for the cells below, as they came.
			ownsInputs: lent.length === 0
		});
		const result = { value, summary: definition.summarize(value) };
		const { back, transfer } = giveBack(lent, transferablesOf(value));
		post({ type: 'result', id, result, at: epochNow(), ...(lent.length > 0 ? { lent: back } : {}) }, transfer);
		// What the cell read and did not return (a split's input, a parser's pieces) goes now, not whenever.
		collectSoon();
	} catch (error) {
		// Also reached when the output cannot be cloned: the cell fails, the worker lives on.
		const { back, transfer } = giveBack(lent);
		post({ type: 'error', id, message: error instanceof Error ? error.message : String(error), at: epochNow(), ...(lent.length > 0 ? { lent: back } : {}) }, transfer);
	}
}

port.on('message', (message: RunMessage) => {
	if (message?.type === 'run') void run(message);
});
post({ type: 'ready' });
