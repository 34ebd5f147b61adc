import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binaryCurves, curvePoints, type Curve } from '../../../src/lib/ml/roc';

interface Reference {
	name: string;
	scores: number[];
	labels: number[];
	/** Thresholds without the start point (sklearn 1.2 puts max + 1 there, Descent +∞). */
	roc?: { x: number[]; y: number[]; threshold: number[] };
	precisionRecall?: { x: number[]; y: number[]; threshold: number[] };
	rocAuc?: number;
	averagePrecision?: number;
}
const fixture = JSON.parse(readFileSync('tests/fixtures/roc.json', 'utf8')) as { cases: Reference[] };

const pairs = (curve: Curve) => Array.from(curve.x, (x, k) => [x, curve.y[k]]);

describe('binaryCurves(scores, positive)', () => {
	it('a perfect ranking has ROC AUC 1 and average precision 1', () => {
		const curves = binaryCurves([0.9, 0.8, 0.2, 0.1], [true, true, false, false]);
		expect(curves.rocAuc).toBe(1);
		expect(curves.averagePrecision).toBe(1);
		expect(pairs(curves.roc)[0]).toEqual([0, 0]);
		expect(pairs(curves.roc).at(-1)).toEqual([1, 1]);
	});

	it('matches scikit-learn on its roc_auc_score / average_precision_score example', () => {
		// sklearn: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8] → roc_auc 0.75, AP 0.8333…
		const curves = binaryCurves([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
		expect(curves.rocAuc).toBeCloseTo(0.75, 12);
		expect(curves.averagePrecision).toBeCloseTo(0.8333333333, 9);
		expect(pairs(curves.roc)).toEqual([[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]]);
		expect(Array.from(curves.roc.threshold)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
	});

	it.each(fixture.cases.map((reference) => [reference.name, reference] as const))('matches scikit-learn 1.2 point for point: %s', (_name, reference) => {
		const curves = binaryCurves(reference.scores, Uint8Array.from(reference.labels));
		if (reference.roc) {
			expect(Array.from(curves.roc.x)).toEqual(reference.roc.x.map((value) => expect.closeTo(value, 12)));
			expect(Array.from(curves.roc.y)).toEqual(reference.roc.y.map((value) => expect.closeTo(value, 12)));
			expect(Array.from(curves.roc.threshold.subarray(1))).toEqual(reference.roc.threshold);
			expect(curves.rocAuc).toBeCloseTo(reference.rocAuc!, 12);
		} else expect(curves.rocAuc).toBeNaN();
		if (reference.precisionRecall) {
			expect(Array.from(curves.precisionRecall.x)).toEqual(reference.precisionRecall.x.map((value) => expect.closeTo(value, 12)));
			expect(Array.from(curves.precisionRecall.y)).toEqual(reference.precisionRecall.y.map((value) => expect.closeTo(value, 12)));
			expect(Array.from(curves.precisionRecall.threshold.subarray(1))).toEqual(reference.precisionRecall.threshold);
			expect(curves.averagePrecision).toBeCloseTo(reference.averagePrecision!, 12);
		} else expect(curves.averagePrecision).toBeNaN();
	});

	it('tied scores make one threshold: a constant scorer has AUC 0.5', () => {
		const curves = binaryCurves([1, 1, 1, 1], [true, false, true, false]);
		expect(curves.roc.x).toHaveLength(2);
		expect(curves.rocAuc).toBe(0.5);
		expect(curves.averagePrecision).toBe(0.5);
	});

	it('takes typed arrays: float32 scores and 0/1 labels, a point per distinct score', () => {
		const rows = 100_000;
		const scores = new Float32Array(rows);
		const positive = new Uint8Array(rows);
		for (let i = 0; i < rows; i++) {
			scores[i] = (i % 1000) / 1000;
			positive[i] = i % 1000 >= 300 ? 1 : 0;
		}
		const curves = binaryCurves(scores, positive);
		expect(curves.roc.x).toBeInstanceOf(Float64Array);
		expect(curves.roc.x).toHaveLength(1001);
		expect(curves.rocAuc).toBe(1);
		expect(curves.positives).toBe(70_000);
	});

	it('with one class only the AUC is undefined (NaN); lengths must agree and scores be numbers', () => {
		expect(binaryCurves([0.3, 0.2], [true, true]).rocAuc).toBeNaN();
		expect(() => binaryCurves([1, 2], [true])).toThrow(/2 scores but 1 labels/);
		expect(() => binaryCurves([1, NaN], [true, false])).toThrow(/score 1 is NaN/);
	});
});

describe('curvePoints(curve, resolution)', () => {
	it('keeps every point of a coarse curve', () => {
		const curves = binaryCurves([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
		expect(curvePoints(curves.roc).map((point) => [point.x, point.y, point.threshold])).toEqual([
			[0, 0, Infinity],
			[0, 0.5, 0.8],
			[0.5, 0.5, 0.4],
			[0.5, 1, 0.35],
			[1, 1, 0.1]
		]);
	});

	it('thins a curve of many distinct scores to steps a chart can show, keeping both ends', () => {
		const rows = 50_000;
		const scores = Float64Array.from({ length: rows }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
		const positive = Uint8Array.from(scores, (score, i) => (score + 0.3 * Math.cos(i) > 0 ? 1 : 0));
		const { roc } = binaryCurves(scores, positive);
		const points = curvePoints(roc, 256);
		expect(roc.x.length).toBeGreaterThan(10_000);
		expect(points.length).toBeLessThanOrEqual(2 * 256 + 2);
		expect(points[0]).toMatchObject({ x: 0, y: 0 });
		expect(points.at(-1)).toMatchObject({ x: 1, y: 1 });
		for (let k = 1; k < points.length; k++) {
			expect(points[k]!.x).toBeGreaterThanOrEqual(points[k - 1]!.x);
			expect(points[k]!.y).toBeGreaterThanOrEqual(points[k - 1]!.y);
		}
	});
});
