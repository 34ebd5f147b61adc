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
		expect(lastUse.handOver(request(notebook, 'split', outputs))).toMatchObject({ move: [], lend: [] });
		// train is split's only reader.
		expect(lastUse.handOver(request(notebook, 'train', outputs))).toMatchObject({ move: [splitBuffer], lend: [] });
		// 'other' may be retried once: its first attempt copies, its last moves.
		expect(lastUse.handOver(request(notebook, 'other', outputs, 1))).toMatchObject({ move: [], lend: [] });
		expect(lastUse.handOver(request(notebook, 'other', outputs, 2))).toMatchObject({ move: [dataBuffer], lend: [] });
	});

	it('never moves a buffer that an output still needed shares', () => {
		const shared = new ArrayBuffer(16);
		const outputs = new Map([['data', valueOf(shared)], ['split', valueOf(shared)]]);
		const lastUse = new LastUse(notebook, (id) => outputs.get(id));
		lastUse.handOver(request(notebook, 'split', outputs));
		// train is the last reader of split, but 'other' still needs data, which is the same buffer.
		expect(lastUse.handOver(request(notebook, 'train', outputs))).toMatchObject({ move: [], lend: [] });
	});

	it('puts a large input another cell still reads in shared memory instead of cloning it', () => {
		const large = new ArrayBuffer(SHARE_MIN_BYTES);
		const outputs = new Map([['data', valueOf(large)], ['split', valueOf(new ArrayBuffer(16))]]);
		const lastUse = new LastUse(notebook, (id) => outputs.get(id));
		// 'other' still reads data: nothing moves, and the runner's data is now shared with split's worker.
		expect(lastUse.handOver(request(notebook, 'split', outputs))).toMatchObject({ move: [], lend: [] });
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
		expect(lastUse.handOver(sent)).toMatchObject({ move: [], lend: [] });
		expect(values().length).toBe(16);
		await Promise.resolve();
		// Then the runner's output holds nothing (the worker's hold is its own).
		expect(values().length).toBe(0);
	});

	// scale → train → evaluate, where evaluate reads scale's splits and train's model: while train
	// runs nothing else can read the splits, so they are lent, not copied or shared.
	const chain = { cells: [cell('scale', []), cell('train', ['scale']), { ...cell('evaluate', ['scale']), inputs: { data: ['scale'], model: ['train'] } }] } as unknown as Notebook;

	it('lends an input that only cells below the one sent still read, and puts it back where it was', () => {
		const large = new ArrayBuffer(SHARE_MIN_BYTES);
		new Float32Array(large).fill(3);
		const outputs = new Map([['scale', valueOf(large)]]);
		const lastUse = new LastUse(chain, (id) => outputs.get(id));
		const sent = request(chain, 'train', outputs);
		const handOver = lastUse.handOver(sent);
		expect(handOver).toMatchObject({ move: [], lend: [large] });
		// Neither copied into shared memory nor moved for good: the worker sends it back.
		const column = () => (outputs.get('scale') as unknown as { columns: { values: Float32Array }[] }).columns[0]!.values;
		expect(column().buffer).toBe(large);
		// The move empties the runner's views (as postMessage's transfer does); what comes back takes their place.
		const returned = structuredClone(large, { transfer: [large] });
		expect(column().length).toBe(0);
		handOver.restore([returned]);
		expect(column().buffer).toBe(returned);
		expect(column().length).toBe(SHARE_MIN_BYTES / 4);
		expect(column()[0]).toBe(3);
		expect((sent.inputs.data![0] as unknown as { columns: { values: Float32Array }[] }).columns[0]!.values).toBe(column());
		// evaluate is its last reader: moved for good.
		expect(lastUse.handOver(request(chain, 'evaluate', outputs))).toMatchObject({ move: [returned], lend: [] });
	});

	it('shares rather than lends when a reader still to come is not below the cell sent', () => {
		// Two trains read the same splits: either may run while the other does.
		const siblings = { cells: [cell('scale', []), cell('a', ['scale']), cell('b', ['scale'])] } as unknown as Notebook;
		const outputs = new Map([['scale', valueOf(new ArrayBuffer(SHARE_MIN_BYTES))]]);
		const handOver = new LastUse(siblings, (id) => outputs.get(id)).handOver(request(siblings, 'a', outputs));
		expect(handOver).toMatchObject({ move: [], lend: [] });
		expect((outputs.get('scale') as unknown as { columns: { values: Float32Array }[] }).columns[0]!.values.buffer).toBeInstanceOf(SharedArrayBuffer);
	});
});
