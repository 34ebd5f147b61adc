/**
 * The valibot schemas of the model file (`model-json.ts` documents the format): the parts both
 * versions share, version 1 (`featureNames`, weights as JSON numbers) and version 2 (`features`,
 * weights in the compact forms of `weights-codec.ts`). The schemas check shapes and types; the
 * lengths that depend on each other (weights per feature, values per column) are checked after.
 */
import * as v from 'valibot';

export const MODEL_FORMAT = 'descent-model';
export const MODEL_VERSION = 2;
export const READABLE_VERSIONS = [1, 2] as const;

const special = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY } as const;

/** A number, or one of the strings JSON uses for NaN and the infinities. */
const anyNumber = v.union(
	[v.number(), v.pipe(v.picklist(['NaN', 'Infinity', '-Infinity']), v.transform((name) => special[name]))],
	'must be a number'
);
const finite = v.pipe(v.number('must be a number'), v.finite('must be a finite number'));
const count = v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0, 'must be at least 0'));
const name = v.string('must be a text');

const metricsSchema = v.strictObject(
	{
		accuracy: anyNumber,
		precision: anyNumber,
		recall: anyNumber,
		f1: anyNumber,
		confusion: v.array(v.array(count, 'must be a list of counts'), 'must be a list of rows'),
		classes: v.array(name, 'must be a list of class names'),
		count,
		positiveClass: v.optional(name)
	},
	'unknown key'
);

const standardizeSchema = v.strictObject(
	{
		type: v.literal('standardize'),
		columns: v.array(name),
		mean: v.array(finite),
		std: v.array(v.pipe(finite, v.check((value) => value > 0, 'must be above 0')))
	},
	'unknown key'
);

const hashVectorizeSchema = v.strictObject(
	{
		type: v.literal('hash-vectorize'),
		column: name,
		buckets: v.pipe(count, v.minValue(1, 'must be at least 1')),
		ngramMin: v.optional(v.pipe(count, v.minValue(1, 'must be at least 1'))),
		ngramMax: v.pipe(count, v.minValue(1, 'must be at least 1')),
		lowercase: v.boolean('must be true or false'),
		alternateSign: v.optional(v.boolean('must be true or false')),
		binary: v.optional(v.boolean('must be true or false')),
		norm: v.optional(v.picklist(['l1', 'l2', 'none'], 'must be l1, l2 or none')),
		tokenPattern: name,
		hash: v.literal('murmur3_32', "must be 'murmur3_32'"),
		seed: count,
		prefix: name
	},
	'unknown key'
);

const tfidfSchema = v.strictObject(
	{
		type: v.literal('tfidf'),
		column: name,
		width: v.pipe(count, v.minValue(1, 'must be at least 1')),
		smoothIdf: v.boolean('must be true or false'),
		sublinearTf: v.boolean('must be true or false'),
		norm: v.picklist(['l1', 'l2', 'none'], 'must be l1, l2 or none'),
		documents: count,
		buckets: v.array(count, 'must be a list of buckets'),
		df: v.array(count, 'must be a list of document counts')
	},
	'unknown key'
);

/** A sparse-scale step's divisors: JSON numbers above 0, base64 float32 text, or those not 1 as {indices, values}. */
function scaleSchema(input: unknown) {
	if (Array.isArray(input)) return v.array(v.pipe(finite, v.check((value) => value > 0, 'must be above 0')));
	if (typeof input === 'string') return v.string();
	return v.strictObject(
		{ indices: v.string('must be base64 text'), values: v.string('must be base64 text') },
		'must be a list of numbers, base64 text or {"indices", "values"}'
	);
}

const sparseScaleSchema = v.strictObject(
	{
		type: v.literal('sparse-scale'),
		column: name,
		method: v.picklist(['standard', 'max-abs'], 'must be standard or max-abs'),
		width: v.pipe(count, v.minValue(1, 'must be at least 1')),
		/** One divisor per feature, in a weight row's forms with 1 for the divisors not listed (weights-codec.ts): checked above 0 when decoded. */
		scale: v.lazy((input) => scaleSchema(input))
	},
	'unknown key'
);

/** Fill values are float32 numbers; older readers never see this step (files without gaps hold none). */
const imputeSchema = v.strictObject(
	{
		type: v.literal('impute'),
		strategy: v.picklist(['mean', 'median', 'most_frequent', 'constant'], 'must be mean, median, most_frequent or constant'),
		columns: v.array(name),
		fill: v.array(finite),
		fillValue: v.optional(finite)
	},
	'unknown key'
);

