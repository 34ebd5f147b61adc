/** The built-in example notebooks, as data. static/examples/ holds them as files. */
import { sha256Text } from './sha256';
import { driftedNotebook, undriftedNotebook } from './drift-examples';
import { CellId, NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type Notebook, type NotebookCell } from './types';

function cell(
	id: string,
	kind: string,
	title: string,
	params: Record<string, unknown>,
	inputs: Record<string, string[]> = {}
): NotebookCell {
	return {
		id: CellId(id),
		kind,
		title,
		params,
		inputs: Object.fromEntries(Object.entries(inputs).map(([name, ids]) => [name, ids.map(CellId)])),
		retry: { count: 0, delayMs: 0 }
	};
}

const sentimentTrainers = [
	{ id: 'sgd-constant-0001', title: 'SGD constant η=0.001', params: { schedule: 'constant', eta0: 0.001 } },
	{ id: 'sgd-constant-001', title: 'SGD constant η=0.01', params: { schedule: 'constant', eta0: 0.01 } },
	{ id: 'sgd-constant-01', title: 'SGD constant η=0.1', params: { schedule: 'constant', eta0: 0.1 } },
	{ id: 'sgd-optimal', title: 'SGD optimal α=0.001', params: { schedule: 'optimal', alpha: 0.001 } },
	{ id: 'sgd-invscaling', title: 'SGD invscaling η0=0.5', params: { schedule: 'invscaling', eta0: 0.5, powerT: 0.5 } }
];

export const sentimentNotebook: Notebook = {
	format: NOTEBOOK_FORMAT,
	version: NOTEBOOK_VERSION,
	title: 'Sentiment of reviews: the reference pipeline',
	description:
		'Ingest labelled reviews, hash their words, split train/validation/test, train linear SVMs with several learning rates side by side, keep the one with the lowest hinge objective, and evaluate it on the test split.',
	cells: [
		cell('reviews', 'dataset', 'Ingest reviews', { name: 'reviews', source: 'reviews' }),
		cell('words', 'vectorize', 'Hashed bag of words', { column: 'review', buckets: 1024, ngramMax: 2, lowercase: true }, { data: ['reviews'] }),
		cell('split', 'split', 'Split train/test', { testFraction: 0.25, validationFraction: 0.2, seed: 7, stratify: true }, { data: ['words'] }),
		...sentimentTrainers.map((trainer) =>
			cell(trainer.id, 'train', trainer.title, { alpha: 0.0001, epochs: 20, seed: 1, ...trainer.params }, { data: ['split'] })
		),
		cell('best', 'select', 'Select best (lowest hinge objective)', { by: 'objective' }, { models: sentimentTrainers.map((trainer) => trainer.id) }),
		cell('evaluate', 'evaluate', 'Evaluate on the test split', { split: 'test' }, { model: ['best'], data: ['split'] })
	]
};

const teachingRates = [0.001, 0.01, 0.1];

export const teachingNotebook: Notebook = {
	format: NOTEBOOK_FORMAT,
	version: NOTEBOOK_VERSION,
	title: 'Gradient descent in two dimensions',
	description:
		'Two overlapping clouds of points in the plane and three learning rates: too small, about right, and large. Compare their objective curves and the model each one finds.',
	cells: [
		cell('blobs', 'dataset', 'Two overlapping blobs', { name: 'blobs', source: 'overlapping-blobs', rows: 400, noise: 1, seed: 3 }),
		cell('split', 'split', 'Split train/test', { testFraction: 0.3, validationFraction: 0, seed: 1, stratify: true }, { data: ['blobs'] }),
		cell('scale', 'scale', 'Standardise features', { columns: [] }, { data: ['split'] }),
		...teachingRates.map((rate) =>
			cell(`sgd-${String(rate).replace('.', '')}`, 'train', `SGD η=${rate}`, { schedule: 'constant', eta0: rate, alpha: 0.001, epochs: 15, seed: 2 }, { data: ['scale'] })
		),
		cell('best', 'select', 'Select best', { by: 'objective' }, { models: teachingRates.map((rate) => `sgd-${String(rate).replace('.', '')}`) }),
		cell('evaluate', 'evaluate', 'Evaluate on the test split', { split: 'test' }, { model: ['best'], data: ['scale'] })
	]
};

