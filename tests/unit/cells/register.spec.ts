/**
 * The register cell (issue 12, items 8 and 9): a refusal fails the cell with its reason and never
 * reads as a promotion; "not worse than production" re-scores production on the candidate's own
 * evaluation rows when production is bound and the splits are linked.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCell } from '../../../src/lib/cells/evaluate';
import { modelBindingSource } from '../../../src/lib/cells/predict-binding';
import { modelIdentity, registerCell, type RegisterParams } from '../../../src/lib/cells/register';
import { trainCell, type TrainParams } from '../../../src/lib/cells/train';
import { defaultParams } from '../../../src/lib/cells/params';
import { modelToJson, parseModelJson } from '../../../src/lib/export/model-json';
import type { LinearModel } from '../../../src/lib/ml/model';
import { modelContentHash } from '../../../src/lib/store/model-hash';
import { numericModel } from '../export/pipeline';
import { fakeContext } from './fake-context';

const params = (overrides: Partial<RegisterParams> = {}): RegisterParams => ({ modelName: 'measurements', alias: 'production', gate: true, gateMetric: 'accuracy', threshold: 0, notWorseThanCurrent: true, ...overrides });
const bound = (model: LinearModel) => modelBindingSource({ label: "'measurements' v1 (production)", text: modelToJson(model, { exportedAt: '2026-01-01T00:00:00.000Z' }) }, null, 'v1');

describe('register cell', () => {
	it('refuses below the threshold: the cell fails with the reason and says nothing was registered or promoted', async () => {
		const { model, splits } = await numericModel(2);
		const scored = await evaluateCell.run({ split: 'test', positiveClass: '' }, { model: [model], data: [splits] }, fakeContext());
		// The case: a gate at 0.95 and a model below it.
		const evaluation = { ...scored, metrics: { ...scored.metrics, accuracy: 0.9 } };
		const context = fakeContext();
		await expect(registerCell.run(params({ threshold: 0.95 }), { model: [model], evaluation: [evaluation] }, context)).rejects.toThrow(
			'refused by the quality gate: accuracy 0.9000 (test) is below the threshold 0.9500; nothing registered, production not moved'
		);
		expect(context.lines.some((line) => /→ production|moved production/.test(line))).toBe(false);
	});

	it('passes a threshold it meets; the headless summary says the gate passed and where the metric was measured', async () => {
		const { model, splits } = await numericModel(2);
		const evaluation = await evaluateCell.run({ split: 'test', positiveClass: '' }, { model: [model], data: [splits] }, fakeContext());
		const registration = await registerCell.run(params({ threshold: 0.5 }), { model: [model], evaluation: [evaluation] }, fakeContext());
		expect(registerCell.summarize(registration)).toEqual({ model: 'measurements', alias: 'production', gate: 'passed', accuracy: evaluation.metrics.accuracy, measuredOn: 'test', compared: 'nothing here (the registry compares when it stores)' });
		expect(registration).toMatchObject({ rows: evaluation.metrics.count, positiveClass: evaluation.metrics.positiveClass, rescored: null });
	});

	it("re-scores production on the candidate's test rows (replaying production's scaling on unscaled splits) and compares like with like", async () => {
		const { model: production, splits, unscaled } = await numericModel(2);
		const candidate = await trainCell.run({ ...(defaultParams(trainCell) as unknown as TrainParams), epochs: 2, seed: 4 }, { data: [splits] }, fakeContext());
		const evaluation = await evaluateCell.run({ split: 'test', positiveClass: '' }, { model: [candidate], data: [unscaled] }, fakeContext());
		const productionOnSameRows = await evaluateCell.run({ split: 'test', positiveClass: '' }, { model: [production], data: [unscaled] }, fakeContext());
		const context = fakeContext(bound(production));
		const run = registerCell.run(params(), { model: [candidate], evaluation: [evaluation], data: [unscaled] }, context);
		// These rows separate cleanly: both score 1.0, so the candidate is not worse.
		expect(evaluation.metrics.accuracy).toBe(productionOnSameRows.metrics.accuracy);
		const registration = await run;
		const { accuracy, precision, recall, f1, count, positiveClass } = productionOnSameRows.metrics;
		expect(registration.rescored?.measured).toEqual({ metrics: { accuracy, precision, recall, f1, finalObjective: production.finalObjective }, measuredOn: 'test', rows: count, positiveClass });
		expect(context.lines.join('\n')).toMatch(/compared: accuracy of 'measurements' v1 \(production\) re-scored on the same \d+ test rows/);
		expect(context.lines.join('\n')).toMatch(/replayed the model's standardisation of 3 columns/);
	});

	it('refuses splits that are not the rows the evaluation scored', async () => {
		const { model, splits } = await numericModel(2);
		const evaluation = await evaluateCell.run({ split: 'test', positiveClass: '' }, { model: [model], data: [splits] }, fakeContext());
		const fewer = { ...splits, test: { ...splits.test, rowCount: 3, labels: splits.test.labels.subarray(0, 3), columns: splits.test.columns.map((column) => (column.type === 'numeric' ? { ...column, values: column.values.subarray(0, 3) } : column)) } };
		await expect(registerCell.run(params(), { model: [model], evaluation: [evaluation], data: [fewer] }, fakeContext(bound(model)))).rejects.toThrow(/has 3 rows, the evaluation scored \d+: link the splits the evaluation read/);
	});

	it("names the current version by the registry's content hash, after the model file's round trip", async () => {
		const { model } = await numericModel(2);
		const parsed = parseModelJson(modelToJson(model, { exportedAt: '2026-01-01T00:00:00.000Z' }));
		if (!parsed.ok) throw new Error('model file did not parse');
		expect(modelIdentity(parsed.model)).toBe(modelContentHash(model));
	});
});
