/**
 * A model card (Markdown) exported beside the model: what it is, where it came from, what data
 * it saw, how well it did, and what it is for — after "Model Cards for Model Reporting"
 * (Mitchell et al.), cut to what Descent knows. Every text from the user is escaped.
 */
import type { ClassificationMetrics, LinearModel } from '../ml/model';
import { shortestFloat32 } from '../data/expectations';
import { describeFeatures, featureCount, numericFeatureNames } from '../data/features';
import type { PreprocessingStep } from '../data/preprocessing';
import { positiveClassOf } from '../ml/metrics';
import { scoreRows } from '../ml/predict';
import { formatPercent } from '../data/format-percent';

export interface ModelCardContext {
	notebook?: { title: string; description: string } | null;
	/** Metrics on held-out data (an evaluate cell's), named by their split. */
	evaluation?: { split: string; metrics: ClassificationMetrics } | null;
	exportedAt?: string;
}

/**
 * Markdown-special characters and HTML, so a title cannot become a link or a tag. Parentheses
 * are left as they are ("Train (SGD)"): without an escaped `]` before them they make no link,
 * and CommonMark shows them plainly in a heading and in text.
 */
function escape(text: string): string {
	return text.replace(/[\\`*_{}[\]#+!|<>]/g, (character) => `\\${character}`).replace(/\s+/g, ' ');
}

/**
 * What the exports do to a numeric row before the weights, from the model's own steps in their
 * order: "fill their missing values with the train part's mean, then standardise them", or that
 * they take the numbers as they are when the model has no step for them.
 */
function numericPreparation(steps: readonly PreprocessingStep[]): string {
	const words = steps.flatMap((step) => {
		if (step.type === 'impute') return [`fill their missing values with the train part's ${step.strategy === 'constant' ? 'constant' : step.strategy.replace('_', ' ')}`];
		if (step.type === 'standardize') return ['standardise them ((x − mean) / std of the train part)'];
		return [];
	});
	return words.length > 0 ? `the ONNX and JSON exports ${words.join(', then ')}, as the training did` : 'the ONNX and JSON exports take the numbers as they are (the model has no preprocessing)';
}

const percent = (value: number): string => (Number.isFinite(value) ? formatPercent(value) : String(value));

function describeStep(step: PreprocessingStep): string {
	if (step.type === 'standardize') return `standardised ${step.columns.length} numeric column(s): (x − mean) / std, fitted on the train part`;
	if (step.type === 'tfidf') return `TF-IDF weighting of '${escape(step.column)}' fitted on ${step.documents} train rows (${step.smoothIdf ? 'smoothed idf' : 'idf'}${step.sublinearTf ? ', sublinear tf' : ''}, norm ${step.norm})`;
	if (step.type === 'impute') {
		const fills = step.columns.slice(0, 8).map((name, index) => `'${escape(name)}' ${shortestFloat32(step.fill[index]!)}`).join(', ');
		return `filled missing values of ${step.columns.length} numeric column(s) with the train part's ${step.strategy === 'constant' ? 'constant' : step.strategy.replace('_', ' ')} (${fills}${step.columns.length > 8 ? ', …' : ''})`;
	}
	if (step.type === 'sparse-scale') return `divided the ${step.width} hashed features of '${escape(step.column)}' by their ${step.method === 'max-abs' ? 'largest absolute value' : 'standard deviation (not centred)'}, fitted on the train part`;
	const grams = step.ngramMax > 1 ? `word 1- to ${step.ngramMax}-grams` : 'words';
	return `hashed ${grams} of '${escape(step.column)}' into ${step.buckets.toLocaleString('en-US')} buckets (murmur3_32, seed ${step.seed}${step.lowercase ? ', lower-cased' : ''})`;
}

function metricsTable(rows: { name: string; metrics: ClassificationMetrics }[]): string[] {
	return [
		'| data | rows | accuracy | precision | recall | F1 |',
		'| --- | ---: | ---: | ---: | ---: | ---: |',
		...rows.map(({ name, metrics }) => `| ${name} | ${metrics.count} | ${percent(metrics.accuracy)} | ${percent(metrics.precision)} | ${percent(metrics.recall)} | ${percent(metrics.f1)} |`)
	];
}

/** Rows of each actual class: the row sums of the train confusion matrix. */
function classCounts(metrics: ClassificationMetrics): string {
	return metrics.classes.map((name, k) => `${escape(name)} ${metrics.confusion[k]?.reduce((sum, value) => sum + value, 0) ?? 0}`).join(', ');
}

