/** The scikit-learn reference rows of tests/fixtures/hashing.json (made by scripts/fixtures/hashing.py) and how to compare with them. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { RowNorm } from '../../../src/lib/data/preprocessing';
import { hashVectorizeStep } from '../../../src/lib/ml/vectorize';

export interface FixtureRow {
	indices: number[];
	values: number[];
}
export interface HashingSettings {
	nFeatures: number;
	ngramMin: number;
	ngramMax: number;
	lowercase: boolean;
	alternateSign: boolean;
	norm: RowNorm;
	binary: boolean;
}
export interface HashingFixture {
	texts: string[];
	train: number[];
	hashing: { settings: HashingSettings; rows: FixtureRow[]; explicitZeros: number }[];
	tfidf: { hashing: HashingSettings; tfidf: { smoothIdf: boolean; sublinearTf: boolean; norm: RowNorm }; idf: { buckets: number[]; values: number[]; documents: number }; rows: FixtureRow[] }[];
}

export const fixture = JSON.parse(readFileSync(new URL('../../fixtures/hashing.json', import.meta.url), 'utf8')) as HashingFixture;

export const stepOf = (settings: HashingSettings) => hashVectorizeStep('text', { buckets: settings.nFeatures, ...settings });

/** Indices equal; values within 1e-6 relative (float32 against scikit-learn's float64). */
export function expectRow(actual: { indices: ArrayLike<number>; values: ArrayLike<number> }, expected: FixtureRow, where: string): void {
	expect(Array.from(actual.indices), where).toEqual(expected.indices);
	expected.values.forEach((value, k) => {
		const got = actual.values[k]!;
		expect(Math.abs(got - value) <= 1e-6 * Math.abs(value), `${where}, bucket ${expected.indices[k]}: ${got} vs scikit-learn ${value}`).toBe(true);
	});
}
