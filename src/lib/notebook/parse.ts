/**
 * Reading a notebook: text → JSON → structure (schema.ts) → meaning (kinds, params, links,
 * cycles). Every problem names its JSON path (`$.cells[2].params.eta0`) and, where it is
 * about cells, their ids. Errors refuse the file; warnings (a required input not linked yet)
 * are for the UI to show, and the cell fails with the same message if it is run.
 */
import { linkRefusal } from './link-fit';
import { outputKinds } from './output-kinds';
import * as v from 'valibot';
import { resolveParams, type CellRegistry } from '../cells/params';
import { findCycle, formatCycle } from '../dag/cycles';
import { topology } from '../dag/topology';
import { dataProblems } from './data';
import { notebookSchema, SUPPORTED_VERSIONS } from './schema';
import { NOTEBOOK_FORMAT, type Notebook } from './types';

export interface NotebookError {
	/** JSON path of the problem, e.g. `$.cells[2].params.eta0`. */
	path: string;
	message: string;
	/** Ids of the cells the problem is about. */
	cells?: string[];
	/** 'warning': shown, but the notebook still opens. */
	severity: 'error' | 'warning';
}

export type ParseResult =
	| { ok: true; notebook: Notebook; warnings: NotebookError[] }
	| { ok: false; errors: NotebookError[] };

/** `$.cells[2].params["learning rate"]` from path keys. */
export function jsonPath(keys: readonly (string | number)[]): string {
	return keys.reduce<string>((path, key) => {
		if (typeof key === 'number') return `${path}[${key}]`;
		return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
	}, '$');
}

function error(keys: readonly (string | number)[], message: string, cells?: string[]): NotebookError {
	return cells ? { path: jsonPath(keys), message, cells, severity: 'error' } : { path: jsonPath(keys), message, severity: 'error' };
}

export interface ParseOptions {
	/**
	 * Open a notebook whose params or links are wrong as edits can leave them (a field holding
	 * "abc", a link an upstream edit made unfit), those problems turned into warnings the cells
	 * show, instead of refusing it: for the workbench's own autosaves, which must always open
	 * again so the user can fix them. Files and links are parsed strictly.
	 */
	asEdited?: boolean;
}

export function parseNotebook(text: string, registry: CellRegistry, options: ParseOptions = {}): ParseResult {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (cause) {
		return { ok: false, errors: [error([], notJsonMessage(text, cause))] };
	}
	return parseNotebookValue(value, registry, options);
}

