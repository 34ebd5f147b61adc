/** Small fake cell kinds, executor and clock for the notebook and dag tests. */
import type { CellRegistry } from '../../../src/lib/cells/params';
import type { CellDefinition, CellSummary } from '../../../src/lib/cells/types';
import type { CellValue } from '../../../src/lib/cells/values';
import type {
	Clock,
	ExecutionHandle,
	ExecutionHooks,
	ExecutionRequest,
	Executor
} from '../../../src/lib/dag/run-types';
import { CellId, type Notebook, type NotebookCell } from '../../../src/lib/notebook/types';

const notRun = (): Promise<never> => Promise.reject(new Error('fake kinds run through the fake executor'));

function kind(definition: Omit<CellDefinition, 'run' | 'summarize' | 'description'>): CellDefinition {
	return { ...definition, description: definition.label, run: notRun, summarize: () => ({}) };
}

export const registry: CellRegistry = {
	source: kind({
		kind: 'source',
		label: 'Source',
		fields: [
			{ key: 'rows', label: 'Rows', type: 'integer', default: 10, min: 1 },
			{ key: 'name', label: 'Name', type: 'text', default: 'data' },
			{ key: 'note', label: 'Note', type: 'text', default: '', optional: true }
		],
		inputs: [],
		output: 'table'
	}),
	train: kind({
		kind: 'train',
		label: 'Train',
		fields: [
			{ key: 'eta0', label: 'Learning rate', type: 'number', default: 0.01, min: 0, exclusiveMin: true },
			{ key: 'alpha', label: 'Alpha', type: 'number', default: 0.0001, min: 0 },
			{
				key: 'schedule',
				label: 'Schedule',
				type: 'choice',
				default: 'constant',
				options: [
					{ value: 'constant', label: 'constant' },
					{ value: 'optimal', label: 'optimal' }
				]
			},
			{ key: 'average', label: 'Average', type: 'boolean', default: false },
			{ key: 'columns', label: 'Columns', type: 'text-list', default: ['x1', 'x2'] }
		],
		inputs: [{ name: 'data', label: 'Data', accepts: ['table'], multiple: false, partial: false, required: true }],
		output: 'model'
	}),
	select: kind({
		kind: 'select',
		label: 'Select best',
		fields: [],
		inputs: [{ name: 'models', label: 'Models', accepts: ['model'], multiple: true, partial: true, required: true }],
		output: 'model'
	}),
	evaluate: kind({
		kind: 'evaluate',
		label: 'Evaluate',
		fields: [],
		inputs: [
			{ name: 'model', label: 'Model', accepts: ['model'], multiple: false, partial: false, required: true },
			{ name: 'data', label: 'Data', accepts: ['table'], multiple: false, partial: false, required: false }
		],
		output: 'evaluation'
	})
};

export function cell(id: string, kindName: string, inputs: Record<string, string[]> = {}, params: Record<string, unknown> = {}): NotebookCell {
	return {
		id: CellId(id),
		kind: kindName,
		title: id.toUpperCase(),
		params,
		inputs: Object.fromEntries(Object.entries(inputs).map(([name, ids]) => [name, ids.map(CellId)])),
		retry: { count: 0, delayMs: 0 }
	};
}

export function notebook(...cells: NotebookCell[]): Notebook {
	return { format: 'descent-notebook', version: 1, title: 'Test', description: '', cells };
}

/** The select-best shape: source → three trainers → select → evaluate. */
export function selectBest(): Notebook {
	return notebook(
		cell('data', 'source'),
		cell('sgd-a', 'train', { data: ['data'] }, { eta0: 0.001 }),
		cell('sgd-b', 'train', { data: ['data'] }, { eta0: 0.01 }),
		cell('sgd-c', 'train', { data: ['data'] }, { eta0: 0.1 }),
		cell('best', 'select', { models: ['sgd-a', 'sgd-b', 'sgd-c'] }),
		cell('eval', 'evaluate', { model: ['best'] })
	);
}

/** A value standing in for a cell's output; tests only look at its origin. */
export function fakeValue(id: string): CellValue {
	return { kind: 'table', name: id } as unknown as CellValue;
}

export interface Call {
	request: ExecutionRequest;
	hooks: ExecutionHooks;
	resolve(value?: CellValue, summary?: CellSummary): void;
	reject(error: Error): void;
	cancelled: boolean;
}

/**
 * An executor whose results the test decides. With `auto`, every call succeeds (or fails, if
 * `failing` names the cell) on the next macrotask.
 */
export class FakeExecutor implements Executor {
	calls: Call[] = [];
	auto: boolean;
	failing = new Set<string>();

	constructor(options: { auto?: boolean } = {}) {
		this.auto = options.auto ?? false;
	}

	execute(request: ExecutionRequest, hooks: ExecutionHooks): ExecutionHandle {
		let resolve!: Call['resolve'];
		let reject!: Call['reject'];
		const result = new Promise<{ value: CellValue; summary: CellSummary }>((ok, fail) => {
			resolve = (value = fakeValue(request.cell.id), summary = { from: request.cell.id }) => ok({ value, summary });
			reject = fail;
		});
		const call: Call = { request, hooks, resolve, reject, cancelled: false };
		this.calls.push(call);
		if (this.auto) {
			setImmediate(() =>
				this.failing.has(request.cell.id) ? reject(new Error(`${request.cell.id} broke`)) : resolve()
			);
		}
		return {
			result,
			cancel: () => {
				call.cancelled = true;
				reject(new Error('cancelled'));
			}
		};
	}

	/** The latest call for a cell. */
	call(id: string): Call {
		const found = this.calls.filter((call) => call.request.cell.id === id).at(-1);
		if (!found) throw new Error(`no call for ${id}`);
		return found;
	}

	running(): string[] {
		return this.calls.filter((call) => !call.cancelled).map((call) => call.request.cell.id);
	}
}

/** Time that moves only when told to; sleep() moves it and returns at once. */
export class FakeClock implements Clock {
	time = 0;
	sleeps: number[] = [];
	now = (): number => this.time;
	sleep = async (ms: number): Promise<void> => {
		this.sleeps.push(ms);
		this.time += ms;
	};
	advance(ms: number): void {
		this.time += ms;
	}
}

/** Lets pending promise callbacks and immediates run. */
export function flush(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}
