import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { datasetCell } from '../../../src/lib/cells/dataset';
import { evaluateCell } from '../../../src/lib/cells/evaluate';
import { defaultParams } from '../../../src/lib/cells/params';
import { predictCell, type PredictParams } from '../../../src/lib/cells/predict';
import { modelBindingSource } from '../../../src/lib/cells/predict-binding';
import { registerCell, type RegisterParams } from '../../../src/lib/cells/register';
import { scaleCell } from '../../../src/lib/cells/scale';
import { selectCell } from '../../../src/lib/cells/select';
import { splitCell } from '../../../src/lib/cells/split';
import { trainCell, type TrainParams } from '../../../src/lib/cells/train';
import type { Splits, Table } from '../../../src/lib/cells/values';
import { vectorizeCell, type VectorizeParams } from '../../../src/lib/cells/vectorize';
import { modelToJson } from '../../../src/lib/export/model-json';
import { predictTable } from '../../../src/lib/ml/predict';
import { createRandom } from '../../../src/lib/ml/rng';
import { openStore } from '../../../src/lib/store/database';
import { listModels, registerModel } from '../../../src/lib/store/models';
import { csvFile, fakeContext } from './fake-context';

const BUCKETS = 1 << 18;

/** Seeded mails: a few words decide the label (5 % flipped), the rest is filler. */
function mailsCsv(rows: number, seed: number): string {
	const random = createRandom(seed);
	const spam = ['winner', 'prize', 'free', 'offer', 'cash', 'click'];
	const ham = ['meeting', 'report', 'agenda', 'lunch', 'project', 'review'];
	const filler = ['the', 'and', 'about', 'today', 'please', 'team', 'note', 'thanks', 'week', 'plan', 'call', 'time'];
	const pick = (words: string[]) => words[random.int(words.length)]!;
	const lines = ['text,label'];
	for (let row = 0; row < rows; row++) {
		const isSpam = row % 2 === 1;
		const words = Array.from({ length: 8 + random.int(12) }, () => (random.next() < 0.3 ? pick(isSpam ? spam : ham) : pick(filler)));
		const label = random.next() < 0.05 ? !isSpam : isSpam;
		lines.push(`"${words.join(' ')}",${label ? 'spam' : 'ham'}`);
	}
	return lines.join('\n');
}

const sparseOf = (table: Table) => {
	const column = table.columns.find((candidate) => candidate.name === 'text');
	if (column?.type !== 'sparse') throw new Error(`column 'text' of ${table.name} is ${column?.type}, expected sparse`);
	return column;
};

const SPLIT = { testFraction: 0.25, validationFraction: 0.2, seed: 0, stratify: true };

/** dataset → split → vectorize → scale (not centred) → train ×2 → select → evaluate, at `buckets`. */
async function textPipeline(buckets: number) {
	const csv = csvFile(mailsCsv(240, 3), 'mails.csv');
	const table = await datasetCell.run({ ...defaultParams(datasetCell), name: 'mails', source: 'csv', textColumns: ['text'] } as never, {}, fakeContext(csv));
	const splits = await splitCell.run(SPLIT, { data: [table] }, fakeContext());
	const vectorized = (await vectorizeCell.run({ ...(defaultParams(vectorizeCell) as unknown as VectorizeParams), column: 'text', buckets }, { data: [splits] }, fakeContext())) as Splits;
	const scaled = await scaleCell.run({ columns: [], sparse: 'standard' }, { data: [vectorized] }, fakeContext());
	const train = (alpha: number, id: string) =>
		trainCell.run({ ...(defaultParams(trainCell) as unknown as TrainParams), alpha, epochs: 5 }, { data: [scaled] }, { ...fakeContext(), cell: { id, title: `SGD α=${alpha}` } });
	const models = [await train(0.0001, 'sgd-a'), await train(0.01, 'sgd-b')];
	const best = await selectCell.run({ by: 'validation-accuracy' }, { models }, fakeContext());
	const evaluation = await evaluateCell.run({ split: 'test' }, { model: [best], data: [scaled] }, fakeContext());
	return { table, vectorized, scaled, models, best, evaluation };
}

