/**
 * Which features a model reads, in the order of its weights, compactly: one entry per source
 * column. A numeric column is one feature; a sparse column (hashed words) is `width` features
 * named `${name}#${j}`, so 2^20 buckets cost one entry, not a million names.
 */
import { sparseFeatureName, type Column } from './table';

export type FeatureColumn = { name: string; type: 'numeric' } | { name: string; type: 'sparse'; width: number };

/** The number of features (weights per row of coef). */
export function featureCount(features: readonly FeatureColumn[]): number {
	let count = 0;
	for (const feature of features) count += feature.type === 'numeric' ? 1 : feature.width;
	return count;
}

/** The feature columns of a table's columns (text columns are not features). */
export function featureColumnsOf(columns: readonly Column[]): FeatureColumn[] {
	const out: FeatureColumn[] = [];
	for (const column of columns) {
		if (column.type === 'numeric') out.push({ name: column.name, type: 'numeric' });
		else if (column.type === 'sparse') out.push({ name: column.name, type: 'sparse', width: column.width });
	}
	return out;
}

/** The name of feature `index` (0-based, in weight order). */
export function featureName(features: readonly FeatureColumn[], index: number): string {
	let offset = 0;
	for (const feature of features) {
		const width = feature.type === 'numeric' ? 1 : feature.width;
		if (index < offset + width) return feature.type === 'numeric' ? feature.name : sparseFeatureName(feature, index - offset);
		offset += width;
	}
	throw new Error(`feature ${index} is beyond the ${offset} features`);
}

/** Every feature's name, for small models (exports' metadata, tables on screen); throws past `limit`. */
export function featureNames(features: readonly FeatureColumn[], limit = 1 << 16): string[] {
	const count = featureCount(features);
	if (count > limit) throw new Error(`${count} features are too many to name one by one (limit ${limit})`);
	return Array.from({ length: count }, (_, index) => featureName(features, index));
}

/** The names of the numeric feature columns (the ones a user types numbers for). */
export function numericFeatureNames(features: readonly FeatureColumn[]): string[] {
	return features.filter((feature) => feature.type === 'numeric').map((feature) => feature.name);
}

/** "3 numeric columns and 262,144 hashed features of 'text'" — for logs and model cards. */
export function describeFeatures(features: readonly FeatureColumn[]): string {
	const numeric = features.filter((feature) => feature.type === 'numeric').length;
	const parts: string[] = [];
	if (numeric > 0) parts.push(`${numeric} numeric column${numeric === 1 ? '' : 's'}`);
	for (const feature of features) {
		if (feature.type === 'sparse') parts.push(`${feature.width.toLocaleString('en-US')} hashed features of '${feature.name}'`);
	}
	return parts.join(' and ') || 'no features';
}
