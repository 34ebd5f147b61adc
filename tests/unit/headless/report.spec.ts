import { describe, expect, it } from 'vitest';
import { formatSummaryValue, reportLines, stableReportLines, type RunReport } from '../../../scripts/notebook-report';

describe('formatSummaryValue(value)', () => {
	it.each([
		[27_748, '27748'],
		[1_000_000, '1000000'],
		[20_811, '20811'],
		[0, '0'],
		[1, '1'],
		[0.86251234, '0.8625'],
		[0.001225123, '0.001225'],
		[12_345.67, '12346'],
		[123.456, '123.5'],
		[-0.5, '-0.5'],
		[Number.NaN, 'NaN'],
		['CPU', 'CPU']
	])('formatSummaryValue(%s) is %s', (value, printed) => {
		expect(formatSummaryValue(value)).toBe(printed);
	});
});

describe('reportLines(report)', () => {
	it('prints each cell with the worker it ran on, and counts whole', () => {
		const report: RunReport = {
			notebook: 'Counts',
			file: 'counts.descent.json',
			startedAt: '2026-01-01T00:00:00.000Z',
			durationMs: 900,
			concurrency: 2,
			ok: false,
			cells: [
				{ id: 'a', title: 'Rows', kind: 'dataset', state: 'success', durationMs: 12.4, fromCache: false, attempts: 1, error: null, summary: { rows: 27_748, columns: 1 }, worker: 2, startMs: 1, endMs: 13 },
				{ id: 'b', title: 'Train', kind: 'train', state: 'upstream_failed', durationMs: null, fromCache: false, attempts: 0, error: "upstream cell 'Rows' failed", summary: {}, worker: null, startMs: null, endMs: null }
			]
		};
		expect(reportLines(report)).toEqual([
			'Counts (counts.descent.json)',
			'  Rows   success             12 ms   w2  rows=27748 columns=1',
			"  Train  upstream_failed         —       upstream cell 'Rows' failed",
			'some cells did not succeed (on 2 workers)'
		]);
	});
});

describe('stableReportLines(report)', () => {
	it('prints each cell without duration or worker, and the outcome without time or worker count', () => {
		const cells: RunReport['cells'] = [
			{ id: 'a', title: 'Rows', kind: 'dataset', state: 'success', durationMs: 12.4, fromCache: false, attempts: 1, error: null, summary: { rows: 27_748 }, worker: 2, startMs: 1, endMs: 13 },
			{ id: 'b', title: 'Train', kind: 'train', state: 'failed', durationMs: 3, fromCache: false, attempts: 2, error: 'diverged', summary: {}, worker: 'host:12', startMs: null, endMs: null }
		];
		const report: RunReport = { notebook: 'Counts', file: 'counts.descent.json', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 900, concurrency: 2, ok: false, cells };
		const lines = ['Counts (counts.descent.json)', '  Rows   success          rows=27748', '  Train  failed           diverged', 'some cells did not succeed'];
		expect(stableReportLines(report)).toEqual(lines);
		// Whatever differs between runs does not change the lines.
		const other = { ...report, startedAt: '2027-01-01T00:00:00.000Z', durationMs: 5, concurrency: 7, cells: cells.map((cell) => ({ ...cell, durationMs: 1, worker: 9, startMs: 0, endMs: 1, fromCache: true })) };
		expect(stableReportLines(other)).toEqual(lines);
	});
});