export function modelCard(model: LinearModel, context: ModelCardContext = {}): string {
	const hyper = model.hyperparameters;
	const binary = scoreRows(model) === 1;
	const text = model.preprocessing.find((step) => step.type === 'hash-vectorize');
	const numeric = numericFeatureNames(model.features);
	const metrics = [{ name: 'train', metrics: model.trainMetrics }];
	if (model.validationMetrics) metrics.push({ name: 'validation', metrics: model.validationMetrics });
	if (context.evaluation) metrics.push({ name: escape(context.evaluation.split), metrics: context.evaluation.metrics });
	const lines = [
		`# Model card: ${escape(model.origin.cellTitle)}`,
		'',
		context.notebook ? `From the Descent notebook **${escape(context.notebook.title)}**${context.notebook.description ? `: ${escape(context.notebook.description)}` : '.'}` : 'Trained in Descent.',
		'',
		'## Model',
		'',
		`- A linear support-vector machine (hinge loss, L2 penalty) trained by stochastic gradient descent, as scikit-learn's \`SGDClassifier(loss="hinge")\`.`,
		`- Classes: ${model.classes.map(escape).join(', ')}${binary ? ` (a score above 0 means '${escape(model.classes[1] ?? '')}')` : ' (one-vs-rest: the class with the highest score)'}.`,
		`- ${featureCount(model.features).toLocaleString('en-US')} input features (${escape(describeFeatures(model.features))}); ${model.coef.length.toLocaleString('en-US')} weights and ${model.intercept.length} intercept(s).`,
		`- Hyperparameters: alpha ${hyper.alpha}, schedule ${hyper.schedule}${hyper.schedule === 'optimal' ? '' : `, eta0 ${hyper.eta0}`}, ${hyper.epochs} epochs, batch size ${hyper.batchSize}, shuffle seed ${hyper.seed}, class weights ${hyper.classWeight}${hyper.average ? ', averaged' : ''}${hyper.fitIntercept ? '' : ', no intercept'}.`,
		'',
		'## Lineage',
		'',
		`- Trained by the cell '${escape(model.origin.cellTitle)}' (\`${escape(model.origin.cellId)}\`) on the ${model.origin.device.toUpperCase()} in ${model.trainingMs.toFixed(0)} ms; final objective ${model.finalObjective.toPrecision(6)}.`,
		...(model.selection
			? [`- Chosen by "select best" (${model.selection.by}) among ${model.selection.ranking.length} models: ${model.selection.ranking.map((entry) => escape(entry.cellTitle)).join(', ')}.`]
			: []),
		...(model.preprocessing.length > 0 ? [`- Preprocessing, replayed in this order on new data: ${model.preprocessing.map(describeStep).join('; then ')}.`] : ['- No preprocessing.']),
		...(context.exportedAt ? [`- Exported ${context.exportedAt}.`] : []),
		'',
		'## Data',
		'',
		`- Train part: ${model.trainMetrics.count} rows; per class: ${classCounts(model.trainMetrics)}.`,
		...(model.validationMetrics ? [`- Validation part: ${model.validationMetrics.count} rows.`] : []),
		...(context.evaluation ? [`- ${escape(context.evaluation.split.charAt(0).toUpperCase() + context.evaluation.split.slice(1))} part: ${context.evaluation.metrics.count} rows, never seen in training.`] : []),
		'',
		'## Metrics',
		'',
		...metricsTable(metrics),
		'',
		binary ? `Precision, recall and F1 are of the positive class '${escape(positiveClassOf(model.trainMetrics) ?? '')}'.` : 'Precision, recall and F1 are macro-averaged over the classes.',
		'',
		'## Intended use',
		'',
		text
			? `- Scoring new texts like those of '${escape(text.column)}' in the training data, hashed exactly as above (the JSON export and \`scoreText\` do this; the ONNX file takes the hashed row${numeric.length > 0 ? ' and the raw numbers' : ''}).`
			: `- Scoring new rows with the same ${numeric.length} numeric columns, measured as in the training data; ${numericPreparation(model.preprocessing)}.`,
		'- Out of scope: data unlike the training data (other languages, domains or units), and decisions about people without human review: a linear model on this data can be confidently wrong.',
		`- Check the metrics above on your own held-out data before relying on it.`,
		''
	];
	return lines.join('\n');
}
