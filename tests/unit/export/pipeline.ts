/** Trained models for the export tests, made by the same cell executors the app runs. */
import { datasetCell } from '../../../src/lib/cells/dataset';
import { defaultParams } from '../../../src/lib/cells/params';
import { scaleCell } from '../../../src/lib/cells/scale';
import { splitCell } from '../../../src/lib/cells/split';
import { trainCell, type TrainParams } from '../../../src/lib/cells/train';
import type { Splits, Table } from '../../../src/lib/cells/values';
import { vectorizeCell } from '../../../src/lib/cells/vectorize';
import type { LinearModel } from '../../../src/lib/ml/model';
import { createRandom } from '../../../src/lib/ml/rng';
import { csvFile, fakeContext } from '../cells/fake-context';

export interface Trained {
	model: LinearModel;
	splits: Splits;
	/** The raw table the dataset cell produced (text not yet vectorised). */
	table: Table;
	/** The same parts before standardisation: the rows a user of the exported file scores. */
	unscaled: Splits;
}

const trainParams = (overrides: Partial<TrainParams> = {}): TrainParams =>
	({ ...defaultParams(trainCell), epochs: 15, ...overrides }) as TrainParams;

/** Three numeric columns on very different scales (so the scaler matters), `classes` labels. */
export function measurementsCsv(rows: number, classes: number, seed: number): string {
	const random = createRandom(seed);
	const lines = ['length,weight,temperature,kind'];
	for (let i = 0; i < rows; i++) {
		const k = i % classes;
		const length = 10 + 4 * k + random.normal();
		const weight = 1000 + 300 * Math.cos(k * 2.1) + 80 * random.normal();
		const temperature = 0.01 * k + 0.004 * random.normal();
		lines.push(`${length},${weight},${temperature},class-${String.fromCharCode(97 + k)}`);
	}
	return `${lines.join('\n')}\n`;
}

/** The split depends on the labels and the seed only, so the raw table splits into the same rows. */
export const SPLIT_PARAMS = { testFraction: 0.3, validationFraction: 0, seed: 3, stratify: true };

async function split(data: Table, scale: boolean): Promise<{ splits: Splits; unscaled: Splits }> {
	const unscaled = await splitCell.run(SPLIT_PARAMS, { data: [data] }, fakeContext());
	const splits = scale ? await scaleCell.run({ columns: [] }, { data: [unscaled] }, fakeContext()) : unscaled;
	return { splits, unscaled };
}

export async function numericModel(classes: number, overrides: Partial<TrainParams> = {}): Promise<Trained> {
	const file = csvFile(measurementsCsv(300, classes, 11 + classes), 'measurements.csv');
	const params = { ...defaultParams(datasetCell), name: 'measurements', source: 'csv' };
	const table = await datasetCell.run(params as never, {}, fakeContext(file));
	const { splits, unscaled } = await split(table, true);
	const model = await trainCell.run(trainParams(overrides), { data: [splits] }, fakeContext());
	return { model, splits, table, unscaled };
}

/** The reference pipeline's text model: reviews → hashed words (with pairs) → split → SGD. */
export async function reviewsModel(options: { scale?: boolean; buckets?: number } = {}): Promise<Trained> {
	const table = await datasetCell.run({ ...defaultParams(datasetCell), name: 'reviews', source: 'reviews' } as never, {}, fakeContext());
	const vectorized = await vectorizeCell.run({ column: 'review', buckets: options.buckets ?? 1024, ngramMax: 2, lowercase: true }, { data: [table] }, fakeContext());
	const { splits, unscaled } = await split(vectorized as Table, options.scale ?? false);
	const model = await trainCell.run(trainParams({ schedule: 'constant', eta0: 0.01 }), { data: [splits] }, fakeContext());
	return { model, splits, table, unscaled };
}
