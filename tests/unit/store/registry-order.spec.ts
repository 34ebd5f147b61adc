import { describe, expect, it } from 'vitest';
import { registryPhases, registryReaders } from '../../../src/lib/store/registry-order';
import { CellId, type Notebook } from '../../../src/lib/notebook/types';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { cellRegistry } from '../../../src/lib/cells/registry';

const ids = (...names: string[]) => names.map(CellId);

function notebook(predict: Record<string, unknown>, register: Record<string, unknown> = { modelName: 'sensors', alias: 'production' }): Notebook {
	const parsed = parseNotebook(JSON.stringify({
		format: 'descent-notebook',
		version: 1,
		title: 'register then score',
		cells: [
			{ id: 'data', kind: 'dataset', title: 'Readings', params: { source: 'two-blobs' }, inputs: {} },
			{ id: 'split', kind: 'split', title: 'Split', params: {}, inputs: { data: ['data'] } },
			{ id: 'sgd', kind: 'train', title: 'SGD', params: {}, inputs: { data: ['split'] } },
			{ id: 'register', kind: 'register', title: 'Register', params: register, inputs: { model: ['sgd'] } },
			{ id: 'new', kind: 'dataset', title: 'New readings', params: { source: 'two-blobs' }, inputs: {} },
			{ id: 'score', kind: 'predict', title: 'Score', params: { modelName: 'sensors', model: 'production', ...predict }, inputs: { data: ['new'] } },
			{ id: 'check', kind: 'drift', title: 'Drift', params: {}, inputs: { reference: ['data'], current: ['score'] } }
		]
	}), cellRegistry);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	return parsed.notebook;
}

describe('registryReaders', () => {
	it('a predict cell reads a register cell of its model through the alias it moves, or latest', () => {
		expect(registryReaders(notebook({}))).toEqual(new Map([['score', ['register']]]));
		expect(registryReaders(notebook({ model: 'latest' }))).toEqual(new Map([['score', ['register']]]));
		expect(registryReaders(notebook({ model: 'v1', compareWith: 'production' }))).toEqual(new Map([['score', ['register']]]));
	});

	it('another model, another alias, a version number or a register cell moving no alias are not read', () => {
		expect(registryReaders(notebook({ modelName: 'other' })).size).toBe(0);
		expect(registryReaders(notebook({ model: 'staging' })).size).toBe(0);
		expect(registryReaders(notebook({ model: '3' })).size).toBe(0);
		expect(registryReaders(notebook({}, { modelName: 'sensors', alias: '' })).size).toBe(0);
		expect(registryReaders(notebook({ model: 'latest' }, { modelName: 'sensors', alias: '' }))).toEqual(new Map([['score', ['register']]]));
	});
});

describe('registryPhases', () => {
	it('Run all: everything but the predict cell and what is below it first, then the whole run', () => {
		expect(registryPhases(notebook({}), { targets: 'all' })).toEqual([{ targets: ids('data', 'split', 'sgd', 'register', 'new') }, { targets: 'all', settled: ids('data', 'split', 'sgd', 'register', 'new') }]);
	});

	it('one phase when the run holds no register cell the predict cell reads, or is forced', () => {
		const reading = notebook({});
		expect(registryPhases(reading, { targets: ids('score') })).toEqual([{ targets: ids('score') }]);
		expect(registryPhases(reading, { targets: ids('register') })).toEqual([{ targets: ids('register') }]);
		expect(registryPhases(reading, { targets: ids('score'), force: true })).toEqual([{ targets: ids('score'), force: true }]);
		expect(registryPhases(notebook({ model: 'staging' }), { targets: 'all' })).toEqual([{ targets: 'all' }]);
	});

	it('a run of some cells splits only when it holds the register cell and the predict cell, asked for or above a cell asked for', () => {
		const reading = notebook({});
		// Run sgd with what is below it: register is below it, the predict cell is not.
		expect(registryPhases(reading, { targets: ids('sgd'), withDownstream: true })).toEqual([{ targets: ids('sgd'), withDownstream: true }]);
		// Nor is the register cell in a run of the trainer and the predict cell alone.
		expect(registryPhases(reading, { targets: ids('sgd', 'score') })).toEqual([{ targets: ids('sgd', 'score') }]);
		// The predict cell is above the drift cell asked for: it waits for the register cell.
		expect(registryPhases(reading, { targets: ids('register', 'check') })).toEqual([{ targets: ids('data', 'split', 'sgd', 'register', 'new') }, { targets: ids('register', 'check'), settled: ids('data', 'split', 'sgd', 'register', 'new') }]);
	});
});
