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
import { hashVectorize, hashVectorizeStep } from '../../../src/lib/ml/vectorize';
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

/** Unix seconds around 2023-11 (the offset that broke float32 standardisation), std ≈ 600 s. */
export const UNIX_SECONDS = 1.7e9;

/**
 * Three numeric columns on very different scales (so the scaler matters), `classes` labels; with
 * `recorded`, a fourth column of Unix seconds (mean 1.7e9, std ≈ 600) that also tells the classes apart.
 */
export function measurementsCsv(rows: number, classes: number, seed: number, recorded = false): string {
	const random = createRandom(seed);
	const lines = [`length,weight,temperature,${recorded ? 'recorded,' : ''}kind`];
	for (let i = 0; i < rows; i++) {
		const k = i % classes;
		const length = 10 + 4 * k + random.normal();
		const weight = 1000 + 300 * Math.cos(k * 2.1) + 80 * random.normal();
		const temperature = 0.01 * k + 0.004 * random.normal();
		const time = recorded ? `${Math.round(UNIX_SECONDS + 400 * k + 500 * random.normal())},` : '';
		lines.push(`${length},${weight},${temperature},${time}class-${String.fromCharCode(97 + k)}`);
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

export async function numericModel(classes: number, overrides: Partial<TrainParams> = {}, options: { recorded?: boolean } = {}): Promise<Trained> {
	const file = csvFile(measurementsCsv(300, classes, 11 + classes, options.recorded), 'measurements.csv');
	const params = { ...defaultParams(datasetCell), name: 'measurements', source: 'csv' };
	const table = await datasetCell.run(params as never, {}, fakeContext(file));
	const { splits, unscaled } = await split(table, true);
	const model = await trainCell.run(trainParams(overrides), { data: [splits] }, fakeContext());
	return { model, splits, table, unscaled };
}

/** Unix seconds of each review, later for positive ones: a numeric column beside the text. */
function withPostedColumn(table: Table): Table {
	const random = createRandom(5);
	const values = Float32Array.from(table.labels, (label) => UNIX_SECONDS + 300 * label + 600 * random.normal());
	return { ...table, columns: [...table.columns, { name: 'posted', type: 'numeric', values }] };
}

/**
 * The vectorize cell's output; past its dense-era size guard (rows × buckets ≤ 2^26, which
 * the CSR work lifts) the same step is applied directly, as the cell does.
 */
async function hashWords(table: Table, buckets: number): Promise<Table> {
	const params = { column: 'review', buckets, ngramMax: 2, lowercase: true };
	if (table.rowCount * buckets <= 1 << 26) return (await vectorizeCell.run(params, { data: [table] }, fakeContext())) as Table;
	const step = hashVectorizeStep('review', params);
	const at = table.columns.findIndex((column) => column.name === 'review');
	const texts = table.columns[at]!.values as string[];
	const columns = table.columns.map((column, index) => (index === at ? hashVectorize(texts, step) : column));
	return { ...table, columns, preprocessing: [...(table.preprocessing ?? []), step] };
}

/**
 * The reference pipeline's text model: reviews → hashed words (with pairs) → split → SGD. With
 * `posted`, a Unix-seconds column joins the words and a scale cell standardises it.
 */
export function reviewsModel(options: ReviewsOptions = {}): Promise<Trained> {
	// Trained once per options in a test file: at 2^18 buckets a fit takes seconds. Tests only read it.
	const key = JSON.stringify([options.posted ?? false, options.buckets ?? 1024, options.epochs ?? 15]);
	let trained = trainedReviews.get(key);
	if (!trained) trainedReviews.set(key, (trained = trainReviews(options)));
	return trained;
}

interface ReviewsOptions {
	posted?: boolean;
	buckets?: number;
	epochs?: number;
}

const trainedReviews = new Map<string, Promise<Trained>>();

async function trainReviews(options: ReviewsOptions): Promise<Trained> {
	const reviews = await datasetCell.run({ ...defaultParams(datasetCell), name: 'reviews', source: 'reviews' } as never, {}, fakeContext());
	const table = options.posted ? withPostedColumn(reviews) : reviews;
	const { splits, unscaled } = await split(await hashWords(table, options.buckets ?? 1024), options.posted ?? false);
	const model = await trainCell.run(trainParams({ schedule: 'constant', eta0: 0.01, epochs: options.epochs ?? 15 }), { data: [splits] }, fakeContext());
	return { model, splits, table, unscaled };
}
