import { describe, expect, it } from 'vitest';
import { driftCell, driftSample, parseOverrides, predictionsSample } from '../../../src/lib/cells/drift';
import type { Predictions } from '../../../src/lib/cells/predict';
import type { ExecutionContext } from '../../../src/lib/cells/types';
import type { Table } from '../../../src/lib/cells/values';
import { resolveParams } from '../../../src/lib/cells/params';
import { parseCsv } from '../../../src/lib/cells/dataset/csv';
import { driftedNotebook, undriftedNotebook } from '../../../src/lib/notebook/drift-examples';

const table = (name: string, x: number[], city: string[], labels: number[]): Table => ({
	kind: 'table',
	name,
	rowCount: x.length,
	columns: [
		{ name: 'x', type: 'numeric', values: Float32Array.from(x) },
		{ name: 'city', type: 'text', values: city }
	],
	labelName: 'label',
	classes: ['neg', 'pos'],
	labels: Int8Array.from(labels),
	source: 'test'
});

const rows = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const lines: string[] = [];
const context: ExecutionContext = { cell: { id: 'drift', title: 'Drift' }, log: (line) => lines.push(line), progress: () => {}, file: null, now: () => 0 };
const resolved = resolveParams(driftCell, {});
if (!resolved.ok) throw new Error('defaults');
const defaults = { params: resolved.params };

describe('driftCell', () => {
	const reference = table('v1', rows(300, (i) => (i * 37) % 100), rows(300, (i) => ['a', 'b', 'c'][i % 3]!), rows(300, (i) => i % 2));
	const shifted = table('v2', rows(300, (i) => ((i * 37) % 100) + 30), rows(300, (i) => ['a', 'b', 'c'][i % 3]!), rows(300, (i) => (i % 5 === 0 ? 0 : 1)));

	it('run(defaults, {reference, current}): x and the label drift, city does not; 2 of 3 is dataset drift', async () => {
		lines.length = 0;
		const report = await driftCell.run(defaults.params as never, { reference: [reference], current: [shifted] }, context);
		expect(report.columns.map((column) => [column.column, column.test, column.drifted])).toEqual([
			['x', 'ks', true],
			['city', 'chisquare', false],
			['label', 'z', true]
		]);
		expect(driftCell.summarize(report)).toEqual({ drifted: 2, columns: 3, share: 2 / 3, datasetDrift: 'yes' });
		expect(lines.at(-1)).toBe('2 of 3 columns drifted (67%): dataset drift (threshold 50%)');
		expect(lines.some((line) => line.startsWith('DRIFT x: K-S p-value'))).toBe(true);
	});

	it('names the columns on one side only in its summary, as headless runs print it', async () => {
		const renamed = { ...shifted, columns: shifted.columns.map((column) => (column.name === 'city' ? { ...column, name: 'town' } : column)) };
		const report = await driftCell.run(defaults.params as never, { reference: [reference], current: [renamed] }, context);
		expect(driftCell.summarize(report)).toMatchObject({ columns: 2, notCompared: 'city, town' });
	});

	it('rows without labels (rows to score) are compared on their features; the label only the reference has is named, not tested', async () => {
		const scoring: Table = { ...shifted, name: 'inbox', labelName: '', classes: [], labels: new Int8Array(0) };
		const report = await driftCell.run(defaults.params as never, { reference: [reference], current: [scoring] }, context);
		expect(report.columns.map((column) => column.column)).toEqual(['x', 'city']);
		expect(report.unmatched).toEqual(['label']);
	});

	it('names each side as sampleNames says (the /drift page: stored versions), else by its input', async () => {
		const named = await driftCell.run({ overrides: [], shareThreshold: 0.5, columns: [], sampleNames: { reference: "dataset 'orders-v1' v1", current: "dataset 'orders-v2' v3" } }, { reference: [reference], current: [shifted] }, context);
		expect(named).toMatchObject({ referenceName: "dataset 'orders-v1' v1", currentName: "dataset 'orders-v2' v3" });
		const plain = await driftCell.run(defaults.params as never, { reference: [reference], current: [shifted] }, context);
		expect(plain).toMatchObject({ referenceName: "table 'v1'", currentName: "table 'v2'" });
		expect(driftSample(reference, 'reference', "dataset 'orders-v1' v1").name).toBe("dataset 'orders-v1' v1");
	});

	it("against a predict cell's output, its scores and predicted class are model outputs, not columns the table lacks", async () => {
		const predictions = {
			kind: 'predictions',
			modelLabel: "'m' v1",
			classes: ['neg', 'pos'],
			rowCount: 300,
			predicted: Int8Array.from(rows(300, (i) => i % 2)),
			scores: Float32Array.from(rows(300, (i) => i / 300)),
			scoreColumns: 1,
			actual: null,
			metrics: null,
			columns: [shifted.columns[0]!, { name: 'town', type: 'text', values: rows(300, () => 'a') }],
			shadow: null
		} satisfies Predictions;
		lines.length = 0;
		const report = await driftCell.run(defaults.params as never, { reference: [reference], current: [predictions] }, context);
		expect(report.unmatched).toEqual(['city', 'label', 'town']);
		expect(report.modelOutputs).toEqual(['score', 'prediction']);
		expect(driftCell.summarize(report)).toMatchObject({ notCompared: 'city, label, town' });
		expect(lines).toContain('model outputs (one side only): score, prediction');
	});

	it('overrides and the share threshold are applied', async () => {
		const report = await driftCell.run({ overrides: ['x:wasserstein:5'], shareThreshold: 0.7, columns: [] }, { reference: [reference], current: [shifted] }, context);
		expect(report.columns[0]).toMatchObject({ column: 'x', test: 'wasserstein', threshold: 5, drifted: false, overridden: true });
		expect(report.datasetDrift).toBe(false);
	});

	it('parseOverrides refuses an unknown test and a bad threshold, naming the line', () => {
		expect(parseOverrides(['age:ks', ' city::0.01 ', ''])).toEqual({ age: { test: 'ks' }, city: { threshold: 0.01 } });
		expect(() => parseOverrides(['age:kss'])).toThrow("override 'age:kss': unknown test 'kss'");
		expect(() => parseOverrides(['age::-1'])).toThrow("override 'age::-1': threshold '-1' must be a number ≥ 0");
	});

	it('a missing input is named', async () => {
		await expect(driftCell.run(defaults.params as never, { reference: [reference] }, context)).rejects.toThrow("input 'current' is not linked");
	});
});

