/**
 * The positive class (issue 12, item 10): with labels 1/2 the metrics were of '2'. scikit-learn's
 * default is pos_label=1; the user can choose; every per-class score names its class.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCell } from '../../../src/lib/cells/evaluate';
import type { Splits, Table } from '../../../src/lib/cells/values';
import { classificationMetrics, metricLabel, positiveClassIndex, positiveClassOf } from '../../../src/lib/ml/metrics';
import type { LinearModel } from '../../../src/lib/ml/model';
import { binaryCurves, curvesByClass } from '../../../src/lib/ml/roc';
import { fakeContext } from '../cells/fake-context';

describe('positiveClassIndex(classes, chosen)', () => {
	it("defaults as scikit-learn's pos_label=1: the class that reads as 1, else the greater class", () => {
		expect(positiveClassIndex(['1', '2'])).toBe(0);
		expect(positiveClassIndex(['0', '1'])).toBe(1);
		expect(positiveClassIndex(['-1', '+1'])).toBe(1);
		expect(positiveClassIndex(['1.0', '2.0'])).toBe(0);
		expect(positiveClassIndex(['neg', 'pos'])).toBe(1);
		expect(positiveClassIndex(['2', '3'])).toBe(1);
	});

	it('takes the chosen class, and refuses one that is not a class, naming the classes', () => {
		expect(positiveClassIndex(['1', '2'], '2')).toBe(1);
		expect(positiveClassIndex(['1', '2'], ' 2 ')).toBe(1);
		expect(() => positiveClassIndex(['1', '2'], '3')).toThrow("positive class '3' is not one of the classes (1, 2)");
	});
});

describe('classificationMetrics with a positive class', () => {
	// actual 1 1 1 2 ; predicted 1 2 1 2 (indices 0 = '1', 1 = '2')
	const actual = [0, 0, 0, 1];
	const predicted = [0, 1, 0, 1];

	it("labels 1/2: by default the scores are of '1', as sklearn's precision_score(y, p) (pos_label=1)", () => {
		const metrics = classificationMetrics(actual, predicted, ['1', '2']);
		// class '1': TP 2, FP 0, FN 1 → precision 1, recall 2/3, F1 0.8 (sklearn: 1.0, 0.667, 0.8)
		expect(metrics).toMatchObject({ positiveClass: '1', precision: 1, recall: 2 / 3 });
		expect(metrics.f1).toBeCloseTo(0.8, 12);
	});

	it("the chosen class '2' gives its scores", () => {
		const metrics = classificationMetrics(actual, predicted, ['1', '2'], 1);
		// class '2': TP 1, FP 1, FN 0 → precision 1/2, recall 1, F1 2/3
		expect(metrics).toMatchObject({ positiveClass: '2', precision: 0.5, recall: 1 });
		expect(metrics.f1).toBeCloseTo(2 / 3, 12);
	});

	it('more classes are macro means: no positive class, and the label says macro', () => {
		const metrics = classificationMetrics([0, 1, 2], [0, 1, 2], ['a', 'b', 'c']);
		expect(metrics.positiveClass).toBeUndefined();
		expect(metricLabel('precision', metrics)).toBe('precision (macro)');
		expect(metricLabel('accuracy', metrics)).toBe('accuracy');
	});

	it("names the class beside a score; metrics stored before the field were of classes[1]", () => {
		expect(metricLabel('F1', classificationMetrics(actual, predicted, ['1', '2']))).toBe("F1 of '1'");
		const stored = { classes: ['1', '2'] };
		expect(positiveClassOf(stored)).toBe('2');
	});
});

describe('curvesByClass', () => {
	const scores = new Float32Array([2, 1.5, -0.5, 0.3, -1, -2]);
	const actual = new Int8Array([1, 1, 0, 1, 0, 0]);

	it("binary, positive class classes[0]: ranks rows by the negated score (sklearn's roc_curve(y, -decision, pos_label=classes[0]))", () => {
		const [curve] = curvesByClass(scores, actual, ['1', '2'], 0);
		expect(curve!.label).toBe("positive class '1'");
		const reference = binaryCurves(Array.from(scores, (value) => -value), Array.from(actual, (value) => value === 0));
		expect(Array.from(curve!.curves.roc.x)).toEqual(Array.from(reference.roc.x));
		expect(curve!.curves.averagePrecision).toBe(reference.averagePrecision);
		expect(curve!.curves.positives).toBe(3);
	});

	it('binary, positive class classes[1]: the decision values as they are; one-vs-rest: a curve per class', () => {
		const [curve] = curvesByClass(scores, actual, ['1', '2'], 1);
		expect(curve!.label).toBe("positive class '2'");
		expect(curve!.curves.rocAuc).toBe(1);
		const ovr = curvesByClass(new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), new Int8Array([0, 1, 2]), ['a', 'b', 'c'], -1);
		expect(ovr.map((item) => item.label)).toEqual(["'a' vs rest", "'b' vs rest", "'c' vs rest"]);
	});
});

describe('evaluate cell: positive class param', () => {
	const table = (labels: number[]): Table => ({
		kind: 'table',
		name: 'test',
		rowCount: labels.length,
		columns: [{ name: 'x', type: 'numeric', values: new Float32Array([-2, 1, -1, 2]) }],
		labelName: 'label',
		classes: ['1', '2'],
		labels: new Int8Array(labels),
		source: 'test'
	});
	const splits: Splits = { kind: 'splits', train: table([0, 0, 0, 1]), test: table([0, 0, 0, 1]), validation: null, preprocessing: [] };
	const model = {
		kind: 'model',
		classes: ['1', '2'],
		features: [{ name: 'x', type: 'numeric' }],
		preprocessing: [],
		coef: new Float32Array([1]),
		intercept: new Float32Array([0]),
		origin: { cellId: 'train', cellTitle: 'Train', device: 'cpu' }
	} as unknown as LinearModel;

	it("defaults to '1', takes '2' when chosen, and says so in the log and the headless summary", async () => {
		const context = fakeContext();
		const byDefault = await evaluateCell.run({ split: 'test', positiveClass: '' }, { model: [model], data: [splits] }, context);
		expect(evaluateCell.summarize(byDefault)).toMatchObject({ positiveClass: '1', precision: 1, recall: 2 / 3 });
		expect(context.lines.at(-1)).toContain("precision of '1' 1.0000, recall of '1' 0.6667, F1 of '1' 0.8000");
		const chosen = await evaluateCell.run({ split: 'test', positiveClass: '2' }, { model: [model], data: [splits] }, fakeContext());
		expect(evaluateCell.summarize(chosen)).toMatchObject({ positiveClass: '2', precision: 0.5, recall: 1 });
		await expect(evaluateCell.run({ split: 'test', positiveClass: 'yes' }, { model: [model], data: [splits] }, fakeContext())).rejects.toThrow("positive class 'yes' is not one of the classes (1, 2)");
	});
});
