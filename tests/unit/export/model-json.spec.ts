import { describe, expect, it } from 'vitest';
import { fileToModel, modelToJson, modelToFile, parseModelJson } from '../../../src/lib/export/model-json';
import { modelCard } from '../../../src/lib/export/model-card';
import { predictTable } from '../../../src/lib/ml/predict';
import { numericModel } from './pipeline';

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)));

describe('model JSON export', () => {
	it('reads back to the same model, weights bit for bit, and predicts the same', async () => {
		const { model, splits } = await numericModel(3);
		const text = modelToJson(model, { notebook: 'Measurements', exportedAt: '2026-11-23T17:00:00.000Z' });
		const parsed = parseModelJson(text);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		expect(bits(parsed.model.coef)).toEqual(bits(model.coef));
		expect(bits(parsed.model.intercept)).toEqual(bits(model.intercept));
		expect(parsed.model).toEqual(model);
		expect(parsed.file.lineage.notebook).toBe('Measurements');
		expect(predictTable(parsed.model, splits.test)).toEqual(predictTable(model, splits.test));
		// Writing again gives the same bytes.
		expect(modelToJson(parsed.model, { notebook: 'Measurements', exportedAt: '2026-11-23T17:00:00.000Z' })).toBe(text);
	});

	it('writes an objective that became infinite as the string JSON can hold', async () => {
		const { model } = await numericModel(2);
		const text = modelToJson({ ...model, finalObjective: Number.POSITIVE_INFINITY });
		expect(JSON.parse(text).training.finalObjective).toBe('Infinity');
		const parsed = parseModelJson(text);
		expect(parsed.ok && parsed.model.finalObjective).toBe(Number.POSITIVE_INFINITY);
	});

	it('refuses broken files with the JSON path of each problem', async () => {
		const { model } = await numericModel(2);
		const good = modelToFile(model);
		const refuse = (change: (file: Record<string, any>) => void) => {
			const file = structuredClone(good) as Record<string, any>;
			change(file);
			const result = parseModelJson(JSON.stringify(file));
			if (result.ok) throw new Error('accepted');
			return result.errors;
		};
		expect(parseModelJson('{"format": "descent-model",')).toMatchObject({ ok: false, errors: [{ path: '$', message: expect.stringMatching(/^not JSON/) }] });
		expect(refuse((file) => (file.format = 'onnx'))).toEqual([{ path: '$.format', message: `not a Descent model: format is "onnx", expected 'descent-model'` }]);
		expect(refuse((file) => (file.version = 2))).toEqual([{ path: '$.version', message: 'unsupported version; supported: 1' }]);
		expect(refuse((file) => (file.coef[0][1] = 'heavy'))).toEqual([{ path: '$.coef[0][1]', message: 'must be a number' }]);
		expect(refuse((file) => file.coef[0].pop())).toEqual([{ path: '$.coef[0]', message: 'has 2 weights for 3 features' }]);
		expect(refuse((file) => (file.preprocessing[0].std[1] = 0))).toEqual([{ path: '$.preprocessing[0].std[1]', message: 'must be above 0' }]);
		expect(refuse((file) => (file.hyperparameters.schedule = 'fast'))).toEqual([{ path: '$.hyperparameters.schedule', message: 'must be constant, optimal, invscaling or adaptive' }]);
		expect(refuse((file) => (file.lineage.owner = 'me'))).toEqual([{ path: '$.lineage.owner', message: "unknown key 'owner'" }]);
		expect(refuse((file) => (file.intercept = [0, 1]))).toEqual([{ path: '$.intercept', message: 'has 2 values for 1 weight rows' }]);
	});
});

describe('model card', () => {
	it('names the lineage, the data, the metrics and the intended use; user text cannot inject Markdown', async () => {
		const { model } = await numericModel(2);
		const card = modelCard(
			{ ...model, origin: { ...model.origin, cellTitle: 'SGD [click](http://evil)' } },
			{ notebook: { title: 'Plants <b>', description: '' }, evaluation: { split: 'test', metrics: model.trainMetrics } }
		);
		expect(card).toContain('# Model card: SGD \\[click\\]\\(http://evil\\)');
		expect(card).toContain('Plants \\<b\\>');
		for (const heading of ['## Model', '## Lineage', '## Data', '## Metrics', '## Intended use']) expect(card).toContain(heading);
		expect(card).toContain(`Train part: ${model.trainMetrics.count} rows`);
		expect(card).toContain('standardised 3 numeric column(s)');
		expect(card).toMatch(/\| test \| \d+ \| \d+\.\d %/);
		expect(fileToModel(modelToFile(model)).classes).toEqual(model.classes);
	});
});
