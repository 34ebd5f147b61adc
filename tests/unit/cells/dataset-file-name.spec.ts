import { describe, expect, it } from 'vitest';
import { datasetNameFromFile, datasetNameOnAttach } from '../../../src/lib/cells/dataset/file-name';

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

describe('datasetNameOnAttach', () => {
	it('a name still the default, or unset, takes the file’s', () => {
		expect(datasetNameOnAttach('data', 'points.arrow', null)).toBe('points');
		expect(datasetNameOnAttach(undefined, 'points.arrow', null)).toBe('points');
	});

	it('a name the previous file gave follows the new file', () => {
		expect(datasetNameOnAttach('points', 'orders-2024.csv', 'points.arrow')).toBe('orders-2024');
		expect(datasetNameOnAttach('new-reviews-2', 'Orders 2024.CSV', 'New Reviews (2).csv')).toBe('orders-2024');
	});

	it('a name the user typed stays', () => {
		expect(datasetNameOnAttach('customers', 'orders-2024.csv', 'points.arrow')).toBeNull();
		expect(datasetNameOnAttach('points', 'orders-2024.csv', null)).toBeNull();
	});

	it('a new file name that gives no name leaves the name as it is', () => {
		expect(datasetNameOnAttach('points', '日本.csv', 'points.arrow')).toBeNull();
	});
});
