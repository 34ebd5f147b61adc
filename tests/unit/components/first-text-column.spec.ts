import { describe, expect, it } from 'vitest';
import type { DatasetHeader } from '../../../src/lib/cells/dataset/header-types';
import { firstTextColumnBeforeRun } from '../../../src/lib/components/first-text-column';
import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type CellId, type Notebook, type NotebookCell } from '../../../src/lib/notebook/types';

const cell = (id: string, kind: string, params: Record<string, unknown> = {}, data?: string): NotebookCell => ({
	id: id as CellId,
	kind,
	title: id,
	params,
	inputs: data ? { data: [data as CellId] } : {},
	retry: { count: 0, delayMs: 0 }
});
const notebook = (...cells: NotebookCell[]): Notebook => ({ format: NOTEBOOK_FORMAT, version: NOTEBOOK_VERSION, title: 't', description: '', cells });
const header: DatasetHeader = { columns: ['x1', 'title', 'review', 'stars'], stringColumns: ['title', 'review'] };
const headers = (id: CellId) => (id === 'd' ? header : undefined);

describe("a vectorize cell's first text column, known before a run", () => {
	it('follows the data links up to the dataset cell and orders its text columns as the table will', () => {
		const dataset = cell('d', 'dataset', { source: 'csv', textColumns: ['review', 'title'] });
		const cells = notebook(dataset, cell('s', 'split', {}, 'd'), cell('i', 'impute', {}, 's'));
		expect(firstTextColumnBeforeRun(cells, 'i' as CellId, headers)).toBe('title');
		// Listed feature columns give the order.
		const listed = notebook(cell('d', 'dataset', { source: 'csv', featureColumns: ['review', 'title'], textColumns: ['title', 'review'] }), cell('s', 'split', {}, 'd'));
		expect(firstTextColumnBeforeRun(listed, 's' as CellId, headers)).toBe('review');
	});

	it('is unknown without a header, without text columns, from a built-in source or past another vectorize cell', () => {
		const texts = { source: 'csv', textColumns: ['review'] };
		expect(firstTextColumnBeforeRun(notebook(cell('d', 'dataset', texts)), 'd' as CellId, () => undefined)).toBeUndefined();
		expect(firstTextColumnBeforeRun(notebook(cell('d', 'dataset', { source: 'csv' })), 'd' as CellId, headers)).toBeUndefined();
		expect(firstTextColumnBeforeRun(notebook(cell('d', 'dataset', { ...texts, source: 'reviews' })), 'd' as CellId, headers)).toBeUndefined();
		expect(firstTextColumnBeforeRun(notebook(cell('d', 'dataset', texts), cell('v', 'vectorize', {}, 'd')), 'v' as CellId, headers)).toBeUndefined();
		// The label (named here) is never a feature.
		expect(firstTextColumnBeforeRun(notebook(cell('d', 'dataset', { source: 'csv', labelColumn: 'review', textColumns: ['review'] })), 'd' as CellId, headers)).toBeUndefined();
	});
});
