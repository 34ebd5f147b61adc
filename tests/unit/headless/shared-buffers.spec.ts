import { describe, expect, it } from 'vitest';
import { shareBuffers } from '../../../src/lib/workers/shared-buffers';

describe('shareBuffers: large arrays kept for several cells go into shared memory', () => {
	it('points every view of a chosen buffer at one shared copy, keeping offsets, types and values', () => {
		const buffer = new ArrayBuffer(64);
		const whole = new Float32Array(buffer);
		whole.forEach((_, i) => (whole[i] = i / 2));
		const tail = new Float32Array(buffer, 32, 4);
		const other = new Float32Array([7, 8]);
		// The same view in two places (a column passed on by a later cell), and one in a nested part.
		const column = { name: 'x', type: 'numeric', values: whole };
		const first = { kind: 'table', columns: [column], labels: new Int8Array(buffer, 60, 4) };
		const second = { kind: 'splits', train: { columns: [column, { values: tail }, { values: other }] } };
		const bytes = shareBuffers([first, second], new Set([buffer]));
		expect(bytes).toBe(64);
		const shared = first.columns[0]!.values;
		expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
		expect(Array.from(shared)).toEqual(Array.from({ length: 16 }, (_, i) => i / 2));
		expect(second.train.columns[0]!.values).toBe(shared);
		const sharedTail = second.train.columns[1]!.values;
		expect(sharedTail.buffer).toBe(shared.buffer);
		expect([sharedTail.byteOffset, sharedTail.length]).toEqual([32, 4]);
		expect(first.labels).toBeInstanceOf(Int8Array);
		expect(first.labels.buffer).toBe(shared.buffer);
		// A buffer not chosen stays where it was.
		expect(second.train.columns[2]!.values).toBe(other);
	});
});
