/** The built-in example notebooks, as data. static/examples/ holds them as files. */
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
