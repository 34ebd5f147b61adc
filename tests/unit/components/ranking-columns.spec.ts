import { describe, expect, it } from 'vitest';
import { rankingColumns } from '../../../src/lib/components/ranking-columns';
import type { ModelRanking } from '../../../src/lib/ml/model';

const entry: ModelRanking = { cellId: 'a', cellTitle: 'A', score: 0.9, finalObjective: 0.31234, validationAccuracy: 0.9 };

describe('rankingColumns', () => {
	for (const by of ['objective', 'validation-accuracy', 'validation-f1'] as const) {
		it(`shows each metric once when ranked by ${by}`, () => {
			const labels = rankingColumns(by).map((column) => column.label);
			expect(new Set(labels).size).toBe(labels.length);
			expect(labels).toContain('final objective');
			expect(labels).toContain('validation accuracy');
		});
	}

	it('ranked by validation accuracy, shows it first and once, as a percent', () => {
		const columns = rankingColumns('validation-accuracy');
		expect(columns.map((column) => column.label)).toEqual(['validation accuracy', 'final objective']);
		expect(columns.map((column) => column.cell(entry))).toEqual(['90.0%', '0.3123']);
	});

	it('ranked by F1, shows the F1 score first as a percent', () => {
		const columns = rankingColumns('validation-f1');
		expect(columns.map((column) => column.label)).toEqual(['validation F1', 'final objective', 'validation accuracy']);
		expect(columns[0]!.cell({ ...entry, score: 0.8125 })).toBe('81.3%');
	});

	it('shows a dash for a model without validation accuracy', () => {
		expect(rankingColumns('objective')[1]!.cell({ ...entry, validationAccuracy: null })).toBe('—');
	});
});