describe('predictionsSample', () => {
	it('a predict cell gives its input columns, a score column per decision value and the predicted class', () => {
		const predictions = {
			kind: 'predictions',
			modelLabel: "'m' v1",
			classes: ['a', 'b', 'c'],
			rowCount: 2,
			predicted: Int8Array.from([2, 0]),
			scores: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
			scoreColumns: 3,
			actual: null,
			metrics: null,
			columns: [{ name: 'x', type: 'numeric', values: Float32Array.from([1, 2]) }],
			shadow: null
		} satisfies Predictions;
		const sample = predictionsSample(predictions, 'p');
		expect(sample.columns.map((column) => column.name)).toEqual(['x', 'score a', 'score b', 'score c', 'prediction']);
		expect(sample.outputs).toEqual(['score a', 'score b', 'score c', 'prediction']);
		expect(Array.from(sample.columns[2]!.values as Float32Array)).toEqual([Math.fround(0.2), Math.fround(0.5)]);
		expect(sample.columns[4]!.values).toEqual(['c', 'a']);
	});
});

describe('the drift example notebooks', () => {
	async function report(notebook: typeof driftedNotebook) {
		const [reference, current] = await Promise.all(
			notebook.data!.map((data) => parseCsv({ name: data.fileName, data: data.text!, fingerprint: data.sha256 }, { name: data.fileName, labelColumn: 'returned', featureColumns: [], textColumns: ['channel', 'note'] }))
		);
		return driftCell.run(defaults.params as never, { reference: [reference!], current: [current!] }, context);
	}

	it('drifted: price, channel and note drift, quantity and the return rate do not; the dataset drifts', async () => {
		const result = await report(driftedNotebook);
		expect(result.columns.map((column) => [column.column, column.test, column.drifted])).toEqual([
			['price', 'ks', true],
			['quantity', 'chisquare', false],
			['channel', 'chisquare', true],
			['note', 'tokens-permutation', true],
			['returned', 'z', false]
		]);
		expect(result.datasetDrift).toBe(true);
	});

	it('undrifted: no column drifts', async () => {
		const result = await report(undriftedNotebook);
		expect(result.columns.filter((column) => column.drifted)).toEqual([]);
		expect(result.datasetDrift).toBe(false);
	});
});
