import { describe, expect, it } from 'vitest';
import { classificationMetrics, confusionMatrix } from '../../../src/lib/ml/metrics';

describe('metrics', () => {
	it('confusionMatrix(actual, predicted, k) counts confusion[actual][predicted]', () => {
		expect(confusionMatrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], 2)).toEqual([
			[1, 1],
			[1, 2]
		]);
	});

	it('binary: precision, recall and F1 of the positive class (classes[1])', () => {
		// actual    0 0 0 1 1 1 1 ; predicted 0 1 0 1 1 0 1
		// TP = 3, FP = 1, FN = 1, TN = 2 → precision 3/4, recall 3/4, F1 3/4, accuracy 5/7
		const metrics = classificationMetrics([0, 0, 0, 1, 1, 1, 1], [0, 1, 0, 1, 1, 0, 1], ['neg', 'pos']);
		expect(metrics.confusion).toEqual([
			[2, 1],
			[1, 3]
		]);
		expect(metrics.accuracy).toBeCloseTo(5 / 7, 12);
		expect(metrics.precision).toBe(0.75);
		expect(metrics.recall).toBe(0.75);
		expect(metrics.f1).toBe(0.75);
		expect(metrics.count).toBe(7);
		expect(metrics.classes).toEqual(['neg', 'pos']);
	});

	it('binary: no positive prediction gives precision 0 (sklearn zero_division=0)', () => {
		const metrics = classificationMetrics([1, 0], [0, 0], ['a', 'b']);
		expect(metrics).toMatchObject({ accuracy: 0.5, precision: 0, recall: 0, f1: 0 });
	});

	it('multi-class: the macro mean over classes', () => {
		// actual 0 0 1 1 2 2 ; predicted 0 1 1 1 2 0
		// class 0: P 1/2 R 1/2 F1 1/2; class 1: P 2/3 R 1 F1 4/5; class 2: P 1 R 1/2 F1 2/3
		const metrics = classificationMetrics([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], ['a', 'b', 'c']);
		expect(metrics.confusion).toEqual([
			[1, 1, 0],
			[0, 2, 0],
			[1, 0, 1]
		]);
		expect(metrics.accuracy).toBeCloseTo(4 / 6, 12);
		expect(metrics.precision).toBeCloseTo((1 / 2 + 2 / 3 + 1) / 3, 12);
		expect(metrics.recall).toBeCloseTo((1 / 2 + 1 + 1 / 2) / 3, 12);
		expect(metrics.f1).toBeCloseTo((1 / 2 + 4 / 5 + 2 / 3) / 3, 12);
	});

	it('multi-class: a class absent from both actual and predicted labels is left out of the mean', () => {
		const metrics = classificationMetrics([0, 1], [0, 1], ['a', 'b', 'c']);
		expect(metrics).toMatchObject({ precision: 1, recall: 1, f1: 1 });
	});

	it('refuses predictions of another length', () => {
		expect(() => confusionMatrix([0, 1], [0], 2)).toThrow('2 actual labels but 1 predictions');
	});
});