function notJsonMessage(text: string, cause: unknown): string {
	const detail = cause instanceof Error ? cause.message : String(cause);
	const position = /position (\d+)/.exec(detail)?.[1];
	if (position === undefined || /line \d+/.test(detail)) return `not JSON: ${detail}`;
	const before = text.slice(0, Number(position)).split('\n');
	return `not JSON: ${detail} (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}

export function parseNotebookValue(value: unknown, registry: CellRegistry, options: ParseOptions = {}): ParseResult {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return { ok: false, errors: [error([], 'not a Descent notebook: expected a JSON object')] };
	}
	const record = value as Record<string, unknown>;
	if (record.format !== NOTEBOOK_FORMAT) {
		const found = record.format === undefined ? 'missing' : JSON.stringify(record.format);
		return {
			ok: false,
			errors: [error(['format'], `not a Descent notebook: format is ${found}, expected '${NOTEBOOK_FORMAT}'`)]
		};
	}
	if (!SUPPORTED_VERSIONS.includes(record.version as number)) {
		const message = `unsupported version ${JSON.stringify(record.version ?? null)}; supported versions: ${SUPPORTED_VERSIONS.join(', ')}`;
		return { ok: false, errors: [error(['version'], message)] };
	}
	const parsed = v.safeParse(notebookSchema, value, { abortEarly: false });
	if (!parsed.success) {
		return {
			ok: false,
			errors: parsed.issues.map((issue) => {
				const keys = (issue.path ?? []).map((item) => item.key as string | number);
				return error(keys, issueMessage(issue, keys));
			})
		};
	}
	const graphProblems = validateNotebook(parsed.output as Notebook, registry);
	const problems = [
		...(options.asEdited ? graphProblems.map((problem) => ({ ...problem, severity: 'warning' as const })) : graphProblems),
		...dataProblems(parsed.output as Notebook).map((problem) => error(problem.keys, problem.message, problem.cells))
	];
	const errors = problems.filter((problem) => problem.severity === 'error');
	if (errors.length > 0) return { ok: false, errors };
	// Params as the executor sees them: defaults written out, "NaN" read as the number.
	const notebook = withResolvedParams(parsed.output as Notebook, registry);
	return { ok: true, notebook, warnings: problems.filter((problem) => problem.severity === 'warning') };
}

/**
 * The message of one schema issue. The schema's strict objects carry one message, 'unknown key',
 * but valibot raises a `strict_object` issue for three different things, told apart by what it
 * expected: an extra key (expected `never`), a required key that is absent (expected the key's
 * name, received `undefined`), and a value that is not an object at all (expected `Object`).
 * Every other issue carries the message its schema gave ('must be a text', 'at most 10', ...).
 */
function issueMessage(issue: v.BaseIssue<unknown>, keys: readonly (string | number)[]): string {
	if (issue.type !== 'strict_object') return issue.message;
	const key = String(keys.at(-1));
	if (issue.expected === 'never') return `unknown key '${key}'`;
	if (issue.received === 'undefined') return `missing key '${key}'`;
	return `must be an object, got ${issue.received}`;
}

function withResolvedParams(notebook: Notebook, registry: CellRegistry): Notebook {
	const cells = notebook.cells.map((cell) => {
		const definition = registry[cell.kind];
		const resolved = definition ? resolveParams(definition, cell.params) : null;
		return resolved?.ok ? { ...cell, params: resolved.params } : cell;
	});
	return { ...notebook, cells };
}

/** The problems of an in-memory notebook (after edits): the same errors parse refuses, and warnings. */
export function validateNotebook(notebook: Notebook, registry: CellRegistry): NotebookError[] {
	const problems: NotebookError[] = [];
	// Ids: unique.
	const firstIndex = new Map<string, number>();
	notebook.cells.forEach((cell, index) => {
		const first = firstIndex.get(cell.id);
		if (first === undefined) firstIndex.set(cell.id, index);
		else problems.push(error(['cells', index, 'id'], `duplicate cell id '${cell.id}' (also at ${jsonPath(['cells', first])})`, [cell.id]));
	});
	const byId = new Map(notebook.cells.map((cell) => [cell.id as string, cell]));
	const kinds = outputKinds(notebook, registry);

	notebook.cells.forEach((cell, index) => {
		const at = ['cells', index] as const;
		// Kind: known.
		const definition = registry[cell.kind];
		if (!definition) {
			const known = Object.keys(registry).join(', ');
			problems.push(error([...at, 'kind'], `unknown cell kind '${cell.kind}' (known kinds: ${known})`, [cell.id]));
			return;
		}
		// Params: valid for the kind.
		const params = resolveParams(definition, cell.params);
		if (!params.ok) {
			for (const issue of params.issues) {
				problems.push(error([...at, 'params', ...issue.path], issue.message, [cell.id]));
			}
		}
		// Inputs: declared names, existing cells, one cell for a single input, accepted kinds.
		const specs = new Map(definition.inputs.map((spec) => [spec.name, spec]));
		for (const [name, upstream] of Object.entries(cell.inputs)) {
			const spec = specs.get(name);
			if (!spec) {
				const declared = definition.inputs.map((input) => input.name).join(', ') || 'none';
				problems.push(error([...at, 'inputs', name], `cell '${cell.id}' (${cell.kind}) has no input '${name}' (inputs: ${declared})`, [cell.id]));
				continue;
			}
			if (!spec.multiple && upstream.length > 1) {
				problems.push(error([...at, 'inputs', name], `input '${name}' takes one cell, got ${upstream.length}`, [cell.id, ...upstream]));
			}
			upstream.forEach((upstreamId, position) => {
				const linkAt = [...at, 'inputs', name, position];
				if (upstream.indexOf(upstreamId) !== position) {
					problems.push(error(linkAt, `cell '${upstreamId}' is linked to input '${name}' twice`, [cell.id, upstreamId]));
					return;
				}
				const source = byId.get(upstreamId);
				if (!source) {
					problems.push(error(linkAt, `input '${name}' links to '${upstreamId}', but no cell has that id`, [cell.id]));
					return;
				}
				const refusal = linkRefusal(spec, source, kinds.get(source.id), registry);
				if (refusal) problems.push(error(linkAt, refusal, [cell.id, upstreamId]));
			});
		}
		// Required inputs not linked: a warning; running the cell fails with the same words.
		for (const spec of definition.inputs) {
			if (spec.required && (cell.inputs[spec.name]?.length ?? 0) === 0) {
				problems.push({ path: jsonPath([...at, 'inputs', spec.name]), message: `input '${spec.label}' is not linked`, cells: [cell.id], severity: 'warning' });
			}
		}
	});

	// Cycles: named in link order. Only meaningful once ids are unique.
	if (firstIndex.size === notebook.cells.length) {
		const cycle = findCycle(topology(notebook));
		if (cycle) problems.push(error(['cells'], formatCycle(cycle), cycle));
	}
	return problems;
}
