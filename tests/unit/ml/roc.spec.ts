import { describe, expect, it } from 'vitest';
import { binaryCurves } from '../../../src/lib/ml/roc';

describe('binaryCurves', () => {
	it('a perfect ranking has ROC AUC 1 and average precision 1', () => {
		const curves = binaryCurves([0.9, 0.8, 0.2, 0.1], [true, true, false, false]);
		expect(curves.rocAuc).toBe(1);
		expect(curves.averagePrecision).toBe(1);
		expect(curves.roc[0]).toMatchObject({ x: 0, y: 0 });
		expect(curves.roc.at(-1)).toMatchObject({ x: 1, y: 1 });
	});

	it('matches scikit-learn on its roc_auc_score / average_precision_score example', () => {
		// sklearn: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8] → roc_auc 0.75, AP 0.8333…
		const curves = binaryCurves([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
		expect(curves.rocAuc).toBeCloseTo(0.75, 12);
		expect(curves.averagePrecision).toBeCloseTo(0.8333333333, 9);
		expect(curves.roc.map((point) => [point.x, point.y])).toEqual([[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]]);
	});

	it('tied scores make one threshold: a constant scorer has AUC 0.5', () => {
		const curves = binaryCurves([1, 1, 1, 1], [true, false, true, false]);
		expect(curves.roc).toHaveLength(2);
		expect(curves.rocAuc).toBe(0.5);
		expect(curves.averagePrecision).toBe(0.5);
	});

	it('with one class only the AUC is undefined (NaN), and lengths must agree', () => {
		expect(binaryCurves([0.3, 0.2], [true, true]).rocAuc).toBeNaN();
		expect(() => binaryCurves([1, 2], [true])).toThrow(/2 scores but 1 labels/);
	});
});