/** The reference pipeline with one grid cell in place of the separate SGD cells: 64 configurations at once. */
export const sentimentGridNotebook: Notebook = {
	format: NOTEBOOK_FORMAT,
	version: NOTEBOOK_VERSION,
	title: 'Sentiment of reviews: a hyperparameter grid on the GPU',
	description:
		'The reference pipeline with one grid train cell: 5 learning rates × 4 alphas × 3 schedules, plus optimal for each alpha (64 configurations), trained at once on your GPU with WebGPU — or on the CPU where there is none. Select best ranks all of them.',
	cells: [
		cell('reviews', 'dataset', 'Ingest reviews', { name: 'reviews', source: 'reviews' }),
		cell('words', 'vectorize', 'Hashed bag of words', { column: 'review', buckets: 1024, ngramMax: 2, lowercase: true }, { data: ['reviews'] }),
		cell('split', 'split', 'Split train/test', { testFraction: 0.25, validationFraction: 0.2, seed: 7, stratify: true }, { data: ['words'] }),
		cell(
			'grid',
			'train-grid',
			'SGD grid (64 configurations)',
			{
				learningRates: ['0.001', '0.003', '0.01', '0.03', '0.1'],
				alphas: ['0.00001', '0.0001', '0.001', '0.01'],
				schedules: ['constant', 'invscaling', 'adaptive', 'optimal'],
				epochs: ['10'],
				seeds: ['1'],
				batchSize: 1,
				average: false,
				fitIntercept: true,
				device: 'auto'
			},
			{ data: ['split'] }
		),
		cell('best', 'select', 'Select best (highest validation accuracy)', { by: 'validation-accuracy' }, { models: ['grid'] }),
		cell('evaluate', 'evaluate', 'Evaluate on the test split', { split: 'test' }, { model: ['best'], data: ['split'] })
	]
};

/**
 * Text as practitioners bring it: scikit-learn's HashingVectorizer (2^18 buckets, counts
 * without alternate sign) with word pairs and TF-IDF fitted on the train split, so the words
 * stay sparse (CSR) from the vectorizer to the exported model.
 */
export const sentimentTfidfNotebook: Notebook = {
	format: NOTEBOOK_FORMAT,
	version: NOTEBOOK_VERSION,
	title: 'Sentiment at full vocabulary: 2^18 buckets, TF-IDF',
	description:
		'The reviews hashed as scikit-learn hashes them (262,144 buckets, words and word pairs), weighted by TF-IDF (sublinear tf) fitted on the train split only, then a grid of linear SVMs on the sparse rows; the best on validation is evaluated on the test split.',
	cells: [
		cell('reviews', 'dataset', 'Ingest reviews', { name: 'reviews', source: 'reviews' }),
		cell('split', 'split', 'Split train/validation/test', { testFraction: 0.25, validationFraction: 0.2, seed: 7, stratify: true }, { data: ['reviews'] }),
		cell(
			'words',
			'vectorize',
			'Hashed words and pairs, TF-IDF',
			{ column: 'review', buckets: 1 << 18, ngramMin: 1, ngramMax: 2, lowercase: true, alternateSign: false, binary: false, norm: 'l2', tfidf: true, smoothIdf: true, sublinearTf: true },
			{ data: ['split'] }
		),
		cell(
			'grid',
			'train-grid',
			'SGD grid on sparse rows (9 configurations)',
			{
				learningRates: ['0.1', '1'],
				alphas: ['0.00001', '0.0001', '0.001'],
				schedules: ['constant', 'optimal'],
				epochs: ['10'],
				seeds: ['1'],
				batchSize: 1,
				average: false,
				fitIntercept: true,
				device: 'auto'
			},
			{ data: ['words'] }
		),
		cell('best', 'select', 'Select best (highest validation accuracy)', { by: 'validation-accuracy' }, { models: ['grid'] }),
		cell('evaluate', 'evaluate', 'Evaluate on the test split', { split: 'test' }, { model: ['best'], data: ['words'] })
	]
};

