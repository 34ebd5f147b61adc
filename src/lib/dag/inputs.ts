/**
 * A cell's inputs for a run, from the values of its upstream cells; or why it cannot run. An
 * input fails when a link is missing or dangling, or when an upstream cell has no value, except
 * that a partial input runs with the branches that succeeded, as long as one did. An upstream
 * cell that was skipped makes the cell skipped too (Airflow's rule); any other gap is
 * 'upstream_failed', naming the cells that actually failed (the root causes, through any
 * upstream_failed cells between), not merely the input that has no value.
 */
import type { CellRegistry } from '../cells/params';
import type { CellDefinition } from '../cells/types';
import type { CellValue } from '../cells/values';
import type { CellId, NotebookCell } from '../notebook/types';

export type GatheredInputs =
	| { ok: true; inputs: Record<string, CellValue[]> }
	| { ok: false; state: 'failed'; message: string }
	/** `failed`: the cells that actually failed, in notebook order (empty when skipped). */
	| { ok: false; state: 'upstream_failed' | 'skipped'; reason: string; failed: CellId[] };

export interface Upstream {
	/** The cell with that id in the notebook being run, if any. */
	cell(id: CellId): NotebookCell | undefined;
	/** Its value for this run, if it succeeded. */
	value(id: CellId): CellValue | undefined;
	skipped(id: CellId): boolean;
	/**
	 * For an upstream cell with no value that is not skipped: the cells that actually failed
	 * behind it (itself when it failed; when it is upstream_failed, the cells it names).
	 */
	failedRoots(id: CellId): readonly CellId[];
	/** Where the cell is in the notebook: several root causes are named in this order. */
	position(id: CellId): number;
}

/** "upstream cell 'A' failed", or "upstream cells 'A', 'B' failed". */
export function upstreamFailedReason(titles: readonly string[]): string {
	const named = titles.map((title) => `'${title}'`).join(', ');
	return `upstream cell${titles.length === 1 ? '' : 's'} ${named} failed`;
}

export function gatherInputs(definition: Pick<CellDefinition, 'inputs'>, cell: NotebookCell, upstream: Upstream): GatheredInputs {
	const inputs: Record<string, CellValue[]> = {};
	// Inputs that kept the cell from running: after the first, later inputs only add root causes.
	let blocked: { broken: CellId[]; skipped: CellId[] } | null = null;
	for (const spec of definition.inputs) {
		const linked = cell.inputs[spec.name] ?? [];
		if (blocked === null && spec.required && linked.length === 0) return { ok: false, state: 'failed', message: `input '${spec.label}' is not linked` };
		const missing = linked.find((id) => !upstream.cell(id));
		if (missing) {
			if (blocked === null) return { ok: false, state: 'failed', message: `input '${spec.name}' links to '${missing}', but no cell has that id` };
			continue;
		}
		const values: CellValue[] = [];
		const failed: CellId[] = [];
		for (const id of linked) {
			const value = upstream.value(id);
			if (value) values.push(value);
			else failed.push(id);
		}
		if (failed.length > 0 && !(spec.partial && values.length > 0)) {
			blocked ??= { broken: [], skipped: [] };
			for (const id of failed) (upstream.skipped(id) ? blocked.skipped : blocked.broken).push(id);
		}
		inputs[spec.name] = values;
	}
	if (blocked === null) return { ok: true, inputs };
	if (blocked.broken.length === 0) {
		const first = blocked.skipped[0]!;
		return { ok: false, state: 'skipped', reason: `upstream cell '${upstream.cell(first)?.title ?? first}' is skipped`, failed: [] };
	}
	// A failed input is a root cause; an upstream_failed one points on to its own.
	const roots = [...new Set(blocked.broken.flatMap((id) => upstream.failedRoots(id)))];
	roots.sort((a, b) => upstream.position(a) - upstream.position(b));
	return { ok: false, state: 'upstream_failed', reason: upstreamFailedReason(roots.map((id) => upstream.cell(id)?.title ?? id)), failed: roots };
}

/** What `failureRoots` needs to know of each cell (by the states a run or a store recorded). */
export interface SettledCells {
	cell(id: CellId): NotebookCell | undefined;
	value(id: CellId): CellValue | undefined;
	skipped(id: CellId): boolean;
	/** The cell itself failed (not only upstream of it). */
	failed(id: CellId): boolean;
	position(id: CellId): number;
}

/**
 * `Upstream.failedRoots` where only the cells' states are at hand (an artifact store, which
 * keeps a reason as text): a failed cell is its own root; the roots of any other cell with no
 * value are found as gatherInputs found them for it, from its own inputs (memoized).
 */
export function failureRoots(registry: CellRegistry, cells: SettledCells): (id: CellId) => readonly CellId[] {
	const known = new Map<CellId, readonly CellId[]>();
	const rootsOf = (id: CellId): readonly CellId[] => {
		const seen = known.get(id);
		if (seen) return seen;
		// Set first: a cycle (which has no values) then ends at the cell itself.
		known.set(id, [id]);
		const cell = cells.cell(id);
		const definition = cell && registry[cell.kind];
		if (cells.failed(id) || !cell || !definition) return [id];
		const gathered = gatherInputs(definition, cell, {
			cell: (upstream) => cells.cell(upstream),
			value: (upstream) => cells.value(upstream),
			skipped: (upstream) => cells.skipped(upstream),
			failedRoots: rootsOf,
			position: (upstream) => cells.position(upstream)
		});
		const roots = !gathered.ok && gathered.state === 'upstream_failed' ? gathered.failed : [id];
		known.set(id, roots);
		return roots;
	};
	return rootsOf;
}
