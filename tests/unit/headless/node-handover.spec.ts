import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../../src/lib/cells/values';
import type { ExecutionRequest } from '../../../src/lib/dag/run-types';
import type { Notebook, NotebookCell } from '../../../src/lib/notebook/types';
import { LastUse } from '../../../src/lib/workers/node-handover';
import { SHARE_MIN_BYTES } from '../../../src/lib/workers/shared-buffers';

function cell(id: string, inputs: string[], retries = 0): NotebookCell {
	return { id, kind: 'split', title: id, params: {}, inputs: inputs.length ? { data: inputs } : {}, retry: { count: retries, delayMs: 0 } } as unknown as NotebookCell;
}
/** A stand-in output: a table-like value holding one buffer (or a shared one). */
const valueOf = (buffer: ArrayBuffer) => ({ kind: 'table', columns: [{ values: new Float32Array(buffer) }] }) as unknown as CellValue;

function request(notebook: Notebook, id: string, outputs: Map<string, CellValue>, attempt = 1): ExecutionRequest {
	const target = notebook.cells.find((item) => item.id === id)!;
	const inputs = Object.fromEntries(Object.entries(target.inputs).map(([name, ids]) => [name, ids.map((input) => outputs.get(input)!)]));
	return { cell: target, params: {}, inputs, file: null, attempt };
}

describe('LastUse: which inputs move to the worker', () => {
	// data → split → train, and data → other: data is needed until both split and other have started.
	const notebook = { cells: [cell('data', []), cell('split', ['data']), cell('train', ['split']), cell('other', ['data'], 1)] } as unknown as Notebook;

	it('moves an output only when the last cell that reads it starts its last attempt', () => {
		const dataBuffer = new ArrayBuffer(16);
		const splitBuffer = new ArrayBuffer(16);
		const outputs = new Map([['data', valueOf(dataBuffer)], ['split', valueOf(splitBuffer)]]);
		const lastUse = new LastUse(notebook, (id) => outputs.get(id));
		// 'other' still reads data: split gets a copy.
		expect(lastUse.handOver(request(notebook, 'split', outputs))).toEqual([]);
		// train is split's only reader.
		expect(lastUse.handOver(request(notebook, 'train', outputs))).toEqual([splitBuffer]);
		// 'other' may be retried once: its first attempt copies, its last moves.
		expect(lastUse.handOver(request(notebook, 'other', outputs, 1))).toEqual([]);
		expect(lastUse.handOver(request(notebook, 'other', outputs, 2))).toEqual([dataBuffer]);
	});

	it('never moves a buffer that an output still needed shares', () => {
		const shared = new ArrayBuffer(16);
		const outputs = new Map([['data', valueOf(shared)], ['split', valueOf(shared)]]);
		const lastUse = new LastUse(notebook, (id) => outputs.get(id));
		lastUse.handOver(request(notebook, 'split', outputs));
		// train is the last reader of split, but 'other' still needs data, which is the same buffer.
		expect(lastUse.handOver(request(notebook, 'train', outputs))).toEqual([]);
	});

	it('puts a large input another cell still reads in shared memory instead of cloning it', () => {
		const large = new ArrayBuffer(SHARE_MIN_BYTES);
		const outputs = new Map([['data', valueOf(large)], ['split', valueOf(new ArrayBuffer(16))]]);
		const lastUse = new LastUse(notebook, (id) => outputs.get(id));
		// 'other' still reads data: nothing moves, and the runner's data is now shared with split's worker.
		expect(lastUse.handOver(request(notebook, 'split', outputs))).toEqual([]);
		const values = (outputs.get('data') as unknown as { columns: { values: Float32Array }[] }).columns[0]!.values;
		expect(values.buffer).toBeInstanceOf(SharedArrayBuffer);
		expect(values.length).toBe(SHARE_MIN_BYTES / 4);
		// Without sharing it stays a plain buffer (cloned for the worker).
		const plain = new Map([['data', valueOf(new ArrayBuffer(SHARE_MIN_BYTES))], ['split', valueOf(new ArrayBuffer(16))]]);
		new LastUse(notebook, (id) => plain.get(id), { share: false }).handOver(request(notebook, 'split', plain));
		expect((plain.get('data') as unknown as { columns: { values: Float32Array }[] }).columns[0]!.values.buffer).toBeInstanceOf(ArrayBuffer);
	});

	it('lets go of shared memory once the last cell that reads it has been sent it', async () => {
		const shared = new SharedArrayBuffer(64);
		const outputs = new Map([['data', valueOf(new ArrayBuffer(16))], ['split', valueOf(shared as unknown as ArrayBuffer)]]);
		const lastUse = new LastUse(notebook, (id) => outputs.get(id));
		const values = () => (outputs.get('split') as unknown as { columns: { values: Float32Array }[] }).columns[0]!.values;
		const sent = request(notebook, 'train', outputs);
		// Shared memory is never in the transfer list; while the message is posted the inputs are whole.
		expect(lastUse.handOver(sent)).toEqual([]);
		expect(values().length).toBe(16);
		await Promise.resolve();
		// Then the runner's output holds nothing (the worker's hold is its own).
		expect(values().length).toBe(0);
	});
});
