/**
 * Which two stored dataset versions the drift page compares when it opens without a choice in its
 * URL: versions that are worth comparing, not merely the first two names in the store.
 */
import type { DatasetVersionRecord } from './records';

export interface DriftChoice {
	name: string;
	version: number;
}

/** The columns (name and kind) and the label: two versions with the same shape can be compared. */
const shape = (record: DatasetVersionRecord): string =>
	JSON.stringify([record.schema.labelName, record.schema.columns.map((column) => [column.name, column.type]).sort()]);

/**
 * The reference and current versions to show first, from `names` (name → versions, newest first,
 * as listDatasets gives them):
 *   1. the newest two versions of the dataset stored most recently among those with two or more;
 *   2. else the newest versions of two datasets with the same columns and label (e.g. orders-v1
 *      and orders-v2), the pair whose later one was stored last, the older as the reference;
 *   3. else the most recently stored dataset's newest version against itself (the page then
 *      shows no drift until the user picks another).
 * Null when nothing is stored.
 */
export function initialDriftPair(names: ReadonlyMap<string, readonly DatasetVersionRecord[]>): { reference: DriftChoice; current: DriftChoice } | null {
	const newest = [...names.values()].filter((versions) => versions.length > 0).sort((a, b) => b[0]!.createdAt - a[0]!.createdAt);
	if (newest.length === 0) return null;
	const choice = (record: DatasetVersionRecord): DriftChoice => ({ name: record.name, version: record.version });
	const versioned = newest.find((versions) => versions.length >= 2);
	if (versioned) return { reference: choice(versioned[1]!), current: choice(versioned[0]!) };
	for (const [index, later] of newest.entries()) {
		const earlier = newest.slice(index + 1).find((versions) => shape(versions[0]!) === shape(later[0]!));
		if (earlier) return { reference: choice(earlier[0]!), current: choice(later[0]!) };
	}
	return { reference: choice(newest[0]![0]!), current: choice(newest[0]![0]!) };
}
