import { describe, expect, it } from 'vitest';
import { createInlineExecutor } from '../../../src/lib/cells/inline-executor';
import { cellRegistry } from '../../../src/lib/cells/registry';
import type { CellValue } from '../../../src/lib/cells/values';
import type { ExecutionRequest } from '../../../src/lib/dag/run-types';
import { CellId, type Notebook, type NotebookCell } from '../../../src/lib/notebook/types';
import { listDatasets, saveDatasetVersion } from '../../../src/lib/store/datasets';
import { listModels } from '../../../src/lib/store/models';
import { storingExecutor, type LinkContext } from '../../../src/lib/store/workbench-link';
import { freshStore, model, table } from './fixtures';

function cell(id: string, kind: string, params: Record<string, unknown>, inputs: Record<string, string[]> = {}): NotebookCell {
	return { id: CellId(id), kind, title: id, params, inputs: Object.fromEntries(Object.entries(inputs).map(([name, ids]) => [name, ids.map(CellId)])), retry: { count: 0, delayMs: 0 } };
}

async function setup() {
	const store = await freshStore();
	const data = table([1, 2, 3, 4], [0, 1, 0, 1]);
	const notebook: Notebook = {
		format: 'descent-notebook',
		version: 1,
		title: 'Linked',
		description: '',
		cells: [cell('data', 'dataset', { name: 'data', source: 'two-blobs', rows: 40 }), cell('register', 'register', {}, { model: ['data'] })]
	};
	const context: LinkContext = {
		store: async () => store,
		notebook: () => notebook,
		notebookId: () => 'nb-1',
		notebookHash: () => 'hash-1',
		outputOf: (id) => (id === 'data' ? data : undefined)
	};
	const executor = storingExecutor(createInlineExecutor(cellRegistry), context);
	const run = async (request: Omit<ExecutionRequest, 'attempt' | 'file'>) => {
		const lines: string[] = [];
		const result = await executor.execute({ ...request, file: null, attempt: 1 }, { log: (line) => lines.push(line), progress: () => {} }).result;
		return { result, lines };
	};
	return { store, notebook, run, data };
}

const registerParams = (alias: string, gate = false, threshold = 0) => ({ modelName: 'blobs', alias, gate, gateMetric: 'accuracy', threshold, notWorseThanCurrent: true });

describe('storingExecutor: where a run meets the store', () => {
	it('a dataset output is stored as a version, and the log says which', async () => {
		const { store, notebook, run } = await setup();
		const params = { name: 'data', source: 'two-blobs', rows: 40, noise: 0.1, seed: 0, labelColumn: '', featureColumns: [], textColumns: [], version: 'latest' };
		const { lines } = await run({ cell: notebook.cells[0]!, params, inputs: {} });
		expect(lines.at(-1)).toMatch(/^stored as version 1 of 'data' \([0-9a-f]{12}\)$/);
		const again = await run({ cell: notebook.cells[0]!, params, inputs: {} });
		expect(again.lines.at(-1)).toMatch(/^same content as version 1 of 'data'/);
		expect((await listDatasets(store)).names.get('data')).toHaveLength(1);
	});

	it('a dataset cell pinned to a version gets the stored table without reading its source', async () => {
		const { store, notebook, run, data } = await setup();
		const { record } = await saveDatasetVersion(store, 'data', data, { description: 'earlier upload' });
		const { result, lines } = await run({ cell: notebook.cells[0]!, params: { name: 'data', source: 'csv', version: record.hash.slice(0, 12) }, inputs: {} });
		expect((result.value as CellValue & { kind: 'table' }).rowCount).toBe(4);
		expect(lines[0]).toMatch(/^pinned: version 1 of 'data'/);
	});

	it('a register cell stores the model with its lineage and logs the gate decision', async () => {
		const { store, notebook, run } = await setup();
		const registerCell = notebook.cells[1]!;
		const first = await run({ cell: registerCell, params: registerParams('production'), inputs: { model: [model(1, 0.9)], evaluation: [] } });
		expect(first.lines.slice(-2)).toEqual(["registered 'blobs' version 1", 'moved production to version 1']);
		// Refused at the registry (worse than production): the cell fails with the reason, it does not succeed.
		await expect(run({ cell: registerCell, params: registerParams('production', true, 0.5), inputs: { model: [model(2, 0.7)], evaluation: [] } })).rejects.toThrow(
			/^refused by the quality gate: worse than production \(v1\) \(0\.7000 < 0\.9000; compared: accuracy of production \(v1\) as stored at its registration \(its own train split, not these rows\)\); nothing registered, production not moved$/
		);
		// Refused in the cell (below the threshold): the same visible outcome.
		await expect(run({ cell: registerCell, params: registerParams('production', true, 0.95), inputs: { model: [model(3, 0.92)], evaluation: [] } })).rejects.toThrow(
			'refused by the quality gate: accuracy 0.9200 (train) is below the threshold 0.9500; nothing registered, production not moved'
		);
		const [entry] = (await listModels(store)).models;
		expect(entry?.versions).toHaveLength(1);
		expect(entry?.versions[0]?.lineage).toMatchObject({ notebookId: 'nb-1', notebookHash: 'hash-1', cellId: 'register', seed: 7, appVersion: '0.1.0' });
		expect(entry?.versions[0]?.lineage.datasetHashes[0]).toMatch(/^[0-9a-f]{64}$/);
	});
});
