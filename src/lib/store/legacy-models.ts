/**
 * Models as Descent kept them before features were named by column (database version 3 and
 * earlier, backup version 1): `featureNames`, one name per weight, with a hashed text column
 * spelled out as `${prefix}0 … ${prefix}${buckets − 1}`. These functions turn such records into
 * today's shape (`features`, one entry per column) with the weights untouched, so nothing a user
 * registered is lost. They take and return unknown records: what they cannot recognise is left
 * as it is, for the record schemas to refuse with their message.
 */
import type { PreprocessingStep } from '../data/preprocessing';
import { featuresFromNames } from '../export/model-json';
import type { LinearModel } from '../ml/model';
import { modelContentHash } from './model-hash';
import { modelSchema } from './records';
import * as v from 'valibot';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A model with `featureNames` → the same model with `features`; anything else unchanged (the same object). */
export function upgradeLegacyModel(value: unknown): unknown {
	if (!isObject(value) || value.kind !== 'model' || 'features' in value) return value;
	const { featureNames, ...rest } = value;
	if (!Array.isArray(featureNames) || !featureNames.every((name) => typeof name === 'string')) return value;
	const preprocessing = (Array.isArray(value.preprocessing) ? value.preprocessing : []) as PreprocessingStep[];
	return { ...rest, features: featuresFromNames(featureNames as string[], preprocessing) };
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
