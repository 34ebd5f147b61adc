/** Every hashed row equals scikit-learn's HashingVectorizer (tests/fixtures/hashing.json, made by scripts/fixtures/hashing.py). */
import { describe, expect, it } from 'vitest';
import { hashText, hashVectorize } from '../../../src/lib/ml/vectorize';
import { expectRow, fixture, stepOf } from './hashing-fixture';

describe('hashing parity with scikit-learn HashingVectorizer', () => {
	it('the fixture covers stored zeros, several sizes and every option', () => {
		expect(fixture.hashing.some((c) => c.explicitZeros > 0)).toBe(true);
		expect(new Set(fixture.hashing.map((c) => c.settings.nFeatures))).toEqual(new Set([2, 8, 16, 1024, 2 ** 18, 2 ** 20, 2 ** 24]));
		expect(fixture.texts.length).toBeGreaterThanOrEqual(30);
	});

	for (const { settings, rows } of fixture.hashing) {
		it(`hashText and hashVectorize equal HashingVectorizer(${JSON.stringify(settings)}) row by row`, () => {
			const step = stepOf(settings);
			const column = hashVectorize(fixture.texts, step);
			fixture.texts.forEach((text, row) => {
				const where = `row ${row} ${JSON.stringify(text.slice(0, 40))}`;
				expectRow(hashText(text, step), rows[row]!, where);
				const start = column.indptr[row]!;
				const end = column.indptr[row + 1]!;
				expectRow({ indices: column.indices.subarray(start, end), values: column.values.subarray(start, end) }, rows[row]!, `${where} (column)`);
			});
		});
	}
});
