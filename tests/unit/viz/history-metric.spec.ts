import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { defaultHistoryMetric, isCountMetric, isShareMetric } from '../../../src/lib/viz/history-metric';
import { scatterYDomain } from '../../../src/lib/viz/param-scatter';
import { historyDomain, SHARE_BOUNDS } from '../../../src/lib/viz/run-charts';

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

describe('a share metric across runs', () => {
	const axis = (values: number[]) => d3.scaleLinear().domain(historyDomain(values, false, SHARE_BOUNDS)).nice().domain();

	it('knows shares (accuracy, precision, recall, F1, AUC, agreement) from objectives, losses and counts', () => {
		for (const key of ['evaluate.accuracy', 'train.trainAccuracy', 'train.validationAccuracy', 'grid.bestAccuracy', 'precision', 'recall', 'f1', 'evaluate.auc', 'predict.agreement', 'drift.share']) expect(isShareMetric(key), key).toBe(true);
		for (const key of ['train.finalObjective', 'grid.bestObjective', 'loss', 'best.score', 'current.rows', 'train.epochs']) expect(isShareMetric(key), key).toBe(false);
	});

	it('never runs its axis past 1 or below 0: the padding stops at the bounds', () => {
		// The trial's chart: an accuracy of 0.92 in every run read on an axis up to 1.02.
		for (const values of [[0.92, 0.92], [1, 1], [0.95, 1], [0, 0], [0, 0.04], [0.02, 0.98], [0.5]]) {
			const [low, high] = axis(values);
			expect(low, String(values)).toBeGreaterThanOrEqual(0);
			expect(high, String(values)).toBeLessThanOrEqual(1);
			expect(low).toBeLessThanOrEqual(Math.min(...values));
			expect(high).toBeGreaterThanOrEqual(Math.max(...values));
		}
		expect(historyDomain([1, 1], false, SHARE_BOUNDS)).toEqual([0.9, 1]);
		expect(historyDomain([0, 0], false, SHARE_BOUNDS)).toEqual([0, 1]);
	});

	it('leaves an objective unbounded: padded past 1 as before', () => {
		expect(historyDomain([1, 1])).toEqual([0.9, 1.1]);
		expect(axis([0.92, 0.92])[1]).toBeLessThanOrEqual(1);
		expect(d3.scaleLinear().domain(historyDomain([0.92, 0.92])).nice().domain()[1]).toBeGreaterThan(1);
	});
});

describe('a share on the runs page grid scatter', () => {
	it('pads within 0–1 for a share and as before for an objective', () => {
		const [low, high] = d3.scaleLinear().domain(scatterYDomain([0.95, 1], true)).nice().domain();
		expect(low).toBeGreaterThanOrEqual(0);
		expect(high).toBe(1);
		expect(scatterYDomain([0, 0], true)).toEqual([0, 1]);
		expect(scatterYDomain([1, 1])).toEqual([0.9, 1.1]);
	});
});
