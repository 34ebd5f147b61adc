import { describe, expect, it } from 'vitest';
import { runHeadline } from '../../../src/lib/components/run-headline';
import type { RunCellRecord } from '../../../src/lib/store/records';

const cell = (id: string, kind: string, metrics: Record<string, number | string>, state: RunCellRecord['state'] = 'success'): RunCellRecord =>
	({ id, title: id, kind, state, durationMs: 1, fromCache: false, attempts: [], metrics }) as unknown as RunCellRecord;

describe("the runs page's result of a run", () => {
	it("is an evaluate cell's accuracy", () => {
		expect(runHeadline({ cells: [cell('data', 'dataset', { rows: 10 }), cell('predict', 'predict', { accuracy: 0.5 }), cell('evaluate', 'evaluate', { accuracy: 0.93333 })] })).toBe('accuracy 93.3%');
	});

	it("is a predict cell's accuracy, named, in a scoring run with labelled rows and no evaluate cell (it was empty)", () => {
		expect(runHeadline({ cells: [cell('data', 'dataset', { rows: 10 }), cell('Score new orders', 'predict', { rows: 10, accuracy: 0.8 })] })).toBe('accuracy 80.0% (Score new orders)');
	});

	it('is empty when the run measured no accuracy', () => {
		expect(runHeadline({ cells: [cell('data', 'dataset', { rows: 10 }), cell('predict', 'predict', { rows: 10 })] })).toBe('');
		expect(runHeadline({ cells: [cell('evaluate', 'evaluate', { accuracy: 0.9 }, 'failed')] })).toBe('');
	});
});
