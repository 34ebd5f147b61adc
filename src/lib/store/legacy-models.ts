/**
 * Models as Descent kept them before features were named by column (database version 3 and
 * earlier, backup version 1): `featureNames`, one name per weight, with a hashed text column
 * spelled out as `${prefix}0 … ${prefix}${buckets − 1}`. These functions turn such records into
 * today's shape (`features`, one entry per column) with the weights untouched, so nothing a user
 * registered is lost. They take and return unknown records: what they cannot recognise is left
 * as it is, for the record schemas to refuse with their message.
 */
import type { FeatureColumn } from '../data/features';
import type { PreprocessingStep } from '../data/preprocessing';
import { featuresFromNames } from '../export/model-json';
import type { LinearModel } from '../ml/model';
import { modelContentHash } from './model-hash';
import { modelSchema } from './records';
import * as v from 'valibot';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * A model with `featureNames` → the same model with `features`; anything else unchanged (the
 * same object). A standardisation of hashed buckets (the old scale cell centred them too) cannot
 * be replayed on sparse columns, so it is folded into the weights: w·((x − m)/s) + b is
 * (w/s)·x + (b − Σ w·m/s), the same scores up to float32 rounding.
 */
export function upgradeLegacyModel(value: unknown): unknown {
	if (!isObject(value) || value.kind !== 'model' || 'features' in value) return value;
	const { featureNames, ...rest } = value;
	if (!Array.isArray(featureNames) || !featureNames.every((name) => typeof name === 'string')) return value;
	if (!(value.coef instanceof Float32Array) || !(value.intercept instanceof Float32Array)) return value;
	const preprocessing = (Array.isArray(value.preprocessing) ? value.preprocessing : []) as PreprocessingStep[];
	const features = featuresFromNames(featureNames as string[], preprocessing);
	const folded = foldBucketScaling(featureNames as string[], features, preprocessing, value.coef, value.intercept);
	return { ...rest, features, ...folded };
}

/** The weights with every standardisation of hashed buckets folded in, last step first, and the steps without those columns. */
function foldBucketScaling(
	names: readonly string[],
	features: readonly FeatureColumn[],
	steps: readonly PreprocessingStep[],
	coef: Float32Array,
	intercept: Float32Array
): { coef: Float32Array; intercept: Float32Array; preprocessing: PreprocessingStep[] } {
	const hashed = new Set(features.filter((feature) => feature.type === 'sparse').map((feature) => feature.name));
	const position = new Map(names.map((name, index) => [name, index]));
	const isBucket = (name: string) => name.includes('#') && hashed.has(name.slice(0, name.lastIndexOf('#')));
	if (!steps.some((step) => step.type === 'standardize' && step.columns.some(isBucket))) return { coef, intercept, preprocessing: [...steps] };
	const d = names.length;
	const weights = Float64Array.from(coef);
	const bias = Float64Array.from(intercept);
	const kept: (PreprocessingStep | null)[] = [...steps];
	for (let at = steps.length - 1; at >= 0; at--) {
		const step = steps[at]!;
		if (step.type !== 'standardize') continue;
		const stay = { columns: [] as string[], mean: [] as number[], std: [] as number[] };
		step.columns.forEach((name, index) => {
			const j = position.get(name);
			const mean = step.mean[index]!;
			const std = step.std[index]!;
			if (!isBucket(name) || j === undefined) {
				stay.columns.push(name);
				stay.mean.push(mean);
				stay.std.push(std);
				return;
			}
			for (let k = 0; k < bias.length; k++) {
				bias[k] = bias[k]! - (weights[k * d + j]! * mean) / std;
				weights[k * d + j] = weights[k * d + j]! / std;
			}
		});
		kept[at] = stay.columns.length > 0 ? { type: 'standardize', ...stay } : null;
	}
	return { coef: Float32Array.from(weights), intercept: Float32Array.from(bias), preprocessing: kept.filter((step): step is PreprocessingStep => step !== null) };
}

/**
 * A registry record (modelVersions) with a legacy model → today's shape, its content hash
 * recomputed over `features` so registering the same weights again finds this version.
 */
export function upgradeModelVersion(record: unknown): unknown {
	if (!isObject(record)) return record;
	const model = upgradeLegacyModel(record.model);
	if (model === record.model) return record;
	const parsed = v.safeParse(modelSchema, model);
	if (!parsed.success) return record;
	return { ...record, model: parsed.output, contentHash: modelContentHash(parsed.output as LinearModel) };
}

/**
 * A cached cell output's value in today's shape: models (alone, in a grid, in a registration)
 * upgraded; null for a table or splits holding hashed words as one numeric column per bucket
 * (the shape before sparse columns), which is dropped from the cache and recomputed on demand.
 */
export function upgradeCachedValue(value: unknown): unknown {
	if (!isObject(value)) return value;
	switch (value.kind) {
		case 'model':
			return upgradeLegacyModel(value);
		case 'model-grid': {
			if (!Array.isArray(value.models)) return value;
			const models = value.models.map(upgradeLegacyModel);
			return models.every((model, index) => model === (value.models as unknown[])[index]) ? value : { ...value, models };
		}
		case 'registration': {
			const model = upgradeLegacyModel(value.model);
			return model === value.model ? value : { ...value, model };
		}
		case 'table':
			return hasBucketColumns(value, value.preprocessing) ? null : value;
		case 'splits':
			// The parts of a split carry no steps of their own: the split's steps name the prefix.
			return hasBucketColumns(value.train, value.preprocessing) ? null : value;
		default:
			return value;
	}
}

/** A table whose hashed words are numeric columns `${prefix}0, ${prefix}1, …` (before sparse columns). */
function hasBucketColumns(table: unknown, steps: unknown): boolean {
	if (!isObject(table) || !Array.isArray(table.columns) || !Array.isArray(steps)) return false;
	const names = new Set(table.columns.map((column: unknown) => (isObject(column) ? column.name : undefined)));
	return steps.some((step: unknown) => isObject(step) && step.type === 'hash-vectorize' && names.has(`${String(step.prefix)}0`));
}
