import { describe, expect, it } from 'vitest';
import { datasetNameFromFile } from '../../../src/lib/cells/dataset/file-name';

describe('datasetNameFromFile', () => {
	it.each([
		['reviews.csv', 'reviews'],
		['New Reviews (2).CSV', 'new-reviews-2'],
		['données_été.parquet', 'donnees_ete'],
		['points.arrow', 'points'],
		['  .csv', null],
		['日本.csv', null]
	])('%s → %s', (file, name) => {
		expect(datasetNameFromFile(file)).toBe(name);
	});
});