/**
 * Health check-ups with gaps, as real tables have them: cells left empty or written NA, NaN or
 * null (pandas reads all four as missing). Embedded in the notebook, so it runs as it is.
 */
const CHECKUPS_CSV = `age,systolic,cholesterol,bmi,outcome
38,107,4.8,,healthy
72,141,5.0,24.6,at-risk
35,115,,22.5,healthy
64,120,,24.6,at-risk
36,118,4.2,20.3,healthy
39,141,NaN,28.1,at-risk
54,109,5.5,21.2,healthy
79,145,,30.9,at-risk
45,129,4.7,24.5,healthy
45,125,5.0,31.4,at-risk
36,NaN,5.4,20.8,healthy
69,132,NaN,NA,at-risk
39,116,5.1,23.7,healthy
73,142,5.2,31.2,at-risk
45,134,4.8,26.5,healthy
47,NaN,,29.5,at-risk
49,127,6.3,27.2,healthy
64,145,7.0,28.0,at-risk
57,122,,23.5,healthy
54,128,6.1,31.8,at-risk
39,115,,31.8,healthy
35,null,5.6,30.3,at-risk
40,112,6.9,21.6,healthy
61,128,,28.9,at-risk
58,,3.5,23.0,healthy
51,,7.1,34.0,at-risk
44,113,5.0,24.7,healthy
55,151,4.4,NaN,at-risk
35,118,4.6,27.5,healthy
69,142,6.3,27.5,at-risk
37,104,NA,23.8,healthy
66,148,6.8,30.8,at-risk
50,135,4.4,18.8,healthy
73,146,5.8,26.8,at-risk
42,110,5.9,24.9,healthy
62,134,5.7,28.2,at-risk
39,112,null,25.6,healthy
68,137,null,25.8,at-risk
64,120,4.2,21.3,healthy
62,109,5.0,35.1,at-risk
50,123,NA,24.7,healthy
65,123,5.8,34.5,at-risk
57,130,NA,24.1,healthy
42,140,NaN,25.6,at-risk
41,NA,5.4,26.3,healthy
57,111,4.0,29.2,at-risk
45,null,5.6,22.9,healthy
54,129,5.6,33.8,at-risk
52,,5.3,,healthy
71,134,NA,34.3,at-risk
43,130,5.6,28.3,healthy
70,134,5.6,32.4,at-risk
40,124,3.8,29.5,healthy
69,121,6.1,30.4,at-risk
50,124,6.4,27.9,healthy
65,137,6.4,NaN,at-risk
46,NaN,,22.9,healthy
60,NaN,6.4,29.8,at-risk
52,128,NaN,23.1,healthy
61,134,6.4,29.6,at-risk
51,132,6.4,27.6,healthy
47,128,5.8,NA,at-risk
47,127,4.3,NaN,healthy
42,120,7.3,27.1,at-risk
47,NA,NaN,21.3,healthy
67,153,NA,26.1,at-risk
28,null,5.2,24.0,healthy
57,null,5.1,32.3,at-risk
40,,4.7,,healthy
57,null,,27.7,at-risk
32,125,4.6,21.0,healthy
61,126,5.9,27.7,at-risk
44,null,4.8,27.7,healthy
50,140,5.6,25.8,at-risk
53,139,3.9,27.9,healthy
60,140,NA,30.7,at-risk
63,133,5.9,24.2,healthy
51,124,7.0,35.4,at-risk
27,115,6.4,27.3,healthy
43,143,NA,NA,at-risk
53,108,NaN,31.0,healthy
71,137,NA,26.0,at-risk
51,139,4.6,23.1,healthy
59,NA,5.3,29.1,at-risk
49,,,24.4,healthy
49,158,6.3,NA,at-risk
36,124,5.3,25.1,healthy
58,124,6.3,29.0,at-risk
36,137,5.1,NaN,healthy
61,126,5.7,NA,at-risk
42,124,5.1,23.8,healthy
55,128,6.3,null,at-risk
53,115,5.6,17.9,healthy
67,129,null,28.6,at-risk
50,109,3.1,21.7,healthy
62,140,5.9,34.1,at-risk
`;

