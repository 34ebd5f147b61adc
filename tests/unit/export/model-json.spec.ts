import { describe, expect, it } from 'vitest';
import { featureNames } from '../../../src/lib/data/features';
import { fileToModel, modelToDocument, modelToFile, modelToJson, parseModelJson } from '../../../src/lib/export/model-json';
import { modelCard } from '../../../src/lib/export/model-card';
import { modelToOnnx } from '../../../src/lib/export/onnx';
import { predictTable } from '../../../src/lib/ml/predict';
import { numericModel, reviewsModel } from './pipeline';

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)));

function parsed(text: string) {
	const result = parseModelJson(text);
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result;
}

/** A fit at 2^18 buckets takes seconds on a busy machine: its tests get room (no timing is asserted). */
const LARGE = 30_000;

describe('model JSON export', () => {
	it('reads back to the same model, weights bit for bit, and predicts the same', async () => {
		const { model, splits } = await numericModel(3);
		const text = modelToJson(model, { notebook: 'Measurements', exportedAt: '2026-11-23T17:00:00.000Z' });
		const read = parsed(text);
		expect(JSON.parse(text)).toMatchObject({ version: 2, features: [{ name: 'length', type: 'numeric' }, { name: 'weight', type: 'numeric' }, { name: 'temperature', type: 'numeric' }] });
		// Three weights a row: JSON numbers, readable by eye.
		expect(JSON.parse(text).coef[0]).toEqual(Array.from(model.coef.subarray(0, 3)));
		expect(bits(read.model.coef)).toEqual(bits(model.coef));
		expect(bits(read.model.intercept)).toEqual(bits(model.intercept));
		expect(read.model).toEqual(model);
		expect(read.file.lineage.notebook).toBe('Measurements');
		expect(predictTable(read.model, splits.test)).toEqual(predictTable(model, splits.test));
		// Writing again gives the same bytes.
		expect(modelToJson(read.model, { notebook: 'Measurements', exportedAt: '2026-11-23T17:00:00.000Z' })).toBe(text);
	});

	it('writes a text model of 2^18 buckets by its non-zero weights, compactly, and reads it back bit for bit', async () => {
		const { model, splits } = await reviewsModel({ buckets: 1 << 18, epochs: 5 });
		const text = modelToJson(model, { exportedAt: '2026-11-23T17:00:00.000Z' });
		const document = JSON.parse(text);
		expect(document.features).toEqual([{ name: 'review', type: 'sparse', width: 1 << 18 }]);
		expect(Object.keys(document.coef[0]).sort()).toEqual(['indices', 'values']);
		let nonZero = 0;
		for (const weight of model.coef) if (weight !== 0) nonZero++;
		// 8 bytes a non-zero weight, as base64 (4/3), plus the rest of the file: not 2^18 names.
		expect(text.length).toBeLessThan((nonZero * 8 * 4) / 3 + 20_000);
		const read = parsed(text);
		expect(bits(read.model.coef)).toEqual(bits(model.coef));
		// The SGD path (a few points at this width, for the loss-surface drawing) is not part of the file.
		const { path: _path, ...withoutPath } = model;
		expect(read.model).toEqual(withoutPath);
		expect(predictTable(read.model, splits.test)).toEqual(predictTable(model, splits.test));
	}, LARGE);

	it('writes mostly non-zero rows as base64 float32, −0 and the smallest subnormal included', async () => {
		const { model } = await reviewsModel();
		const coef = Float32Array.from(model.coef, (_, j) => (j % 7 === 0 ? -0 : j % 11 === 0 ? 1.4e-45 : Math.sin(j) * 3));
		const text = modelToJson({ ...model, coef });
		expect(typeof JSON.parse(text).coef[0]).toBe('string');
		// 4 bytes a weight, 4 characters per 3 bytes.
		expect(JSON.parse(text).coef[0]).toHaveLength(Math.ceil((1024 * 4) / 3) * 4);
		expect(bits(parsed(text).model.coef)).toEqual(bits(coef));
	});

	it("writes a sparse-scale step's divisors as the weights are written (1 where not listed), and still reads them as JSON numbers", async () => {
		const { model } = await reviewsModel();
		const width = 1 << 18;
		const step = (scale: number[]) => ({ type: 'sparse-scale' as const, column: 'review', method: 'max-abs' as const, width, scale });
		// The features some row had get a divisor; the others (most of 2^18 buckets) stay 1.
		const few = Array.from({ length: width }, (_, j) => (j % 97 === 0 ? Math.fround(1 + (j % 5)) : 1));
		const text = modelToJson({ ...model, preprocessing: [...model.preprocessing, step(few)] });
		const written = JSON.parse(text).preprocessing.at(-1).scale;
		expect(Object.keys(written).sort()).toEqual(['indices', 'values']);
		expect(text.length).toBeLessThan(60_000);
		expect(parsed(text).model.preprocessing.at(-1)).toEqual(step(few));
		// Mostly not 1: base64 float32; the same step as JSON numbers (files written before) reads the same.
		const many = Array.from({ length: width }, (_, j) => Math.fround(1.5 + (j % 3)));
		expect(typeof JSON.parse(modelToJson({ ...model, preprocessing: [step(many)] })).preprocessing[0].scale).toBe('string');
		expect(parsed(modelToJson({ ...model, preprocessing: [step(many)] })).model.preprocessing).toEqual([step(many)]);
		const document = JSON.parse(text);
		document.preprocessing.at(-1).scale = few;
		expect(parsed(JSON.stringify(document)).model.preprocessing.at(-1)).toEqual(step(few));
		// A divisor of 0 or a wrong count is refused at its JSON path.
		const at = `$.preprocessing[${document.preprocessing.length - 1}].scale`;
		document.preprocessing.at(-1).scale = JSON.parse(modelToJson({ ...model, preprocessing: [step(few.map((value, j) => (j === 194 ? 0 : value)))] })).preprocessing[0].scale;
		expect(parseModelJson(JSON.stringify(document))).toEqual({ ok: false, errors: [{ path: at, message: 'divisor 194 is 0; every divisor must be above 0' }] });
		document.preprocessing.at(-1).scale = few.slice(1);
		expect(parseModelJson(JSON.stringify(document))).toEqual({ ok: false, errors: [{ path: at, message: `has ${width - 1} divisors for ${width} features` }] });
	});

	it('still reads version 1 files: feature names become feature columns', async () => {
		const { model } = await reviewsModel({ posted: true });
		const document = modelToDocument(model, { exportedAt: '2026-11-23T17:00:00.000Z' });
		const { features: _features, ...rest } = document;
		const v1 = { ...rest, version: 1, featureNames: featureNames(model.features), coef: [Array.from(model.coef)] };
		expect(v1.featureNames.slice(1022, 1025)).toEqual(['review#1022', 'review#1023', 'posted']);
		const read = parsed(JSON.stringify(v1));
		expect(read.model.features).toEqual([{ name: 'review', type: 'sparse', width: 1024 }, { name: 'posted', type: 'numeric' }]);
		expect(bits(read.model.coef)).toEqual(bits(model.coef));
		// The SGD path (for the loss-surface drawing) stays in the app; the file keeps what scores.
		const { path: _path, ...kept } = model;
		expect(read.model).toEqual(kept);
	});

	it('writes an objective that became infinite as the string JSON can hold', async () => {
		const { model } = await numericModel(2);
		const text = modelToJson({ ...model, finalObjective: Number.POSITIVE_INFINITY });
		expect(JSON.parse(text).training.finalObjective).toBe('Infinity');
		const read = parseModelJson(text);
		expect(read.ok && read.model.finalObjective).toBe(Number.POSITIVE_INFINITY);
	});

	it('refuses broken files with the JSON path of each problem', async () => {
		const { model } = await numericModel(2);
		const text = await reviewsModel({ buckets: 1 << 12 });
		const refuse = (change: (file: Record<string, any>) => void, source = model) => {
			const file = structuredClone(modelToDocument(source)) as Record<string, any>;
			change(file);
			const result = parseModelJson(JSON.stringify(file));
			if (result.ok) throw new Error('accepted');
			return result.errors;
		};
		expect(parseModelJson('{"format": "descent-model",')).toMatchObject({ ok: false, errors: [{ path: '$', message: expect.stringMatching(/^not JSON/) }] });
		expect(refuse((file) => (file.format = 'onnx'))).toEqual([{ path: '$.format', message: `not a Descent model: format is "onnx", expected 'descent-model'` }]);
		expect(refuse((file) => (file.version = 3))).toEqual([{ path: '$.version', message: 'unsupported version; supported: 1, 2' }]);
		expect(refuse((file) => (file.coef[0][1] = 'heavy'))).toEqual([{ path: '$.coef[0][1]', message: 'must be a number' }]);
		expect(refuse((file) => file.coef[0].pop())).toEqual([{ path: '$.coef[0]', message: 'has 2 weights for 3 features' }]);
		expect(refuse((file) => (file.preprocessing[0].std[1] = 0))).toEqual([{ path: '$.preprocessing[0].std[1]', message: 'must be above 0' }]);
		expect(refuse((file) => (file.hyperparameters.schedule = 'fast'))).toEqual([{ path: '$.hyperparameters.schedule', message: 'must be constant, optimal, invscaling or adaptive' }]);
		expect(refuse((file) => (file.lineage.owner = 'me'))).toEqual([{ path: '$.lineage.owner', message: "unknown key 'owner'" }]);
		expect(refuse((file) => delete file.lineage.device)).toEqual([{ path: '$.lineage.device', message: "'device' is missing" }]);
		expect(refuse((file) => (file.lineage = 3))).toEqual([{ path: '$.lineage', message: 'must be an object, got 3' }]);
		expect(refuse((file) => (file.intercept = [0, 1]))).toEqual([{ path: '$.intercept', message: 'has 2 values for 1 weight rows' }]);
		expect(refuse((file) => (file.features[1].type = 'date'))).toEqual([{ path: '$.features[1].type', message: "must be a 'numeric' or 'sparse' feature column" }]);
		expect(refuse((file) => (file.features[0] = { name: 'length', type: 'sparse', width: 0 }))).toEqual([{ path: '$.features[0].width', message: 'must be at least 1' }]);
		// Compact rows: broken base64, a short row, indices out of order.
		expect(refuse((file) => (file.coef[0].values = 'AAAA*AAA'), text.model)).toEqual([{ path: '$.coef[0]', message: 'character 5 of the base64 text is not base64' }]);
		expect(refuse((file) => (file.coef[0] = 'AACAPw=='), text.model)).toEqual([{ path: '$.coef[0]', message: 'has 1 weights for 4096 features' }]);
		expect(refuse((file) => (file.coef[0] = { indices: 'BQAAAAMAAAA=', values: 'AACAPwAAgD8=' }), text.model)).toEqual([
			{ path: '$.coef[0]', message: 'index 3 (entry 1) is out of order or beyond 4096 weights' }
		]);
		expect(refuse((file) => (file.coef[0] = { indices: 'AAAAAA==', values: 'AADAfw==' }), text.model)).toEqual([{ path: '$.coef[0]', message: 'weight 0 is NaN' }]);
	});
});