const hyperparametersSchema = v.strictObject(
	{
		alpha: finite,
		schedule: v.picklist(['constant', 'optimal', 'invscaling', 'adaptive'], 'must be constant, optimal, invscaling or adaptive'),
		eta0: finite,
		powerT: finite,
		epochs: count,
		seed: v.pipe(v.number(), v.integer('must be a whole number')),
		shuffle: v.boolean(),
		fitIntercept: v.boolean(),
		average: v.boolean(),
		classWeight: v.picklist(['none', 'balanced'], 'must be none or balanced'),
		tol: finite,
		nIterNoChange: count,
		batchSize: v.pipe(count, v.minValue(1, 'must be at least 1'))
	},
	'unknown key'
);

const rankingSchema = v.strictObject(
	{ cellId: name, cellTitle: name, score: anyNumber, finalObjective: anyNumber, validationAccuracy: v.nullable(anyNumber) },
	'unknown key'
);

/** Every key but the version, the features and the weights: the same in versions 1 and 2. */
const common = {
	format: v.literal(MODEL_FORMAT, `must be '${MODEL_FORMAT}'`),
	kind: v.literal('linear-svm', "must be 'linear-svm'"),
	classes: v.pipe(v.array(name, 'must be a list of class names'), v.minLength(2, 'must name at least 2 classes')),
	intercept: v.array(finite, 'must be a list of numbers'),
	preprocessing: v.array(v.variant('type', [standardizeSchema, hashVectorizeSchema, tfidfSchema, sparseScaleSchema, imputeSchema], "must be a 'standardize', 'hash-vectorize', 'tfidf', 'sparse-scale' or 'impute' step")),
	hyperparameters: hyperparametersSchema,
	metrics: v.strictObject({ train: metricsSchema, validation: v.nullable(metricsSchema) }, 'unknown key'),
	training: v.strictObject(
		{ objectiveCurves: v.array(v.array(anyNumber)), finalObjective: anyNumber, trainingMs: v.pipe(v.number(), v.minValue(0)) },
		'unknown key'
	),
	lineage: v.strictObject(
		{
			cell: v.strictObject({ id: name, title: name }, 'unknown key'),
			device: v.picklist(['cpu', 'gpu'], 'must be cpu or gpu'),
			selection: v.nullable(
				v.strictObject({ by: v.picklist(['objective', 'validation-accuracy', 'validation-f1']), ranking: v.array(rankingSchema) }, 'unknown key')
			),
			notebook: v.nullable(name),
			exportedAt: name
		},
		'unknown key'
	)
};

export const modelFileV1Schema = v.strictObject(
	{
		...common,
		version: v.literal(1),
		featureNames: v.pipe(v.array(name, 'must be a list of feature names'), v.minLength(1, 'must name at least 1 feature')),
		coef: v.array(v.array(finite, 'must be a list of weights'), 'must be a list of weight rows')
	},
	'unknown key'
);

const featureSchema = v.variant(
	'type',
	[
		v.strictObject({ name, type: v.literal('numeric') }, 'unknown key'),
		v.strictObject({ name, type: v.literal('sparse'), width: v.pipe(count, v.minValue(1, 'must be at least 1')) }, 'unknown key')
	],
	"must be a 'numeric' or 'sparse' feature column"
);

/** A weight row: JSON numbers, base64 float32 text, or the non-zeros as {indices, values}. */
const weightRowSchema = v.lazy((input) => {
	if (Array.isArray(input)) return v.array(finite);
	if (typeof input === 'string') return v.string();
	return v.strictObject(
		{ indices: v.string('must be base64 text'), values: v.string('must be base64 text') },
		'must be a list of weights, base64 text or {"indices", "values"}'
	);
});

export const modelFileV2Schema = v.strictObject(
	{
		...common,
		version: v.literal(2),
		features: v.pipe(v.array(featureSchema, 'must be a list of feature columns'), v.minLength(1, 'must list at least 1 feature column')),
		coef: v.array(weightRowSchema, 'must be a list of weight rows')
	},
	'unknown key'
);

export type ModelFileV1 = v.InferOutput<typeof modelFileV1Schema>;
export type ModelDocument = v.InferOutput<typeof modelFileV2Schema>;
