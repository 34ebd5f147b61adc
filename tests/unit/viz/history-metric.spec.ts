import { describe, expect, it } from 'vitest';
import { defaultHistoryMetric, isCountMetric } from '../../../src/lib/viz/history-metric';
import { historyDomain } from '../../../src/lib/viz/run-charts';

describe('defaultHistoryMetric', () => {
	it('prefers an evaluation accuracy over counts sorted before it', () => {
		expect(defaultHistoryMetric(['current.classes', 'current.rows', 'evaluate.accuracy', 'train.trainAccuracy'])).toBe('evaluate.accuracy');
	});

	it('falls back to an objective, then to any metric that is not a count', () => {
		expect(defaultHistoryMetric(['current.classes', 'current.rows', 'train.epochs', 'train.finalObjective'])).toBe('train.finalObjective');
		expect(defaultHistoryMetric(['current.classes', 'drift.columns', 'drift.weird'])).toBe('drift.weird');
	});

	it('takes the first key when every metric is a count, and nothing when there are none', () => {
		expect(defaultHistoryMetric(['current.classes', 'current.rows'])).toBe('current.classes');
		expect(defaultHistoryMetric([])).toBe('');
		expect(isCountMetric('current.classes')).toBe(true);
		expect(isCountMetric('evaluate.accuracy')).toBe(false);
	});
});

describe('historyDomain', () => {
	it('pads a constant count to whole numbers around it, not 1.8–2.2', () => {
		expect(historyDomain([2, 2, 2], true)).toEqual([1, 3]);
		expect(historyDomain([400, 600], true)).toEqual([376, 624]);
	});

	it('keeps a fractional padding for real-valued metrics, whole values included', () => {
		expect(historyDomain([1, 1])).toEqual([0.9, 1.1]);
		const [low, high] = historyDomain([0.8, 0.9]);
		expect(low).toBeCloseTo(0.788);
		expect(high).toBeCloseTo(0.912);
	});
});
