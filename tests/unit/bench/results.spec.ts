import { describe, expect, it } from 'vitest';
import { markdown } from '../../../bench/report';
import { column, settle, type Results, type TrainRow } from '../../../bench/results';

const K = 2;
const updates = K * 100 * 10;
const skipped = column({ skipped: 'batch 1' }, updates, 1);

function row(columns: Partial<TrainRow['columns']>): TrainRow {
	return settle({ label: 'data', configurations: K, rows: 100, features: 4, storedPerRow: 4, epochs: 10, batchSize: 1, columns: { cpu: skipped, workers: skipped, gpu: skipped, tfjs: skipped, sklearn: skipped, sklearnFit: skipped, ...columns } });
}

function report(plain: TrainRow[]): string {
	const results: Results = {
		date: '',
		workloadSet: 'quick',
		mode: 'node',
		machine: { cpu: 'cpu', cores: 2, node: '20', memoryBytes: 0 },
		gpu: { error: 'none here' },
		tfjs: 'TF.js: browser run only',
		sklearn: { available: true, version: '1.2.1' },
		cpuWorkers: 2,
		capsMs: { cpu: 10_000, gpu: 20_000, tfjs: 5_000, sklearn: 60_000 },
		peakRssPerStep: true,
		grids: [],
		plain,
		vectorize: [],
		textPeakRssBytes: [],
		surfaces: []
	};
	return markdown(results);
}

describe('bench results: which times count', () => {
	it('compares every column with Descent’s CPU trainer, per configuration, within 0.5 point', () => {
		const settled = row({
			cpu: column({ ms: 200, accuracies: [90, 80] }, updates, 1),
			workers: column({ ms: 100, accuracies: [90, 80.4] }, updates, 2),
			sklearn: column({ ms: 400, accuracies: [90.6, 80] }, updates, 1)
		});
		expect(settled.reference).toBe('descent-cpu');
		expect(settled.columns.cpu.counts).toBe(true);
		expect(settled.columns.workers.counts).toBe(true);
		expect(settled.columns.workers.gapPoints).toBeCloseTo(0.4);
		expect(settled.columns.sklearn.counts).toBe(false);
		expect(settled.columns.sklearn.gapPoints).toBeCloseTo(0.6);
		expect(settled.columns.cpu.updatesPerSecondPerCore).toBe(updates / 0.2);
		expect(settled.columns.workers.updatesPerSecondPerCore).toBe(updates / 0.1 / 2);
		const table = report([settled]);
		expect(table).toContain('mismatch (0.60 points)');
		expect(table).toContain('| not counted |');
	});

	it('takes scikit-learn as the reference when Descent’s CPU column was capped, and projects the capped time', () => {
		const settled = row({
			cpu: column({ cappedAtMs: 10_000, fractionDone: 0.25 }, updates, 1),
			sklearn: column({ ms: 400, accuracies: [90, 80] }, updates, 1)
		});
		expect(settled.reference).toBe('sklearn');
		expect(settled.columns.sklearn.counts).toBe(true);
		expect(settled.columns.sklearn.gapPoints).toBeUndefined();
		expect(settled.columns.cpu.counts).toBe(false);
		const table = report([settled]);
		// 10 s for a quarter of the work: 40 s projected, 20 000 ms a configuration.
		expect(table).toContain('~20000 (capped at 10 s, 25 % done)');
		expect(table).toContain('~0.010× (projected)');
	});

	it('gives a ratio only when both times count: scikit-learn 3× slower is "3.00×"', () => {
		const settled = row({
			cpu: column({ ms: 100, accuracies: [90, 80] }, updates, 1),
			sklearn: column({ ms: 300, accuracies: [90.2, 80.1] }, updates, 1)
		});
		expect(report([settled])).toMatch(/\| 50\.0 \| 150 \| 3\.00× \|/);
	});

	it('says why a column has no time: unsupported, failed, not run', () => {
		expect(column({ unsupported: 'GPU: dense only in this build' }, updates, 1)).toMatchObject({ status: 'unsupported', counts: false });
		expect(column({ error: 'boom' }, updates, 1)).toMatchObject({ status: 'error', note: 'boom' });
		const table = report([row({ gpu: column({ unsupported: 'GPU: dense only in this build' }, updates, 1) })]);
		expect(table).toContain('GPU: dense only in this build');
	});
});