const lineage = { datasetHashes: [], notebookId: null, notebookTitle: 'mails', notebookHash: null, cellId: 'register', cellTitle: 'Register', seed: 0, appVersion: 'test', device: 'CPU' };

describe('a text pipeline through the cell executors, on CSR all the way', () => {
	it('at 2^18 buckets: split → vectorize → scale (not centred) → train ×2 → select → evaluate → register, read back from the registry', async () => {
		const { vectorized, scaled, models, best, evaluation } = await textPipeline(BUCKETS);
		const hashed = sparseOf(vectorized.train);
		expect(hashed.width).toBe(BUCKETS);
		const scaledWords = sparseOf(scaled.train);
		// Divided, not centred: the same non-zeros, nothing densified.
		expect(scaledWords.indices).toBe(hashed.indices);
		expect(scaledWords.values.length).toBe(hashed.values.length);
		expect(scaled.preprocessing.map((step) => step.type)).toEqual(['hash-vectorize', 'sparse-scale']);
		for (const model of models) expect(model.features).toEqual([{ name: 'text', type: 'sparse', width: BUCKETS }]);
		expect(best.selection?.ranking).toHaveLength(2);

		expect(evaluation.metrics.count).toBe(scaled.test.rowCount);
		expect(evaluation.metrics.accuracy).toBeGreaterThan(0.8);
		expect(evaluation.scores).toEqual(predictTable(best, scaled.test).scores);

		const registration = await registerCell.run({ ...(defaultParams(registerCell) as unknown as RegisterParams), modelName: 'mails', alias: 'production' }, { model: [best], evaluation: [evaluation] }, fakeContext());
		expect(registration.metrics.accuracy).toBe(evaluation.metrics.accuracy);
		const store = await openStore({ name: `text-pipeline-${Math.random()}` });
		await registerModel(store, { name: registration.modelName, model: registration.model, metrics: registration.metrics, measuredOn: registration.measuredOn, lineage, alias: registration.alias });
		const stored = (await listModels(store)).models[0]!.versions[0]!.model;
		expect(stored.features).toEqual([{ name: 'text', type: 'sparse', width: BUCKETS }]);
		expect(stored.coef).toEqual(best.coef);
		expect(stored.preprocessing).toEqual(scaled.preprocessing);
	}, 60_000);

	// A model file names every feature, so this runs at a width it can name (2^16 at most today).
	it('predict replays the hashing and the sparse scaling on raw text, and a challenger compares on the same rows', async () => {
		const { table, scaled, models, best, evaluation } = await textPipeline(1 << 12);
		const file = (model: typeof best) => modelToJson(model, { exportedAt: '2026-01-01T00:00:00.000Z' });
		const challenger = models.find((model) => model.origin.cellId !== best.origin.cellId)!;
		const binding = modelBindingSource({ label: "'mails' v1 (production)", text: file(best) }, { label: "'mails' v2 (staging)", text: file(challenger) }, 'mails@1');
		const predict = (data: Splits) => predictCell.run({ ...(defaultParams(predictCell) as unknown as PredictParams), modelName: 'mails', part: 'test' }, { data: [data] }, fakeContext(binding));

		const raw = await splitCell.run(SPLIT, { data: [table] }, fakeContext());
		const predictions = await predict(raw);
		expect(Array.from(predictions.scores)).toEqual(Array.from(evaluation.scores!));
		expect(predictions.metrics?.accuracy).toBe(evaluation.metrics.accuracy);
		expect(predictions.columns.map((column) => column.name)).toEqual(['text']);
		const expectedAgreement = predictTable(challenger, scaled.test).predicted.filter((label, i) => label === predictTable(best, scaled.test).predicted[i]).length / scaled.test.rowCount;
		expect(predictions.shadow?.agreement).toBe(expectedAgreement);

		// Already hashed and scaled: nothing left to replay, the same scores, no sparse column echoed back.
		const again = await predict(scaled);
		expect(Array.from(again.scores)).toEqual(Array.from(evaluation.scores!));
		expect(again.columns).toEqual([]);
		expect(again.shadow?.agreement).toBe(expectedAgreement);
	}, 60_000);
});