describe('a file that is not a JSON model, read as one', () => {
	// A control character, or DEL and the C1 range: none may reach a message shown to the user.
	const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
	const messageOf = (text: string) => {
		const result = parseModelJson(text);
		if (result.ok) throw new Error('accepted');
		expect(result.errors).toHaveLength(1);
		return result.errors[0]!;
	};

	it('names an ONNX model (as a file read as text reaches a predict cell) and says how to get the JSON file', async () => {
		const { model } = await numericModel(2);
		const text = new TextDecoder().decode(modelToOnnx(model));
		const error = messageOf(text);
		expect(error).toEqual({
			path: '$',
			message:
				"this is an ONNX model, not Descent's JSON model file: export the model as JSON (the JSON button beside a version on the Registry page, or beside ONNX under a train cell)"
		});
	});

	it('names other binary files, and escapes the control characters of a JSON error', () => {
		const png = new TextDecoder().decode(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
		expect(messageOf(png).message).toMatch(/^this is not text \(it holds control characters\), so it is not Descent's JSON model file: export the model as JSON/);
		const broken = messageOf('{"format": "descent-model",\n "version": \u0007 2}');
		expect(broken.message).toMatch(/^not JSON: /);
		expect(broken.message).not.toMatch(RAW_CONTROL);
		expect(broken.message).not.toContain('\n');
	});
});

describe('model card', () => {
	it('names the lineage, the data, the metrics and the intended use; user text cannot inject Markdown', async () => {
		const { model } = await numericModel(2);
		const card = modelCard(
			{ ...model, origin: { ...model.origin, cellTitle: 'SGD [click](http://evil)' } },
			{ notebook: { title: 'Plants <b>', description: '' }, evaluation: { split: 'test', metrics: model.trainMetrics } }
		);
		expect(card).toContain('# Model card: SGD \\[click\\](http://evil)');
		expect(card).toContain('Plants \\<b\\>');
		for (const heading of ['## Model', '## Lineage', '## Data', '## Metrics', '## Intended use']) expect(card).toContain(heading);
		expect(card).toContain(`Train part: ${model.trainMetrics.count} rows`);
		expect(card).toContain('standardised 3 numeric column(s)');
		expect(card).toContain('3 input features (3 numeric columns)');
		expect(card).toMatch(/\| test \| \d+ \| \d+\.\d+%/);
		expect(fileToModel(modelToFile(model)).classes).toEqual(model.classes);
	});

	it('describes a model of 2^18 hashed features by its columns, not feature by feature', async () => {
		const { model } = await reviewsModel({ posted: true });
		const card = modelCard({ ...model, features: [{ name: 'review', type: 'sparse', width: 1 << 18 }, { name: 'posted', type: 'numeric' }], coef: new Float32Array((1 << 18) + 1) });
		expect(card).toContain("262,145 input features (1 numeric column and 262,144 hashed features of 'review'); 262,145 weights");
		expect(card).toContain('the ONNX file takes the hashed row and the raw numbers');
		expect(card.length).toBeLessThan(5000);
	});
});