/** Missing values end to end: read as missing, filled by an impute cell fitted on the train part, then scaled and trained. */
export const missingValuesNotebook: Notebook = {
	format: NOTEBOOK_FORMAT,
	version: NOTEBOOK_VERSION,
	title: 'Check-ups with missing values: impute, then train',
	description:
		'96 health check-ups where some blood pressure, cholesterol and BMI values were never recorded (empty, NA, NaN or null). The impute cell fills each gap with its column’s median over the train part only, as scikit-learn’s SimpleImputer; the model carries those fill values, so it scores new rows with gaps the same way.',
	cells: [
		cell('checkups', 'dataset', 'Check-ups (CSV with gaps)', { name: 'checkups', source: 'csv', labelColumn: 'outcome' }),
		cell('split', 'split', 'Split train/validation/test', { testFraction: 0.25, validationFraction: 0.2, seed: 4, stratify: true }, { data: ['checkups'] }),
		cell('impute', 'impute', 'Fill missing values (median of train)', { strategy: 'median', fillValue: 0, columns: [] }, { data: ['split'] }),
		cell('scale', 'scale', 'Standardise features', { columns: [] }, { data: ['impute'] }),
		cell('train', 'train', 'SGD (optimal, α=0.01)', { schedule: 'optimal', alpha: 0.01, epochs: 20, seed: 1 }, { data: ['scale'] }),
		cell('evaluate', 'evaluate', 'Evaluate on the test split', { split: 'test' }, { model: ['train'], data: ['scale'] })
	],
	data: [{ cell: CellId('checkups'), fileName: 'checkups.csv', bytes: new TextEncoder().encode(CHECKUPS_CSV).length, sha256: sha256Text(CHECKUPS_CSV), text: CHECKUPS_CSV }]
};

export interface ExampleNotebook {
	file: string;
	name: string;
	summary: string;
	notebook: Notebook;
}

export const exampleNotebooks: ExampleNotebook[] = [
	{
		file: 'sentiment.descent.json',
		name: 'Sentiment pipeline',
		summary: 'The reference pipeline: reviews → words → split → five SGD runs side by side → best → evaluate.',
		notebook: sentimentNotebook
	},
	{
		file: 'teaching-2d.descent.json',
		name: 'Gradient descent in 2-D',
		summary: 'A synthetic 2-D set and three learning rates, for teaching and for seeing SGD converge or not.',
		notebook: teachingNotebook
	},
	{
		file: 'sentiment-grid.descent.json',
		name: 'Sentiment grid on the GPU',
		summary: 'The reference pipeline with one grid cell: 64 SGD configurations trained at once with WebGPU (CPU where there is none) → best → evaluate.',
		notebook: sentimentGridNotebook
	},
	{
		file: 'sentiment-tfidf.descent.json',
		name: 'Sentiment at full vocabulary',
		summary: 'Words and word pairs hashed into 2^18 buckets as scikit-learn does, TF-IDF fitted on the train split, a grid of SVMs on the sparse rows → best → evaluate.',
		notebook: sentimentTfidfNotebook
	},
	{
		file: 'checkups-missing.descent.json',
		name: 'Missing values: impute',
		summary: 'A CSV with empty, NA, NaN and null cells → split → impute (median of the train part) → scale → SGD → evaluate; the model replays the fill values.',
		notebook: missingValuesNotebook
	},
	{
		file: 'drift-orders.descent.json',
		name: 'Drift: orders that changed',
		summary: 'Two stored versions of a shop\u2019s orders compared column by column with Evidently\u2019s tests: prices, channels and notes drifted, so the dataset did.',
		notebook: driftedNotebook
	},
	{
		file: 'drift-orders-stable.descent.json',
		name: 'Drift: orders that did not change',
		summary: 'The same comparison on orders drawn from the same distributions: no column drifts.',
		notebook: undriftedNotebook
	}
];
